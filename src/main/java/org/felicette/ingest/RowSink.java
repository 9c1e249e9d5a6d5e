package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Receives a table as a format's reader streams it: the file's description (where the file gives
 * types), its column names once, then each row's values. The COPY writers, a preview and an
 * upload's row limit are sinks.
 */
public interface RowSink {

    /** The file's table as it describes itself, before {@link #columns}; not called where the file gives no types (CSV). */
    default void described(FileTable table) throws IOException {
    }

    /** The file's columns, in file order, named as the file names them. */
    void columns(List<String> names) throws IOException;

    /**
     * One row, its values in the order of {@link #columns}: Java objects as STIL reads them
     * (Number, Boolean, String, primitive arrays) or, from text formats, strings; null for a null value.
     */
    void row(Object[] values) throws IOException;

    /**
     * Asked by a delimited-text reader after {@link #columns}: where the rest of the body may go
     * as it is (PostgreSQL's COPY parses CSV and TSV itself), or null to be given rows.
     */
    default Passthrough passthrough(char delimiter) throws IOException {
        return null;
    }

    /** Takes the rest of a delimited body, its header already read. */
    interface Passthrough {
        void sendAll(InputStream rest) throws IOException;
    }
}
