package org.felicette.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Rows into a table through PostgreSQL's COPY FROM STDIN, in the handle's transaction: either a
 * CSV/TSV body passed through as it is (PostgreSQL parses it), or rows a reader writes in COPY's
 * text format to {@link #stream()}. The statement is assembled from checked identifiers only.
 * A value PostgreSQL refuses ends the COPY with a {@link Rejected} that names the line, the
 * column and the value, as the server reported them (from {@link #stream()}, as the cause of an
 * IOException, so that it passes through the readers writing there).
 */
public final class RowCopy implements AutoCloseable {

    /** The input COPY reads: CSV or TSV (with quotes) as sent, or COPY's own text format. */
    public enum Input {
        CSV("(FORMAT csv, ENCODING 'UTF8')"),
        TSV("(FORMAT csv, DELIMITER E'\\t', ENCODING 'UTF8')"),
        TEXT("(FORMAT text, ENCODING 'UTF8')"),
        BINARY("(FORMAT binary)");

        private final String options;

        Input(String options) {
            this.options = options;
        }
    }

    /**
     * A COPY PostgreSQL refused.
     *
     * @param line the line of the COPY input (1-based), or 0 when the server named none
     * @param column the column it named, or null
     * @param value the value it quoted, or null
     */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String sqlState;
        private final long line;
        private final String column;
        private final String value;
        private final String reason;

        Rejected(String sqlState, String reason, long line, String column, String value, Throwable cause) {
            super(reason, cause);
            this.sqlState = sqlState;
            this.reason = reason;
            this.line = line;
            this.column = column;
            this.value = value;
        }

        public String sqlState() {
            return sqlState;
        }

        /** The server's message, e.g. {@code invalid input syntax for type double precision: "abc"}. */
        public String reason() {
            return reason;
        }

        public long line() {
            return line;
        }

        public String column() {
            return column;
        }

        public String value() {
            return value;
        }
    }

    /** {@code COPY t, line 3, column ra: "abc"} or {@code COPY t, line 3: "..."}. */
    private static final Pattern WHERE = Pattern.compile("COPY [^,]+, line (\\d+)(?:, column ([^:]+))?(?:: \"(.*)\")?",
            Pattern.DOTALL);

    private final CopyIn copy;
    private final OutputStream stream;
    /** Bytes of COPY input sent; written by the loading thread, read by a watcher. */
    private final AtomicLong sent = new AtomicLong();
    private boolean finished;

    private RowCopy(CopyIn copy) {
        this.copy = copy;
        this.stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                try {
                    copy.writeToCopy(buffer, offset, length);
                    sent.addAndGet(length);
                } catch (SQLException e) {
                    // an IOException, to pass through the readers that write here; its cause says why
                    throw new IOException("the database refused the rows", rejected(e));
                }
            }
        };
    }

    /**
     * Starts a COPY of the given columns (file order) into the table.
     *
     * @param freeze write the rows frozen (COPY's FREEZE: no later vacuum pass over them), for a
     *     table created in this same transaction, which no other transaction can see yet
     */
    public static RowCopy start(Tx tx, TableName table, List<ColumnName> columns, Input input, boolean freeze) {
        StringBuilder sql = new StringBuilder("COPY ").append(table.sql()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).sql());
        }
        sql.append(") FROM STDIN ").append(freeze ? input.options.replace(")", ", FREEZE)") : input.options);
        try {
            PGConnection pg = tx.handle().getConnection().unwrap(PGConnection.class);
            return new RowCopy(pg.getCopyAPI().copyIn(sql.toString()));
        } catch (SQLException e) {
            throw rejected(e);
        }
    }

    /** Where rows in the COPY's input format go. */
    public OutputStream stream() {
        return stream;
    }

    /** Bytes of COPY input sent so far (PostgreSQL's {@code bytes_processed} counts the same bytes as it reads them). */
    public long sent() {
        return sent.get();
    }

    /** Sends a body as it is, in blocks, as it is read. */
    public void sendAll(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            stream.write(buffer, 0, n);
        }
    }

    /** Ends the COPY; the number of rows it wrote. */
    public long finish() {
        try {
            long rows = copy.endCopy();
            finished = true;
            return rows;
        } catch (SQLException e) {
            finished = true;
            throw rejected(e);
        }
    }

    /** Abandons an unfinished COPY (the transaction is rolled back after it). */
    @Override
    public void close() {
        if (!finished && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // the transaction is rolled back whatever the cancel says
            }
        }
    }

    private static Rejected rejected(SQLException e) {
        String state = e.getSQLState();
        String reason = e.getMessage();
        long line = 0;
        String column = null;
        String value = null;
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage server = p.getServerErrorMessage();
            reason = server.getMessage();
            if (server.getColumn() != null) {
                column = server.getColumn();
            }
            String where = server.getWhere();
            if (where != null) {
                Matcher m = WHERE.matcher(where);
                if (m.find()) {
                    line = Long.parseLong(m.group(1));
                    column = m.group(2) != null ? m.group(2).strip() : column;
                    value = m.group(3);
                }
            }
        }
        return new Rejected(state, reason, line, column, value, e);
    }
}
