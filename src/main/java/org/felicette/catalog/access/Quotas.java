package org.felicette.catalog.access;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.tapschema.Keyset;
import org.felicette.db.QuotaLedger;
import org.felicette.db.UserTableDao;
import org.felicette.ingest.CountingInput;
import org.felicette.ingest.LimitExceeded;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.db.Tx;
import org.felicette.catalog.UserTablesConfig;
import org.felicette.catalog.UserChanges;

/** Each user's limits (tables, bytes; per-user overrides in the configuration) and usage. */
public final class Quotas {

    /** The kinds of holds on owners' limits: tables, and bytes of tables. */
    static final String TABLES = "tables";
    static final String TABLE_BYTES = "table_bytes";

    /** How far ahead of what it has read a load holds of its owner's byte quota. */
    static final long CHUNK = 4L << 20;

    private final UserChanges changes;
    private final UserTablesConfig config;

    public Quotas(UserChanges changes, UserTablesConfig config) {
        this.changes = changes;
        this.config = config;
    }

    /**
     * The caller's usage and limits, and a page of their tables by name.
     *
     * @param next where the next page of {@code usage} starts, or null
     */
    public record Quota(String user, int tables, long bytes, int maxTables, long maxBytes,
            List<UserTableDao.OwnedTable> usage, @com.fasterxml.jackson.annotation.JsonIgnore Keyset next) {
    }

    /**
     * The caller's usage and limits, with a page of their tables (rows, bytes, sharing) by name:
     * after {@code from} (null: the first), at most {@code limit}, read along the name index.
     */
    public Quota usage(Caller caller, Keyset from, int limit) {
        caller.requireIdentity("see a quota");
        UserTablesConfig.Quota limits = config.quotaOf(caller.user());
        return changes.db().inTransaction(tx -> {
            UserTableDao dao = tx.attach(UserTableDao.class);
            UserTableDao.Usage usage = dao.usage(caller.user());
            List<UserTableDao.OwnedTable> page = dao.ownedTables(caller.user(), from == null ? null : from.id(),
                    limit + 1);
            Keyset next = page.size() > limit ? Keyset.afterName(page.get(limit - 1).table()) : null;
            return new Quota(caller.user(), usage.tables(), usage.bytes(), limits.maxTables(), limits.maxBytes(),
                    page.size() > limit ? page.subList(0, limit) : page, next);
        });
    }

    /**
     * Refuses (413) a new table over the quota of its owner (the caller, or whom an admin creates
     * it for). The new tables are held against the owner's limit until the transaction of
     * {@code tx} ends, so that requests creating tables side by side, on any instance, cannot
     * together pass it.
     */
    public void enforce(Tx tx, UserTableDao dao, Caller caller, String owner, int newTables) {
        UserTablesConfig.Quota limits = config.quotaOf(owner);
        UserTableDao.Usage usage = dao.usage(owner);
        boolean self = java.util.Objects.equals(caller.user(), owner); // for the message's wording only
        try {
            changes.reserve(tx, TABLES, owner).reserve(newTables, newTables, limits.maxTables(),
                    l -> l.attach(UserTableDao.class).usage(owner).tables());
        } catch (QuotaLedger.Refused e) {
            long held = limits.maxTables() - e.available();
            throw new FelicetteException(Kind.TOO_LARGE, "quota_tables", "quota exceeded: " + (self ? "you have "
                    : owner + " has ") + held + " tables" + (held > usage.tables() ? " (with those being made)" : "")
                    + " and may have " + limits.maxTables(), Map.of("tables", held, "max_tables", limits.maxTables()));
        }
        if (usage.bytes() >= limits.maxBytes()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_bytes", "quota exceeded: " + (self ? "your tables take "
                    : "the tables of " + owner + " take ") + usage.bytes() + " bytes of " + limits.maxBytes(),
                    Map.of("bytes", usage.bytes(), "max_bytes", limits.maxBytes()));
        }
    }

    /**
     * The body of a load into {@code table} (its physical name), counted and stopped at the
     * per-load limit or at what its owner's byte quota leaves, whichever comes first. The quota
     * is held as the body streams, a chunk ahead of what was read, against the owner's tables and
     * every other load of theirs in flight on any instance; the hold is given up when the
     * transaction of {@code tx} ends. The growth of the table being loaded is counted once:
     * by the bytes of the bodies loading it, not again by its size on disk.
     */
    public CountingInput limited(Tx tx, String owner, TableName table, InputStream body) {
        long maxLoad = config.maxLoadBytes();
        long maxBytes = config.quotaOf(owner).maxBytes();
        QuotaLedger.Reservation hold = changes.reserve(tx, TABLE_BYTES, owner);
        long base = changes.ledger().read(l -> l.attach(UserTableDao.class).tableBytes(table.physical()));
        ToLongFunction<Tx> usage = l -> {
            UserTableDao dao = l.attach(UserTableDao.class);
            return dao.bytesWithoutWaiting(owner) - Math.max(0, dao.tableBytes(table.physical()) - base);
        };
        long first;
        try {
            first = hold.reserve(1, CHUNK, maxBytes, usage);
        } catch (QuotaLedger.Refused e) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_bytes", "quota exceeded: the tables of " + owner
                    + " (with the loads into them in progress) take all of their " + maxBytes + " bytes",
                    Map.of("max_bytes", maxBytes));
        }
        CountingInput.Allowance more = needed -> {
            try {
                return hold.reserve(needed, needed + CHUNK, maxBytes, usage);
            } catch (QuotaLedger.Refused e) {
                throw new LimitExceeded("quota_bytes", "the body is larger than what is left of the byte quota of "
                        + owner + " (" + Math.max(0, e.available()) + " of " + maxBytes + " bytes)", maxBytes);
            }
        };
        return new CountingInput(body, maxLoad, "load_too_large", "the load limit of " + maxLoad + " bytes", more,
                first);
    }
}
