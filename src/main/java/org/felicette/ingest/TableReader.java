package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One table format, read: how its files begin, what their table is, and their rows. Each
 * {@link LoadFormat} has one ({@link LoadFormat#reader()}); loads, tables made with rows, uploads,
 * previews and asynchronous loads all read through it, and {@link FormatRecognition} asks each
 * whether a body's first bytes are its signature. A new format is a new reader and its
 * {@link LoadFormat} constant.
 */
public interface TableReader {

    /** The format this reads. */
    LoadFormat format();

    /**
     * Whether a body's first bytes carry this format's signature. Delimited text has none: it is
     * what a body is when no signature matches.
     *
     * @param head the first bytes
     * @param text those bytes as text, past a byte-order mark and leading white space; null when they are not text
     */
    boolean signed(byte[] head, String text);

    /** The leading bytes of the signature, for a recogniser that has fewer bytes than that so far (none: empty). */
    default List<String> magic() {
        return List.of();
    }

    /**
     * The file's table as it describes itself: names, types, units, UCDs, descriptions. The rows
     * are not read, except where the types come from the values (CSV and TSV, which count at most
     * {@code maxRows} rows, more being a {@link LimitExceeded}).
     */
    FileTable describe(InputStream in, long maxRows) throws IOException;

    /** Streams the file's first table into a sink: {@link RowSink#columns}, then each row. */
    void stream(InputStream in, RowSink sink) throws IOException;
}
