package org.felicette;

import ch.qos.logback.access.jetty.RequestLogImpl;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import org.eclipse.jetty.server.RequestLog;

/**
 * Dropwizard's access log as configured, without logback-access's report on itself at start-up:
 * it printed its own status lines to the console, among them a warning that its Jetty part and its
 * common part differ in version, because it reads the version of Dropwizard's subclass (from this
 * jar's manifest) as if it were its own. The access log itself is unchanged.
 */
final class QuietRequestLogFactory extends LogbackAccessRequestLogFactory {

    QuietRequestLogFactory(LogbackAccessRequestLogFactory configured) {
        setAppenders(configured.getAppenders());
    }

    @Override
    public RequestLog build(String name) {
        RequestLog log = super.build(name);
        if (log instanceof RequestLogImpl logback) {
            logback.setQuiet(true);
        }
        return log;
    }
}
