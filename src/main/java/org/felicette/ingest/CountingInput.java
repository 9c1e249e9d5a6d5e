package org.felicette.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and stops with {@link LimitExceeded} as soon as they pass the limit:
 * the rest of the body is never read, and nothing past the limit reaches the database. A limit
 * shared with other requests (an owner's quota) is an {@link Allowance}, asked for more before
 * the count passes what it granted.
 */
public final class CountingInput extends FilterInputStream {

    /** More of a shared limit, asked for as the body is read. */
    @FunctionalInterface
    public interface Allowance {
        /**
         * @param needed the bytes read so far, all of which must be allowed
         * @return what may be read in all now (at least {@code needed})
         * @throws LimitExceeded when the limit does not allow {@code needed}
         */
        long extend(long needed) throws LimitExceeded;
    }

    private final long limit;
    private final String code;
    private final String what;
    private final Allowance allowance;
    private long allowed;
    private long count;

    /**
     * @param what how the limit reads in a message, e.g. "the load limit of 1073741824 bytes"
     */
    public CountingInput(InputStream in, long limit, String code, String what) {
        this(in, limit, code, what, null, Long.MAX_VALUE);
    }

    /**
     * @param allowance asked for more whenever the count passes {@code allowed}
     * @param allowed what the allowance granted before the first byte
     */
    public CountingInput(InputStream in, long limit, String code, String what, Allowance allowance, long allowed) {
        super(in);
        this.limit = limit;
        this.code = code;
        this.what = what;
        this.allowance = allowance;
        this.allowed = allowed;
    }

    public long count() {
        return count;
    }

    /** The stream counted. */
    public InputStream source() {
        return in;
    }

    /**
     * Counts bytes read from the source another way (a file read by its path), with the same
     * limit: the bytes the limit is about, however they are read.
     */
    public void countElsewhere(long bytes) throws LimitExceeded {
        add(bytes);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        add(skipped);
        return skipped;
    }

    private void add(long n) throws LimitExceeded {
        count += n;
        if (count > limit) {
            throw new LimitExceeded(code, "the body is larger than " + what, limit);
        }
        if (count > allowed) {
            allowed = allowance.extend(count);
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
