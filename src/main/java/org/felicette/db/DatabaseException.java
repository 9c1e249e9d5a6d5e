package org.felicette.db;

import java.sql.SQLException;

/**
 * A statement sent with plain JDBC failed. Unchecked, like Jdbi's own exceptions, and keeping
 * the SQLException as its cause, so that the error mapping tells a database that is down (503)
 * from anything else (500, with the detail only in the log).
 */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    /**
     * Whether a failure means that the database is down, not that the request is wrong:
     * connection failures (SQLState class 08), a server shutting down (57P), pool time-outs.
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }
}
