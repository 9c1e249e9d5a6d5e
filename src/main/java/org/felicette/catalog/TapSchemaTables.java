package org.felicette.catalog;

import java.io.IOException;
import java.util.Iterator;
import org.felicette.auth.Caller;
import org.felicette.db.TapSchemaRows;
import org.felicette.tapschema.TapSchemaTable;

/** Each caller's own TAP_SCHEMA: the rows of the five tables that the read rule lets them see. */
public final class TapSchemaTables {

    /** Receives the rows of one table, in one snapshot, while they are read. */
    public interface RowSink {
        void rows(Iterator<Object[]> rows) throws IOException;
    }

    private final TapSchemaRows rows;

    public TapSchemaTables(TapSchemaRows rows) {
        this.rows = rows;
    }

    public void read(Caller caller, TapSchemaTable table, RowSink sink) throws IOException {
        rows.read(table, CatalogReader.viewer(caller), sink::rows);
    }
}
