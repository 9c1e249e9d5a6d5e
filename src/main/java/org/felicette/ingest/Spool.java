package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.felicette.FelicetteException;

/**
 * Request bodies kept in files, one way for every endpoint: written within a limit counted as
 * the bytes stream (the rest is never read), the file deleted on every path that fails, and one
 * answer for a body that passes its limit or is not what it says: a refusal ({@link #refusal}),
 * the same shape wherever it is met.
 */
public final class Spool {

    /** A limit on a body: its bytes, the error code it answers with, and how it reads in a message. */
    public record Limit(long bytes, String code, String what) {
    }

    private Spool() {
    }

    /**
     * Writes the body to {@code file} (made or replaced), counted against the limit; the number of
     * bytes. Past the limit, or on any other failure, the file is deleted.
     *
     * @param prefix what the message starts with ("part 't': "), or ""
     * @param consequence what the refusal adds ("nothing was queued")
     */
    public static long write(InputStream body, Path file, Limit limit, String prefix, String consequence)
            throws IOException {
        try (InputStream in = new CountingInput(body, limit.bytes(), limit.code(), limit.what())) {
            return Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            FelicetteException refused = e instanceof IOException io ? refusal(io, prefix, consequence) : null;
            if (refused != null) {
                throw refused;
            }
            throw e;
        }
    }

    /**
     * Keeps the body in a new file of {@code directory} (the system's temporary directory when
     * null), written as {@link #write} does; the file, which the caller deletes when done.
     */
    public static Path keep(InputStream body, Path directory, String name, Limit limit, String prefix,
            String consequence) throws IOException {
        Path file;
        if (directory == null) {
            file = Files.createTempFile("felicette-" + name + "-", ".body");
        } else {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, name + "-", ".body");
        }
        write(body, file, limit, prefix, consequence);
        return file;
    }

    /**
     * The answer to a body refused as it was read: past a limit, 413 naming the limit; not what its
     * format says, 400 naming what is wrong; null for any other failure (the caller's to answer).
     */
    public static FelicetteException refusal(IOException e, String prefix, String consequence) {
        String end = consequence == null || consequence.isEmpty() ? "" : "; " + consequence;
        if (e instanceof LimitExceeded limit) {
            return new FelicetteException(FelicetteException.Kind.TOO_LARGE, limit.code(), prefix + limit.getMessage()
                    + end, Map.of("limit", limit.limit()));
        }
        if (e instanceof BadData bad) {
            return FelicetteException.badInput(bad.code(), prefix + bad.getMessage() + end);
        }
        return null;
    }
}
