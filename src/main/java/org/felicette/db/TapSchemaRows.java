package org.felicette.db;

import java.io.IOException;
import java.util.Iterator;
import org.felicette.tapschema.TapSchemaTable;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** Streams the rows of a viewer's TAP_SCHEMA table, one snapshot, a batch of rows in memory at a time. */
public final class TapSchemaRows {

    /** Receives the rows; runs inside the read transaction. */
    public interface RowSink {
        void rows(Iterator<Object[]> rows) throws IOException;
    }

    private final Jdbi jdbi;

    public TapSchemaRows(Db db) {
        this.jdbi = db.jdbi();
    }

    public void read(TapSchemaTable table, Viewer viewer, RowSink sink) throws IOException {
        jdbi.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            try (ResultIterator<Object[]> rows = rows(handle, table, viewer)) {
                sink.rows(rows);
            }
        });
    }

    /** The tables of one snapshot, each asked for in turn (asking for the next closes the one before). */
    public interface Snapshot {
        Iterator<Object[]> rows(TapSchemaTable table);
    }

    /** Receives a snapshot of the viewer's whole TAP_SCHEMA; runs inside the read transaction. */
    public interface SnapshotSink {
        void read(Snapshot snapshot) throws IOException;
    }

    /** The viewer's five TAP_SCHEMA tables, all in one snapshot (no key names a table the snapshot lacks). */
    public void readAll(Viewer viewer, SnapshotSink sink) throws IOException {
        jdbi.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            ResultIterator<?>[] open = new ResultIterator<?>[1];
            try {
                sink.read(table -> {
                    if (open[0] != null) {
                        open[0].close();
                    }
                    ResultIterator<Object[]> rows = rows(handle, table, viewer);
                    open[0] = rows;
                    return rows;
                });
            } finally {
                if (open[0] != null) {
                    open[0].close();
                }
            }
        });
    }

    private static ResultIterator<Object[]> rows(org.jdbi.v3.core.Handle handle, TapSchemaTable table, Viewer viewer) {
        int width = table.columns().size();
        var query = handle.createQuery(TapSchemaQueries.sql(table, viewer));
        // an admin's rule is TRUE and leaves :user and :groups unused
        query.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
        return query
                .bind("user", viewer.user())
                .bind("groups", viewer.groups())
                .setFetchSize(2000)
                .map((rs, ctx) -> {
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    return row;
                }).iterator();
    }
}
