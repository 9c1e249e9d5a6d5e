package org.felicette.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL session (backend) a piece of long work runs in: its process id, by which its
 * progress is read from {@code pg_stat_progress_*}, and a way to cancel the statement it runs
 * (a cancel request for that backend, as {@code psql}'s Ctrl-C sends).
 */
public final class DatabaseSession {

    private final Connection connection;
    private final int pid;

    private DatabaseSession(Connection connection, int pid) {
        this.connection = connection;
        this.pid = pid;
    }

    public static DatabaseSession of(Tx tx) {
        Handle handle = tx.handle();
        try {
            // the driver knows its backend from the connection's start: no round trip
            return new DatabaseSession(handle.getConnection(), handle.getConnection().unwrap(PGConnection.class)
                    .getBackendPID());
        } catch (SQLException e) {
            throw new DatabaseException("not a PostgreSQL connection", e);
        }
    }

    public int pid() {
        return pid;
    }

    /** Cancels the statement running in the session, if any; the work fails with SQL state 57014. */
    public void cancel() {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            // the session is gone or idle: nothing left to cancel
        }
    }

    /** Whether a failure is that of a cancelled statement. */
    public static boolean wasCancelled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
