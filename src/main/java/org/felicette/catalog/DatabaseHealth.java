package org.felicette.catalog;

import org.felicette.db.DatabaseException;
import org.felicette.db.DatabaseProbe;

/** Whether the database is there: for VOSI availability, and to tell a 503 from a 500. */
public final class DatabaseHealth {

    private final DatabaseProbe probe;

    public DatabaseHealth(DatabaseProbe probe) {
        this.probe = probe;
    }

    /** Whether the database takes queries right now. */
    public boolean isUp() {
        return probe.isUp();
    }

    /** Whether a failure means that the database is down, not that the request was wrong. */
    public static boolean isDown(Throwable failure) {
        return DatabaseException.isUnavailable(failure);
    }
}
