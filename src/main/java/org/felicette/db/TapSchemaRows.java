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
        int width = table.columns().size();
        jdbi.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            var query = handle.createQuery(TapSchemaQueries.sql(table, viewer));
            // an admin's rule is TRUE and leaves :user and :groups unused
            query.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
            try (ResultIterator<Object[]> rows = query
                    .bind("user", viewer.user())
                    .bind("groups", viewer.groups())
                    .setFetchSize(2000)
                    .map((rs, ctx) -> {
                        Object[] row = new Object[width];
                        for (int i = 0; i < width; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        return row;
                    }).iterator()) {
                sink.rows(rows);
            }
        });
    }
}
