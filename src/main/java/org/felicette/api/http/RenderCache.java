package org.felicette.api.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Rendered responses by ETag, within a byte budget (least recently used first out). An entry is
 * only made while rendering streams to the client, and only for responses under a size cap, so a
 * huge tableset is streamed without being held in memory.
 */
public final class RenderCache {

    private final long maxBytes;
    private final int maxEntryBytes;
    private long bytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    /** A kept rendering: its bytes and the headers that go with them (e.g. YouCat's permission headers). */
    public record Entry(byte[] body, Map<String, String> headers) {
    }

    public RenderCache(long maxBytes, int maxEntryBytes) {
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxEntryBytes;
    }

    public synchronized Entry get(String key) {
        return entries.get(key);
    }

    private synchronized void put(String key, Entry value) {
        Entry old = entries.put(key, value);
        bytes += value.body().length - (old == null ? 0 : old.body().length);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            bytes -= eldest.getValue().body().length;
            it.remove();
        }
    }

    /** Writes a rendering to a stream. */
    public interface Rendering {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Renders to {@code out} and keeps a copy under {@code key} when the rendering completes,
     * is at most the entry cap and {@code keep} still says so once it is done (the rendering read
     * what the key stands for); a failed or cut-off rendering keeps nothing.
     */
    public void render(String key, Map<String, String> headers, OutputStream out, Rendering rendering,
            BooleanSupplier keep) throws IOException {
        Tee tee = new Tee(out);
        rendering.write(tee);
        tee.flush();
        if (tee.copy != null && keep.getAsBoolean()) {
            put(key, new Entry(tee.copy.toByteArray(), Map.copyOf(headers)));
        }
    }

    private final class Tee extends FilterOutputStream {
        private ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Tee(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            keep(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            keep(b, off, len);
        }

        private void keep(byte[] b, int off, int len) {
            if (copy != null) {
                if (copy.size() + len > maxEntryBytes) {
                    copy = null;
                } else {
                    copy.write(b, off, len);
                }
            }
        }

        /** The writers close their stream when done; the response stream is Jersey's to close. */
        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
