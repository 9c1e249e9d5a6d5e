package org.felicette.ingest;

import java.io.IOException;
import java.util.List;

/**
 * Writes a table in one format as it streams: its columns once, each row's values (numbers,
 * booleans, text, date-times, arrays; null for NULL), then its end, saying whether rows were
 * left out past the row limit. The mirror of {@link TableReader}; {@link ResultFormat} names them.
 */
public interface TableWriter {

    void start(List<FileColumn> columns) throws IOException;

    void row(Object[] values) throws IOException;

    /** @param overflow whether the result was cut at the row limit (TAP's QUERY_STATUS OVERFLOW) */
    void end(boolean overflow) throws IOException;
}
