package org.felicette.db;

import java.time.OffsetDateTime;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What requests in flight hold against their owners' limits, kept where every instance sharing
 * the database sees it ({@code felicette.quota_reservations}). A request reserves as it streams:
 * before it reads past what it holds, it asks for more, and is granted only what the limit leaves
 * after the owner's committed usage and every other live reservation. A reservation lives as long
 * as the transaction that writes the request's rows (its backend's pid and transaction start):
 * committed, rolled back, or its instance killed, it holds nothing more, whether or not its row
 * was deleted yet.
 *
 * <p>The ledger writes through a pool of its own, never the one the requests' transactions hold:
 * requests that each hold a connection of the main pool while they reserve cannot starve it.
 */
public final class QuotaLedger {

    private static final String LOCK_WAIT = "250ms";
    private static final int MAX_ATTEMPTS = 100;

    private final Jdbi ledger;

    /** @param ledger a database over a small pool of its own (see the class comment) */
    public QuotaLedger(Db ledger) {
        this.ledger = ledger.jdbi();
    }

    /** A limit the reservation did not fit under, with what it left available. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final long available;

        Refused(long available) {
            super("over the limit", null, false, false);
            this.available = available;
        }

        /** What the limit left for this reservation (zero or less when nothing). */
        public long available() {
            return available;
        }
    }

    /**
     * Opens a reservation of {@code kind} for {@code owner}, held by the transaction of
     * {@code work} (the request's own); close it when that transaction has ended.
     */
    public Reservation open(Tx work, String kind, String owner) {
        Object[] id = work.handle().createQuery("SELECT pg_backend_pid() AS pid, now() AS started").map((rs, ctx) -> new Object[] {
                rs.getInt("pid"), rs.getObject("started", OffsetDateTime.class)}).one();
        long row = ledger.withHandle(l -> l.createUpdate("""
                INSERT INTO felicette.quota_reservations (kind, owner_id, backend_pid, xact_start)
                VALUES (:kind, :owner, :pid, :started)
                """).bind("kind", kind).bind("owner", owner).bind("pid", (Integer) id[0])
                .bind("started", (OffsetDateTime) id[1]).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Reservation(row, kind, owner);
    }

    /** A figure read on the ledger's own connection: what is committed, as other requests see it. */
    public long read(ToLongFunction<Tx> query) {
        return ledger.withHandle(h -> query.applyAsLong(new Tx(h)));
    }

    private static boolean lockTimedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Deletes the rows of transactions that have ended (their requests never got to close them). */
    public int sweep() {
        return ledger.withHandle(l -> l.createUpdate("""
                DELETE FROM felicette.quota_reservations r
                WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                                  WHERE a.pid = r.backend_pid AND a.xact_start = r.xact_start)
                """).execute());
    }

    /** One request's hold on one limit. */
    public final class Reservation implements AutoCloseable {

        private final long id;
        private final String kind;
        private final String owner;

        private Reservation(long id, String kind, String owner) {
            this.id = id;
            this.kind = kind;
            this.owner = owner;
        }

        /**
         * Holds up to {@code wanted} in all (never less than {@code needed}), as far as the limit
         * allows beside the owner's committed usage (read by {@code usage} on the ledger's
         * connection) and every other live reservation of this owner and kind. Requests of one
         * owner take turns here, on every instance.
         *
         * @return what is held now
         * @throws Refused when the limit leaves less than {@code needed}
         */
        public long reserve(long needed, long wanted, long limit, ToLongFunction<Tx> usage) throws Refused {
            for (int attempt = 1; ; attempt++) {
                try {
                    return attempt(needed, wanted, limit, usage);
                } catch (RuntimeException e) {
                    if (attempt >= MAX_ATTEMPTS || !lockTimedOut(e)) {
                        throw e;
                    }
                    try {
                        Thread.sleep(Math.min(200, 5L * attempt));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        /**
         * One try, waiting at most {@link #LOCK_WAIT} for any lock: the request that asks holds
         * locks of its own elsewhere (its table's), and must never wait here for a request that
         * waits for it.
         */
        private long attempt(long needed, long wanted, long limit, ToLongFunction<Tx> usage) throws Refused {
            long[] granted = new long[1];
            boolean fits = ledger.inTransaction(l -> {
                l.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT + "'");
                l.attach(LockDao.class).lockForTransaction("quota:" + kind + ":" + owner);
                long others = l.createQuery("""
                        SELECT coalesce(sum(r.amount), 0) FROM felicette.quota_reservations r
                        WHERE r.kind = :kind AND r.owner_id = :owner AND r.id <> :id
                          AND EXISTS (SELECT 1 FROM pg_stat_activity a
                                      WHERE a.pid = r.backend_pid AND a.xact_start = r.xact_start)
                        """).bind("kind", kind).bind("owner", owner).bind("id", id).mapTo(Long.class).one();
                long available = limit - usage.applyAsLong(new Tx(l)) - others;
                if (available < needed) {
                    granted[0] = available;
                    return false;
                }
                granted[0] = Math.min(wanted, available);
                l.createUpdate("UPDATE felicette.quota_reservations SET amount = :amount WHERE id = :id")
                        .bind("amount", granted[0]).bind("id", id).execute();
                return true;
            });
            if (!fits) {
                throw new Refused(granted[0]);
            }
            return granted[0];
        }

        /** Gives the hold up (its transaction has ended: committed rows now count as usage). */
        @Override
        public void close() {
            try {
                ledger.useHandle(l -> l.createUpdate("DELETE FROM felicette.quota_reservations WHERE id = :id")
                        .bind("id", id).execute());
            } catch (RuntimeException e) {
                // its transaction has ended, so it holds nothing already; the sweep deletes the row
            }
        }
    }
}
