package org.felicette.db;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;
import org.felicette.tapschema.TapSchemaTable;
import org.postgresql.util.PGobject;

/**
 * Runs a translated query: in a READ ONLY transaction with an empty search path (but for
 * pg_sphere's schema, where the database has it), under a
 * statement timeout (and, where configured, as the role that may only read the served tables),
 * its TAP_SCHEMA tables defined as the caller's views of them, its rows fetched from a
 * server-side cursor a batch at a time and handed on as plain Java values (numbers, booleans,
 * text, date-times, arrays), so that a result of any size streams in little memory.
 */
public final class QueryRunner {

    /** Rows fetched per round trip. */
    static final int FETCH = 1000;
    private static final Pattern BIND = Pattern.compile(":(user|groups)\\b");

    private final Db db;
    private final String role;
    private final String searchPath;

    /** @param role the database role a query runs as (one that can only read what is served), or null */
    public QueryRunner(Db db, String role) {
        this.db = db;
        this.role = role == null || role.isBlank() ? null : role.strip();
        // empty, but for pg_sphere's schema where it is there: its types and functions are named unqualified
        String sphere = db.jdbi().withHandle(h -> h.createQuery("SELECT n.nspname FROM pg_type t JOIN pg_namespace n "
                + "ON n.oid = t.typnamespace WHERE t.typname = 'spoint' ORDER BY n.nspname LIMIT 1")
                .mapTo(String.class).findOne().orElse(null));
        this.searchPath = sphere == null ? "''" : "\"" + sphere.replace("\"", "\"\"") + "\"";
    }

    /** Whether the database has pg_sphere (ADQL's geometry is translated for it). */
    public boolean hasPgSphere() {
        return db.withExtension(IndexDao.class, IndexDao::hasPgSphere);
    }

    /** Receives a result: each row's values in the select list's order, null for NULL. */
    public interface Receiver {
        /** @return whether to go on (false: the rest is not wanted) */
        boolean row(Object[] values) throws IOException;
    }

    /** Told the session a query runs in, for as long as it runs (a job's watcher cancels it there on abort). */
    @FunctionalInterface
    public interface SessionWatch {
        AutoCloseable running(DatabaseSession session);

        SessionWatch NONE = session -> () -> { };
    }

    /** What a query read: its rows, and whether the receiver stopped it before its end. */
    public record Ran(long rows, boolean stopped) {
    }

    /**
     * @param views the TAP_SCHEMA tables the SQL names by {@link TapSchemaTable#viewName}
     * @param timeoutMillis the statement timeout, and the most the whole read may take
     * @param watch told the query's session while it runs (a job's watcher cancels it there on abort)
     */
    public Ran run(String sql, Set<TapSchemaTable> views, Viewer viewer, long timeoutMillis, SessionWatch watch,
            Receiver receiver) throws IOException {
        try {
            return attempt(sql, views, viewer, timeoutMillis, watch, receiver);
        } catch (NotGranted e) {
            // something served that the query role cannot read yet (a schema published, or a table an
            // operator made, since the start): grant it what is served now, and try once more; only when
            // what is served has changed since the last grant, so that a table the service may not grant
            // does not cost a grant pass every query
            String served = role == null ? null : QueryRole.served(db);
            if (served != null && !served.equals(grantedFor.getAndSet(served)) && QueryRole.regrant(db, role)) {
                try {
                    return attempt(sql, views, viewer, timeoutMillis, watch, receiver);
                } catch (NotGranted again) {
                    // not served after all
                }
            }
            throw FelicetteException.badInput("no_access", "a table the query names is described here but the "
                    + "service may not read its rows (the archive's administrator can grant them to the role "
                    + "ADQL queries run as)");
        }
    }

