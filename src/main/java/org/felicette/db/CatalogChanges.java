package org.felicette.db;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A local counter that moves whenever TAP_SCHEMA changes, on this instance or any other sharing
 * the database: the catalogue's triggers NOTIFY at commit, and this instance's
 * {@link Notifications} connection hears it. While the counter stands still, what was computed
 * about the catalogue still holds. When the connection is lost the counter moves too (changes may
 * have been missed).
 */
public final class CatalogChanges implements Notifications.Subscriber {

    static final String CHANNEL = "felicette_catalog";

    private final AtomicLong version = new AtomicLong();

    public CatalogChanges(Notifications notifications) {
        notifications.subscribe(CHANNEL, this);
    }

    /** Moves on every committed catalogue change (and on any doubt). */
    public long version() {
        return version.get();
    }

    /**
     * Moves the version for a change this instance has just committed: its notification comes
     * back through the listener only later, and a caller who reads right after writing must see
     * the write (the notification then moves it once more, which costs one recomputation).
     */
    public void touch() {
        version.incrementAndGet();
    }

    @Override
    public void notified(String payload) {
        version.incrementAndGet();
    }

    @Override
    public void mayHaveMissed() {
        version.incrementAndGet();
    }
}
