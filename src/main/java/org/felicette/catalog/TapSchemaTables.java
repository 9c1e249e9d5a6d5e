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

    /** The tables of one snapshot, each asked for in turn (asking for the next ends the one before). */
    public interface Snapshot {
        Iterator<Object[]> rows(TapSchemaTable table);
    }

    /** Receives the caller's whole TAP_SCHEMA, in one snapshot, while it is read. */
    public interface SnapshotSink {
        void read(Snapshot snapshot) throws IOException;
    }

    /** The caller's five tables in one snapshot: no key in it names a table it lacks. */
    public void readAll(Caller caller, SnapshotSink sink) throws IOException {
        rows.readAll(CatalogReader.viewer(caller), snapshot -> sink.read(snapshot::rows));
    }
}
