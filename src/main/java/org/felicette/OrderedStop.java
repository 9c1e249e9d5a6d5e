package org.felicette;

import java.util.List;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the service in order when it is asked to stop (SIGTERM, or Ctrl-C): the server stops
 * taking requests, the job workers stop claiming and end this instance's jobs, the connection
 * pools close, and the embedded PostgreSQL stops last. Left to the JVM, the stop would run every
 * shutdown hook at once, the embedded server's library's among them, and the database would go
 * away under work still being ended. After the ordered stop the JVM exits as a signal would
 * have it exit (143 for SIGTERM, 130 for SIGINT), and the remaining hooks find nothing to do.
 */
final class OrderedStop {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedStop.class);

    private OrderedStop() {
    }

    /** Takes over SIGTERM and SIGINT where the platform has them. */
    @SuppressWarnings("removal")
    static void install(Server server) {
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    Thread stopper = new Thread(() -> stop(server, 128 + signal.getNumber()), "ordered-stop");
                    stopper.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                LOG.debug("signal {} is not handled here ({}); the JVM's own stop applies", name, e.toString());
            }
        }
    }

    private static void stop(Server server, int status) {
        try {
            LOG.info("stopping: requests, then jobs, then the database");
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the server: {}", e.toString());
        } finally {
            Runtime.getRuntime().exit(status);
        }
    }
}
