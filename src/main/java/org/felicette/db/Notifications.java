package org.felicette.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's one LISTEN connection: PostgreSQL NOTIFY channels (raised by triggers at commit,
 * on any instance sharing the database) dispatched to their subscribers. When the connection is
 * lost, each subscriber is told that it may have missed notifications, and it reconnects.
 */
public final class Notifications implements AutoCloseable {

    /** What a channel's notifications go to. */
    public interface Subscriber {

        /** A committed change announced with this payload. Called on the listening thread: keep it short. */
        void notified(String payload);

        /** Notifications may have been lost (the connection was down, or has just come up). */
        void mayHaveMissed();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Thread listener;
    private volatile boolean running = true;
    private volatile Connection connection;

    public Notifications(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.listener = new Thread(this::listen, "notifications");
        this.listener.setDaemon(true);
    }

    /** Subscribes to a channel (a constant name, never a client's text); before {@link #start()}. */
    public void subscribe(String channel, Subscriber subscriber) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    public void start() {
        listener.start();
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    for (String channel : subscribers.keySet()) {
                        s.execute("LISTEN " + channel);
                    }
                }
                missed(); // anything could have changed while we were not listening
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(5000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            for (Subscriber s : subscribers.getOrDefault(n.getName(), List.of())) {
                                try {
                                    s.notified(n.getParameter());
                                } catch (RuntimeException e) {
                                    // one subscriber's failure must not stop the others hearing
                                    LOG.warn("a subscriber of {} failed: {}", n.getName(), e.toString());
                                }
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                missed();
                if (running) {
                    LOG.warn("listening for notifications failed ({}); retrying in {} ms", e.getMessage(), backoff);
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

    private void missed() {
        subscribers.values().forEach(list -> list.forEach(Subscriber::mayHaveMissed));
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
