package org.felicette.db;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes rows with PostgreSQL's COPY (CSV), within the caller's transaction. COPY is the fastest
 * way rows get into PostgreSQL: a schema of thousands of columns goes in as one statement.
 */
public final class CopyWriter {

    private final CopyManager copy;

    public CopyWriter(Connection connection) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /**
     * @param table the qualified table, a constant of the caller (never user input)
     * @param columns its column list, constants of the caller
     * @param values the values of one row, in column order; null is SQL NULL
     */
    public <T> long copy(String table, String columns, List<T> rows, Function<T, Object[]> values)
            throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder csv = new StringBuilder(rows.size() * 128);
        for (T row : rows) {
            Object[] fields = values.apply(row);
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                if (fields[i] != null) {
                    // Quoted, so that an empty string stays an empty string (unquoted empty is NULL).
                    csv.append('"').append(fields[i].toString().replace("\"", "\"\"")).append('"');
                }
            }
            csv.append('\n');
        }
        try {
            return copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }
}
