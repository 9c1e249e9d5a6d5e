package org.felicette.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Serves a path with empty segments ({@code //tables}, {@code /youcat//sync}) as its single-slash
 * form: clients that join a base URL ending in {@code /} with {@code /tables} (STILTS taplint,
 * cadc-tap's query) send them, and Jetty would refuse them as ambiguous. The request is forwarded,
 * method, headers and body unchanged; every other ambiguous form (an encoded slash or dot segment)
 * is still refused before it gets here.
 */
public final class EmptySegmentFilter implements Filter {

    /** A URI compliance that lets empty segments through to this filter, and nothing more than it let before. */
    public static UriCompliance allowing(UriCompliance configured) {
        UriCompliance base = configured == null ? UriCompliance.DEFAULT : configured;
        return base.allows(UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT) ? base
                : base.with(base.getName() + "+EMPTY_SEGMENT", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT);
    }

    /** The path with each run of slashes made one, or null when it has none. */
    static String compacted(String path) {
        if (path == null || !path.contains("//")) {
            return null;
        }
        return path.replaceAll("/{2,}", "/");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String compact = request instanceof HttpServletRequest http ? compacted(http.getRequestURI()) : null;
        if (compact != null) {
            String context = ((HttpServletRequest) request).getContextPath();
            String inContext = context != null && !context.isEmpty() && compact.startsWith(context)
                    ? compact.substring(context.length()) : compact;
            request.getRequestDispatcher(inContext.isEmpty() ? "/" : inContext).forward(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
