package org.felicette.jobs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.felicette.db.Notifications;

/**
 * Job changes as this instance hears them: the database announces every committed phase change
 * (from any instance) with {@code "id PHASE"}. Waiters (a {@code WAIT}, an idle worker) block on
 * one counter that moves with each; the worker is also told of each change, to stop a job that
 * was aborted or deleted elsewhere.
 */
public final class JobEvents implements Notifications.Subscriber {

    static final String CHANNEL = "felicette_jobs";

    private final Object lock = new Object();
    private long version;
    private final Map<Object, BiConsumer<String, String>> listeners = new ConcurrentHashMap<>();

    public JobEvents(Notifications notifications) {
        notifications.subscribe(CHANNEL, this);
    }

    /** A counter that moves on every job change heard. */
    long version() {
        synchronized (lock) {
            return version;
        }
    }

    /** Blocks until the counter moves past {@code seen} or the time is up; whether it moved. */
    boolean awaitChange(long seen, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        synchronized (lock) {
            while (version == seen) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** Moves the counter: a change this instance made, or doubt. */
    void moved() {
        synchronized (lock) {
            version++;
            lock.notifyAll();
        }
    }

    void listen(Object owner, BiConsumer<String, String> onChange) {
        listeners.put(owner, onChange);
    }

    @Override
    public void notified(String payload) {
        int space = payload.indexOf(' ');
        if (space > 0) {
            String id = payload.substring(0, space);
            String phase = payload.substring(space + 1);
            listeners.values().forEach(l -> l.accept(id, phase));
        }
        moved();
    }

    @Override
    public void mayHaveMissed() {
        moved();
    }
}
