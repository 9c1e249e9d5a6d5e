package org.felicette.db;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Job results kept in PostgreSQL, in chunks of {@link #CHUNK} bytes: written as a job streams
 * them (each chunk its own short transaction, so a long result holds no transaction open), read
 * back a chunk at a time by any instance, deleted with their job.
 */
public final class ResultStore {

    static final int CHUNK = 1024 * 1024;

    private final Db db;

    public ResultStore(Db db) {
        this.db = db;
    }

    /** A stream that stores what is written as the result {@code name} of a job, replacing any it had; close it to finish. */
    public OutputStream writer(String jobId, String name) {
        delete(jobId, name);
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK];
            private int size;
            private int seq;

            @Override
            public void write(int b) {
                if (size == buffer.length) {
                    flushChunk();
                }
                buffer[size++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    if (size == buffer.length) {
                        flushChunk();
                    }
                    int n = Math.min(len, buffer.length - size);
                    System.arraycopy(b, off, buffer, size, n);
                    size += n;
                    off += n;
                    len -= n;
                }
            }

            private void flushChunk() {
                byte[] chunk = java.util.Arrays.copyOf(buffer, size);
                int at = seq++;
                db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO felicette.job_results (job_id, name, seq, data) "
                        + "VALUES (:job, :name, :seq, :data)").bind("job", jobId).bind("name", name).bind("seq", at)
                        .bind("data", chunk).execute());
                size = 0;
            }

            @Override
            public void close() {
                if (size > 0 || seq == 0) {
                    flushChunk();
                }
            }
        };
    }

    /** The size in bytes of a stored result, if there is one. */
    public Optional<Long> size(String jobId, String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT sum(length(data)) FROM felicette.job_results "
                + "WHERE job_id = :job AND name = :name").bind("job", jobId).bind("name", name).mapTo(Long.class)
                .findOne().map(Optional::ofNullable).flatMap(x -> x));
    }

    /** Writes a stored result out, a chunk at a time. */
    public void read(String jobId, String name, OutputStream out) throws IOException {
        read(jobId, name, out, 0, Long.MAX_VALUE);
    }

    /** Writes out {@code length} bytes of a stored result from byte {@code from}, reading only the chunks they are in. */
    public void read(String jobId, String name, OutputStream out, long from, long length) throws IOException {
        long end = length > Long.MAX_VALUE - from ? Long.MAX_VALUE : from + length;
        for (int seq = (int) (from / CHUNK); ; seq++) {
            long chunkStart = (long) seq * CHUNK;
            if (chunkStart >= end) {
                return;
            }
            Optional<byte[]> chunk = chunk(jobId, name, seq);
            if (chunk.isEmpty()) {
                return;
            }
            byte[] data = chunk.get();
            int start = (int) Math.max(0, from - chunkStart);
            int stop = (int) Math.min(data.length, end - chunkStart);
            if (stop > start) {
                out.write(data, start, stop - start);
            }
        }
    }

    private Optional<byte[]> chunk(String jobId, String name, int seq) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT data FROM felicette.job_results "
                + "WHERE job_id = :job AND name = :name AND seq = :seq").bind("job", jobId).bind("name", name)
                .bind("seq", seq).mapTo(byte[].class).findOne());
    }

    public void delete(String jobId, String name) {
        db.jdbi().useHandle(h -> h.createUpdate("DELETE FROM felicette.job_results WHERE job_id = :job AND name = :name")
                .bind("job", jobId).bind("name", name).execute());
    }
}
