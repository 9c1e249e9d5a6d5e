package org.felicette.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A body kept in a temporary file, for a format that must be read out of order (Parquet keeps
 * its schema at the end): readable as a stream, or by its {@link #path()}. Closing deletes the
 * file.
 */
public final class SpooledBody extends FilterInputStream {

    private final Path path;
    private final boolean owner;

    private SpooledBody(Path path, boolean owner) throws IOException {
        super(Files.newInputStream(path));
        this.path = path;
        this.owner = owner;
    }

    /** The same file read again from its start; closing this one leaves the file. */
    public SpooledBody again() throws IOException {
        return new SpooledBody(path, false);
    }

    /** Copies the body to a new temporary file (limits apply as the body is read: see {@link Spool}). */
    public static SpooledBody of(InputStream body) throws IOException {
        return at(Spool.keep(body, null, "load", new Spool.Limit(Long.MAX_VALUE, "too_large", "no limit"), "", ""));
    }

    /** A file already spooled (see {@link Spool#keep}); closing deletes it. */
    public static SpooledBody at(Path file) throws IOException {
        try {
            return new SpooledBody(file, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** A file kept elsewhere (an upload's), read where it is: closing leaves it. */
    public static SpooledBody reading(Path file) throws IOException {
        return new SpooledBody(file, false);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (owner) {
                Files.deleteIfExists(path);
            }
        }
    }
}
