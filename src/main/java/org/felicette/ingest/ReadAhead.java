package org.felicette.ingest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a table on a thread of its own while the caller's thread writes the rows on: parsing
 * (XML, text) and encoding then run side by side. Rows pass in batches through a short queue,
 * so memory stays bounded (a few batches) whatever the size of the table. A failure on either
 * side stops both; the reader's failure is thrown on the caller's thread.
 */
public final class ReadAhead {

    /** A reader that streams a table into a handler. */
    public interface Source {
        void stream(RowHandler handler) throws IOException;
    }

    private static final int BATCH = 1024;
    private static final Object END = new Object();

    private record Names(List<String> names) {
    }

    private record Failed(Throwable failure) {
    }

    private ReadAhead() {
    }

    public static void run(Source source, RowHandler target) throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8);
        boolean[] cancelled = {false};
        Thread reader = new Thread(() -> {
            try {
                List<Object[]> batch = new ArrayList<>(BATCH);
                source.stream(new RowHandler() {
                    @Override
                    public void columns(List<String> names) throws IOException {
                        put(queue, new Names(names), cancelled);
                    }

                    @Override
                    public void row(Object[] values) throws IOException {
                        batch.add(values.clone()); // a reader may reuse its row array
                        if (batch.size() == BATCH) {
                            put(queue, new ArrayList<>(batch), cancelled);
                            batch.clear();
                        }
                    }
                });
                if (!batch.isEmpty()) {
                    put(queue, batch, cancelled);
                }
                put(queue, END, cancelled);
            } catch (Throwable t) {
                try {
                    put(queue, new Failed(t), cancelled);
                } catch (IOException stopped) {
                    // the writing side has stopped already
                }
            }
        }, "load-read-ahead");
        reader.setDaemon(true);
        reader.start();
        boolean done = false;
        try {
            while (true) {
                Object item = queue.take();
                if (item == END) {
                    done = true;
                    return;
                }
                if (item instanceof Names names) {
                    target.columns(names.names());
                } else if (item instanceof Failed failed) {
                    done = true;
                    rethrow(failed.failure());
                } else {
                    @SuppressWarnings("unchecked")
                    List<Object[]> rows = (List<Object[]>) item;
                    for (Object[] row : rows) {
                        target.row(row);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the load was interrupted");
        } finally {
            synchronized (cancelled) {
                cancelled[0] = true;
            }
            if (!done) {
                reader.interrupt();
            }
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10)); // the body is not read by two threads after this
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item, boolean[] cancelled) throws IOException {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                synchronized (cancelled) {
                    if (cancelled[0]) {
                        throw new InterruptedIOException("the load stopped");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the load stopped");
        }
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IOException(t);
    }
}
