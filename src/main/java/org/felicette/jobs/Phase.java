package org.felicette.jobs;

import java.util.Locale;
import java.util.Optional;

/** UWS 1.1 execution phases. */
public enum Phase {
    PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN, HELD, SUSPENDED, ARCHIVED;

    /** Whether the job may still change phase by itself or on request (UWS: not over). */
    public boolean active() {
        return this == PENDING || this == QUEUED || this == EXECUTING || this == HELD || this == SUSPENDED;
    }

    /** A phase by its name, without case; empty if there is none. */
    public static Optional<Phase> parse(String name) {
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
