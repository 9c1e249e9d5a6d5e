package org.felicette.api.tap;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.felicette.db.DatabaseSession;
import org.felicette.db.QueryRunner;

/**
 * A {@code /sync} caller's connection watched while its query runs: when the client closes it
 * (a script stopped, a browser tab closed, a proxy giving up), the query's statement is cancelled
 * at once instead of running out its execution duration for nobody. While a request is being
 * answered Jetty does not read its connection, so nothing notices a client that left until a
 * write fails, and a query sends nothing until its first row: the watch asks the connection's
 * selector to say when it becomes readable, which a closed connection does at once. A client
 * that sends bytes instead (HTTP/1.1 pipelining, which TAP clients do not use) is no longer
 * watched. The interest is withdrawn before the answer ends, so the connection is Jetty's again
 * for its next request.
 */
final class ClientGone implements QueryRunner.SessionWatch {

    /** What the withdrawn interest is told (nobody hears it: the watch is done). */
    private static final Throwable ANSWERED = new java.util.concurrent.CancellationException("answered");

    private final EndPoint endPoint;

    private ClientGone(EndPoint endPoint) {
        this.endPoint = endPoint;
    }

    /** The watch of a request's connection, or none where the connection is not a socket Jetty reads. */
    static QueryRunner.SessionWatch of(HttpServletRequest request) {
        try {
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
            EndPoint endPoint = core == null ? null : core.getConnectionMetaData().getConnection().getEndPoint();
            return endPoint == null ? NONE : new ClientGone(endPoint);
        } catch (RuntimeException e) {
            return NONE; // not served by Jetty's servlet layer (another container): no watch, the timeout stands
        }
    }

    @Override
    public AutoCloseable running(DatabaseSession session) {
        AtomicBoolean done = new AtomicBoolean();
        Callback readable = new Callback() {
            @Override
            public void succeeded() {
                if (done.get()) {
                    return;
                }
                try {
                    ByteBuffer probe = BufferUtil.allocate(1);
                    int read = endPoint.fill(probe);
                    if (read < 0) {
                        session.cancel(); // the client closed its side: nobody will read the answer
                    } else if (read == 0 && !done.get()) {
                        endPoint.tryFillInterested(this);
                    }
                } catch (java.io.IOException e) {
                    session.cancel(); // the connection broke
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (!done.get()) {
                    session.cancel();
                }
            }
        };
        boolean watching = endPoint.tryFillInterested(readable);
        return () -> {
            done.set(true);
            if (watching && endPoint instanceof AbstractEndPoint own) {
                own.getFillInterest().onFail(ANSWERED); // withdrawn: the connection is Jetty's to read again
            }
        };
    }
}
