package org.felicette.api;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered responses by ETag, within a byte budget (least recently used first out). An entry is
 * only made while rendering streams to the client, and only for responses under a size cap, so a
 * huge tableset is streamed without being held in memory.
 */
public final class RenderCache {

    private final long maxBytes;
    private final int maxEntryBytes;
    private long bytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);

    public RenderCache(long maxBytes, int maxEntryBytes) {
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxEntryBytes;
    }

    public synchronized byte[] get(String key) {
        return entries.get(key);
    }

    private synchronized void put(String key, byte[] value) {
        byte[] old = entries.put(key, value);
        bytes += value.length - (old == null ? 0 : old.length);
        var it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }

    /** Writes a rendering to a stream. */
    public interface Rendering {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Renders to {@code out} and keeps a copy under {@code key} when the rendering completes
     * and is at most the entry cap; a failed or cut-off rendering keeps nothing.
     */
    public void render(String key, OutputStream out, Rendering rendering) throws IOException {
        Tee tee = new Tee(out);
        rendering.write(tee);
        tee.flush();
        if (tee.copy != null) {
            put(key, tee.copy.toByteArray());
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
