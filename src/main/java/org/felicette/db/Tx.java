package org.felicette.db;

import org.jdbi.v3.core.Handle;

/** One connection's work (usually one transaction), as the rooms above {@code db} hold it: its DAOs and its end. */
public final class Tx {

    private final Handle handle;

    Tx(Handle handle) {
        this.handle = handle;
    }

    Handle handle() {
        return handle;
    }

    /** A DAO of this package on this connection, in this transaction. */
    public <D> D attach(Class<D> dao) {
        return handle.attach(dao);
    }

    /** Runs once the transaction has committed (not at all if it rolls back). */
    public void afterCommit(Runnable action) {
        handle.afterCommit(action);
    }

    /** Runs once the transaction has rolled back. */
    public void afterRollback(Runnable action) {
        handle.afterRollback(action);
    }
}
