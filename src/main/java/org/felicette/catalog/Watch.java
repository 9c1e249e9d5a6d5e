package org.felicette.catalog;

import java.util.Map;
import java.util.function.LongSupplier;
import org.felicette.FelicetteException;
import org.felicette.db.DatabaseSession;

/**
 * Whoever started a long piece of work (a job's worker) watching it: told which database session
 * runs it, so as to read its progress or cancel it, and asked whether it has been cancelled.
 */
public interface Watch {

    /** Nobody watching: what a synchronous request passes. */
    Watch NONE = new Watch() {
        @Override
        public Running running(DatabaseSession session) {
            return () -> { };
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** The session runs the work until this is closed. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    Running running(DatabaseSession session);

    boolean cancelled();

    /**
     * Told when the work starts sending rows to PostgreSQL: how many bytes of COPY input it has
     * sent so far, to set against what PostgreSQL reports it has read, so that a watcher reports
     * the file read as far as the rows written, not as far as the buffers ahead of them.
     */
    default void copying(LongSupplier sent) {
    }

    /** The work stopped because it was cancelled; it left nothing behind. */
    final class Cancelled extends FelicetteException {
        public Cancelled(String message) {
            super(Kind.CONFLICT, "cancelled", message, Map.of());
        }
    }
}
