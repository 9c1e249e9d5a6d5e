package org.felicette.db;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Indexes of users' tables, built with {@code CREATE INDEX CONCURRENTLY} (readers and loads go on
 * while it builds; it cannot run inside a transaction, so these run on an auto-commit handle).
 * The DDL is assembled from checked names only, each quoted.
 */
public interface IndexDao extends SqlObject {

    /** What the index is on: the columns themselves, or the pg_sphere point of two columns in degrees. */
    enum Shape {
        COLUMNS, SPHERICAL_POINT
    }

    /** An index name as PostgreSQL keeps it: lower case, at most 63 bytes. */
    Pattern INDEX_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /**
     * Builds the index; fails with SQL state 23505 (a duplicate value, for a unique index), 57014
     * (cancelled) or another state, leaving an invalid index behind when it had begun.
     */
    default void createConcurrently(String indexName, TableName table, List<ColumnName> columns, boolean unique,
            Shape shape) {
        if (!INDEX_NAME.matcher(indexName).matches()) {
            throw new IllegalArgumentException("not an index name: " + indexName);
        }
        String on = switch (shape) {
            case COLUMNS -> "(" + columns.stream().map(ColumnName::sql).collect(Collectors.joining(", ")) + ")";
            case SPHERICAL_POINT -> "USING gist (spoint(radians(" + columns.get(0).sql() + "), radians("
                    + columns.get(1).sql() + ")))";
        };
        getHandle().execute("CREATE " + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY \"" + indexName + "\" ON "
                + table.sql() + " " + on);
    }

    /**
     * Takes this session's turn to build indexes on a table, if no other session (on any instance)
     * has it: two concurrent builds on one table can deadlock, each waiting for the other's
     * snapshot. Only tried, never waited for inside a statement: a statement waiting for the lock
     * holds a snapshot that the build holding it would wait for in turn.
     */
    @SqlQuery("SELECT pg_try_advisory_lock(hashtext('felicette.index-build:' || :physical))")
    boolean tryBuildTurn(String physical);

    /**
     * Cancels the index builds in progress on a table (the sessions holding its build turn, on
     * any instance): a drop of the table goes first, and does not wait behind (or deadlock with) a
     * build that waits for the drop's own transaction. The number of sessions signalled.
     */
    @SqlQuery("""
            SELECT count(*) FILTER (WHERE pg_cancel_backend(l.pid)) FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('felicette.index-build:' || :physical)::bigint
            """)
    int cancelBuilds(String physical);

    /** Gives the turn back. */
    @SqlQuery("SELECT pg_advisory_unlock(hashtext('felicette.index-build:' || :physical))")
    boolean endBuildTurn(String physical);

    /** Whether a relation (an index, here) of this name exists in the schema. */
    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = :schema AND c.relname = :name)
            """)
    boolean exists(String schema, String name);

    /** Whether the index exists and is invalid (what a failed or cancelled concurrent build leaves). */
    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = :schema AND c.relname = :name AND NOT i.indisvalid)
            """)
    boolean invalid(String schema, String name);

    /** Whether a CREATE INDEX of this index is running now (its index is invalid until it ends). */
    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p JOIN pg_class c ON c.oid = p.index_relid
                           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relname = :name)
            """)
    boolean building(String schema, String name);

    default void dropConcurrently(SchemaName schema, String indexName) {
        if (!INDEX_NAME.matcher(indexName).matches()) {
            throw new IllegalArgumentException("not an index name: " + indexName);
        }
        getHandle().execute("DROP INDEX CONCURRENTLY IF EXISTS " + schema.sql() + ".\"" + indexName + "\"");
    }

    /** Whether pg_sphere's point type and its spoint(lon, lat) constructor are there (as an extension or not). */
    @SqlQuery("SELECT to_regtype('spoint') IS NOT NULL AND to_regprocedure('spoint(double precision, double precision)') IS NOT NULL")
    boolean hasPgSphere();

    @SqlUpdate("UPDATE tap_schema.columns11 SET indexed = 1 WHERE table_name = :table AND column_name = :column")
    int markIndexed(String table, String column);

    /** The key and value a unique index build found twice, as PostgreSQL's detail gives them ({@code (ra)=(1.5)}). */
    static Optional<String> duplicatedKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && "23505".equals(p.getSQLState())) {
                ServerErrorMessage m = p.getServerErrorMessage();
                String detail = m == null ? null : m.getDetail();
                Matcher key = detail == null ? null : Pattern.compile("Key (\\(.*\\)=\\(.*\\)) is duplicated\\.?").matcher(detail);
                return Optional.of(key != null && key.matches() ? key.group(1) : "");
            }
        }
        return Optional.empty();
    }

    /** PostgreSQL's own message of a failure (to read figures from, never to show), or null. */
    static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage().getMessage();
            }
        }
        return null;
    }

    /** The SQL state of a failure, if it is one of PostgreSQL's. */
    static Optional<String> sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
