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
}
