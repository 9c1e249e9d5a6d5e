package org.felicette.catalog;

import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.jdbi.v3.core.Jdbi;

/** Each user's limits (tables, bytes; per-user overrides in the configuration) and usage. */
public final class Quotas {

    private final Jdbi jdbi;
    private final UserTablesConfig config;

    Quotas(Jdbi jdbi, UserTablesConfig config) {
        this.jdbi = jdbi;
        this.config = config;
    }

    /** The caller's usage and limits. */
    public record Quota(String user, int tables, long bytes, int maxTables, long maxBytes,
            List<UserTableDao.OwnedTable> usage) {
    }

    /** The caller's usage and limits, with each of their tables' rows, bytes and sharing. */
    public Quota usage(Caller caller) {
        caller.requireIdentity("see a quota");
        UserTablesConfig.Quota limits = config.quotaOf(caller.user());
        return jdbi.inTransaction(handle -> {
            UserTableDao dao = handle.attach(UserTableDao.class);
            UserTableDao.Usage usage = dao.usage(caller.user());
            return new Quota(caller.user(), usage.tables(), usage.bytes(), limits.maxTables(), limits.maxBytes(),
                    dao.ownedTables(caller.user()));
        });
    }

    /** Refuses (413) a new table over the quota of its owner (the caller, or whom an admin creates it for). */
    void enforce(UserTableDao dao, Caller caller, String owner, int newTables) {
        UserTablesConfig.Quota limits = config.quotaOf(owner);
        UserTableDao.Usage usage = dao.usage(owner);
        boolean self = caller.is(owner);
        if (usage.tables() + newTables > limits.maxTables()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_tables", "quota exceeded: " + (self ? "you have "
                    : owner + " has ") + usage.tables() + " tables and may have " + limits.maxTables(),
                    Map.of("tables", usage.tables(), "max_tables", limits.maxTables()));
        }
        if (usage.bytes() >= limits.maxBytes()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_bytes", "quota exceeded: " + (self ? "your tables take "
                    : "the tables of " + owner + " take ") + usage.bytes() + " bytes of " + limits.maxBytes(),
                    Map.of("bytes", usage.bytes(), "max_bytes", limits.maxBytes()));
        }
    }

}
