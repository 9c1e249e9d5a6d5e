package org.felicette.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local counter that moves whenever TAP_SCHEMA changes, on this instance or any other sharing
 * the database: a dedicated connection LISTENs on the channel the catalogue triggers NOTIFY at
 * commit. While the counter stands still, what was computed about the catalogue still holds.
 * When the connection is lost the counter moves too (changes may have been missed), and it
 * reconnects.
 */
public final class CatalogChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogChanges.class);
    static final String CHANNEL = "felicette_catalog";

    private final String url;
    private final String user;
    private final String password;
    private final AtomicLong version = new AtomicLong();
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection connection;

    public CatalogChanges(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.listener = new Thread(this::listen, "catalog-changes");
        this.listener.setDaemon(true);
    }

    public void start() {
        listener.start();
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

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                version.incrementAndGet(); // anything could have changed while we were not listening
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5000);
                    if (notifications != null && notifications.length > 0) {
                        version.incrementAndGet();
                    }
                }
            } catch (SQLException e) {
                version.incrementAndGet();
                if (running) {
                    LOG.warn("listening for catalogue changes failed ({}); retrying in {} ms", e.getMessage(), backoff);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        listener.interrupt();
    }
}
