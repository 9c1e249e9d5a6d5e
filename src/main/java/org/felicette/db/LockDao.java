package org.felicette.db;

import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Transaction-scoped advisory locks: they serialise writers of one object across every service
 * instance that shares the database, and are released by commit or rollback.
 */
public interface LockDao {

    @SqlQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS locked")
    int lockForTransaction(String key);

    /** The same lock shared: holders of the shared lock run side by side; the exclusive one waits for them. */
    @SqlQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock_shared(hashtext(:key))) AS locked")
    int shareForTransaction(String key);
}
