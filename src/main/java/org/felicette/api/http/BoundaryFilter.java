package org.felicette.api.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quotes a multipart boundary that its client left bare although it holds characters a bare
 * header value may not ({@code =}, {@code /}, {@code ?} …): astroquery's TapPlus writes
 * {@code boundary====1733450000000===}, which servlet containers have long read as meant and which
 * JAX-RS refuses as an unreadable Content-Type (a bare 400) before any resource sees the request.
 * A servlet filter, because JAX-RS reads the header before its own filters run.
 */
public final class BoundaryFilter implements Filter {

    private static final Pattern BARE = Pattern.compile("(?i)^(multipart/[^;]+;(?:.*;)?\\s*boundary=)([^\";\\s][^;\\s]*)(.*)$");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** The Content-Type with its boundary quoted, or null when it needs nothing. */
    static String quoted(String type) {
        if (type == null || !type.regionMatches(true, 0, "multipart/", 0, 10)) {
            return null;
        }
        Matcher m = BARE.matcher(type);
        if (!m.matches() || TOKEN.matcher(m.group(2)).matches()) {
            return null;
        }
        return m.group(1) + "\"" + m.group(2) + "\"" + m.group(3);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String fixed = request instanceof HttpServletRequest http ? quoted(http.getContentType()) : null;
        if (fixed == null) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public String getContentType() {
                return fixed;
            }

            @Override
            public String getHeader(String name) {
                return "content-type".equalsIgnoreCase(name) ? fixed : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return "content-type".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(fixed))
                        : super.getHeaders(name);
            }
        }, response);
    }
}
