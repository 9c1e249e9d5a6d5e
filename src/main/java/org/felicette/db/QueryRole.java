package org.felicette.db;

import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database role ADQL queries run as ({@code SET LOCAL ROLE}), so that a query the translator
 * let through by mistake could still read nothing but what is served: it is made where the
 * service may make roles (the embedded database always; an external one when the service's role
 * has CREATEROLE, or an administrator made it), given to the service's role, and allowed to read
 * TAP_SCHEMA, every user schema, {@code tap_upload} and each published schema that exists as a
 * PostgreSQL schema, and nothing else: not {@code felicette} (jobs, results, tokens' hashes,
 * audit), nor any other schema. Tables made later are granted to it as they are made. Where it
 * cannot be had, queries run as the service's own role (still READ ONLY, search path empty),
 * and the log says how to confine them.
 */
public final class QueryRole {

    private static final Logger LOG = LoggerFactory.getLogger(QueryRole.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private QueryRole() {
    }

    /**
     * Makes the role if it is not there, makes the service a member, and grants it the served
     * schemas; the role queries run as, or null (queries run as the service's role).
     */
    public static String prepare(Db db, String role) {
        if (role == null || role.isBlank()) {
            return null;
        }
        if (!NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("query.role '" + role + "' is not a lower-case PostgreSQL name "
                    + "(letters, digits and _, at most 63)");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                db.jdbi().useTransaction(h -> grant(h, role));
                return role;
            } catch (RuntimeException e) {
                if (attempt < 3 && concurrent(e)) {
                    continue; // another instance (or database of the same server) granting at the same moment
                }
                LOG.warn("ADQL queries run as the service's own database role (READ ONLY, empty search path): "
                        + "the role {} could not be made or granted ({}). To confine them, have an administrator run "
                        + "CREATE ROLE {} NOLOGIN; GRANT {} TO <the service's role>; or set query.role: \"\" to "
                        + "silence this", role, reason(e), role, role);
                return null;
            }
        }
    }

    /** The served schemas' tables, as one text: it changes when a schema is published or a table is made. */
    static String served(Db db) {
        try {
            return db.jdbi().withHandle(h -> h.createQuery("""
                    SELECT count(*) || ':' || coalesce(max(c.oid::bigint), 0) FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
                        AND (n.nspname IN ('tap_schema', 'tap_upload') OR n.nspname LIKE 'user\\_%'
                            OR n.nspname IN (SELECT schema_name FROM tap_schema.schemas11))""").mapTo(String.class).one());
        } catch (RuntimeException e) {
            return null; // the database is away: the query's own failure says so
        }
    }

    /**
     * Grants the role what is served now (a schema published, or tables an operator made, since the
     * start); whether that could be done. Quiet: the query that asked says what it could not read.
     */
    static boolean regrant(Db db, String role) {
        try {
            db.jdbi().useTransaction(h -> grant(h, role));
            return true;
        } catch (RuntimeException e) {
            LOG.debug("could not grant role {} what is served: {}", role, reason(e));
            return false;
        }
    }

    private static void grant(Handle h, String role) {
        String quoted = "\"" + role + "\"";
        boolean exists = h.createQuery("SELECT count(*) > 0 FROM pg_roles WHERE rolname = :role").bind("role", role)
                .mapTo(Boolean.class).one();
        if (!exists) {
            h.execute("CREATE ROLE " + quoted + " NOLOGIN");
        }
        boolean member = h.createQuery("SELECT pg_has_role(current_user, :role, 'MEMBER')").bind("role", role)
                .mapTo(Boolean.class).one();
        if (!member) {
            h.execute("GRANT " + quoted + " TO CURRENT_USER");
        }
        List<String> schemas = h.createQuery("""
                SELECT nspname FROM pg_namespace
                WHERE nspname IN ('tap_schema', 'tap_upload') OR nspname LIKE 'user\\_%'
                    OR nspname IN (SELECT schema_name FROM tap_schema.schemas11)
                ORDER BY nspname""").mapTo(String.class).list();
        for (String schema : schemas) {
            if (schema.equals("felicette") || schema.startsWith("pg_") || schema.equals("information_schema")) {
                continue; // never served, whatever TAP_SCHEMA says
            }
            String s = "\"" + schema.replace("\"", "\"\"") + "\"";
            h.execute("GRANT USAGE ON SCHEMA " + s + " TO " + quoted);
            h.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + s + " TO " + quoted);
        }
    }

    /** A race with another session making or granting the same thing: worth another try. */
    private static boolean concurrent(RuntimeException e) {
        String state = sqlState(e);
        return "42710".equals(state) || "23505".equals(state) || "40001".equals(state)
                || reason(e).contains("concurrently");
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    /** The database's own words (its first line), for the log. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getMessage() != null) {
                return s.getMessage().lines().findFirst().orElse("");
            }
        }
        return String.valueOf(e.getMessage());
    }
}