    /** What was served when the role was last granted it on a query's account (see {@link QueryRole#served}). */
    private final java.util.concurrent.atomic.AtomicReference<String> grantedFor =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** A query the role it runs as may not read; nothing was sent to the receiver. */
    private static final class NotGranted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotGranted() {
            super(null, null, false, false);
        }
    }

    private Ran attempt(String sql, Set<TapSchemaTable> views, Viewer viewer, long timeoutMillis, SessionWatch watch,
            Receiver receiver) throws IOException {
        List<Object> binds = new ArrayList<>();
        String full = withViews(sql, views, viewer, binds);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        return db.jdbi().<Ran, IOException>inTransaction(handle -> {
            Connection c = handle.getConnection();
            try (Statement setup = c.createStatement()) {
                setup.execute("SET TRANSACTION READ ONLY");
                setup.execute("SET LOCAL statement_timeout = " + Math.max(1, timeoutMillis));
                setup.execute("SET LOCAL search_path = " + searchPath);
                if (role != null) {
                    setup.execute("SET LOCAL ROLE \"" + role.replace("\"", "\"\"") + "\"");
                }
            } catch (SQLException e) {
                throw new DatabaseException("the query's transaction could not be set up", e);
            }
            try (AutoCloseable watched = watch.running(DatabaseSession.of(new Tx(handle)));
                    PreparedStatement statement = c.prepareStatement(full, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH);
                for (int i = 0; i < binds.size(); i++) {
                    Object value = binds.get(i);
                    if (value instanceof String[] groups) {
                        statement.setArray(i + 1, c.createArrayOf("text", groups));
                    } else {
                        statement.setString(i + 1, (String) value);
                    }
                }
                long rows = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int n = meta.getColumnCount();
                    int[] types = new int[n];
                    for (int i = 0; i < n; i++) {
                        types[i] = meta.getColumnType(i + 1);
                    }
                    while (rs.next()) {
                        Object[] values = new Object[n];
                        for (int i = 0; i < n; i++) {
                            values[i] = value(rs, i + 1, types[i]);
                        }
                        rows++;
                        if (!receiver.row(values)) {
                            statement.cancel();
                            return new Ran(rows, true);
                        }
                        if ((rows & 1023) == 0 && System.nanoTime() > deadline) {
                            throw FelicetteException.badInput("query_timeout", "the query ran past its execution "
                                    + "duration of " + timeoutMillis / 1000 + " s; ask for fewer rows, or run it as "
                                    + "an asynchronous job with a longer EXECUTIONDURATION");
                        }
                    }
                }
                return new Ran(rows, false);
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState())) {
                    throw new NotGranted();
                }
                throw refused(e, timeoutMillis);
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) { // the watch's close
                throw new IllegalStateException(e);
            } finally {
                handle.rollback(); // nothing was written; nothing is kept
            }
        });
    }

    /** The query with a WITH clause defining each TAP_SCHEMA table it reads as the viewer's rows of it. */
    static String withViews(String sql, Set<TapSchemaTable> views, Viewer viewer, List<Object> binds) {
        if (views.isEmpty()) {
            return sql;
        }
        StringBuilder with = new StringBuilder("WITH ");
        boolean first = true;
        for (TapSchemaTable table : views) {
            String body = TapSchemaQueries.sql(table, viewer);
            Matcher m = BIND.matcher(body);
            StringBuilder bound = new StringBuilder();
            while (m.find()) {
                binds.add(m.group(1).equals("user") ? viewer.user() : viewer.groups());
                m.appendReplacement(bound, "?");
            }
            m.appendTail(bound);
            with.append(first ? "" : ", ").append(table.viewName()).append(" AS (").append(bound).append(")");
            first = false;
        }
        return with.append(' ').append(sql).toString();
    }

    private static Object value(ResultSet rs, int i, int type) throws SQLException {
        switch (type) {
            case Types.TIMESTAMP -> {
                return rs.getObject(i, LocalDateTime.class);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : t.toLocalDateTime();
            }
            case Types.DATE -> {
                LocalDate d = rs.getObject(i, LocalDate.class);
                return d == null ? null : d.atStartOfDay();
            }
            case Types.DOUBLE, Types.REAL, Types.FLOAT -> {
                // PostgreSQL's own shortest exact text, not parsed here and formatted again
                String text = rs.getString(i);
                return text == null ? null : new TextNumber(text);
            }
            case Types.CHAR -> {
                // a fixed-length char column pads its values; VOTable readers do not see the padding
                String padded = rs.getString(i);
                return padded == null ? null : padded.replaceFirst(" +$", "");
            }
            default -> {
                Object value = rs.getObject(i);
                if (value instanceof Array array) {
                    try {
                        return array.getArray();
                    } finally {
                        array.free();
                    }
                }
                if (value instanceof PGobject pg) {
                    return pg.getValue();
                }
                return value;
            }
        }
    }

    /** What PostgreSQL refused, said without its SQL. */
    private static RuntimeException refused(SQLException e, long timeoutMillis) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "57014" -> FelicetteException.badInput("query_timeout", "the query was stopped: it ran past its "
                    + "execution duration of " + timeoutMillis / 1000 + " s, or its job was aborted");
            case "42P01" -> FelicetteException.badInput("no_data", "a table the query names is described here but "
                    + "holds no rows in this database (its metadata is published, its data is served elsewhere)");
            case "22012" -> FelicetteException.badInput("bad_query", "the query divides by zero");
            default -> state.startsWith("22") || state.startsWith("42") ? FelicetteException.badInput("bad_query",
                    "the database refused the query: " + firstLine(e.getMessage()))
                    : new DatabaseException("the query failed", e);
        };
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.replaceFirst("^ERROR: ", "");
    }
}
