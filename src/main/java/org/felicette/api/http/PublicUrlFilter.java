package org.felicette.api.http;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Makes every URL the service writes start where it should, never where a request's Host header
 * says: the configured public base when there is one; the Host as sent when it is an allowed host;
 * otherwise the address the connection reached, with Location headers made relative. It runs
 * before anything reads the request's URI, so resources build their links from
 * {@code UriInfo.getBaseUri()} as usual and cannot reflect a forged host.
 */
@PreMatching
@Priority(100) // before the caller, the name check and every resource
public final class PublicUrlFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String RELATIVE = "felicette.relative-location";

    private final URI base;
    private final Set<String> allowedHosts;

    @Context
    private HttpServletRequest servletRequest;

    /**
     * @param base the configured public base (ending in '/'), or null
     * @param allowedHosts host names taken as sent when there is no base; empty: {@link #defaultHosts()}
     */
    public PublicUrlFilter(URI base, Collection<String> allowedHosts) {
        this.base = base;
        Set<String> hosts = new LinkedHashSet<>();
        (allowedHosts.isEmpty() ? defaultHosts() : allowedHosts).forEach(h -> hosts.add(normal(h)));
        this.allowedHosts = Set.copyOf(hosts);
    }

    /** The loopback names and this machine's own names and addresses. */
    public static Set<String> defaultHosts() {
        Set<String> hosts = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"));
        try {
            InetAddress self = InetAddress.getLocalHost();
            hosts.add(self.getHostName());
            hosts.add(self.getCanonicalHostName());
            hosts.add(self.getHostAddress());
        } catch (UnknownHostException | SecurityException e) {
            // a machine that cannot name itself: the loopback names only
        }
        return hosts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        URI requestBase = request.getUriInfo().getBaseUri();
        URI requestUri = request.getUriInfo().getRequestUri();
        URI trusted;
        if (base != null) {
            trusted = base;
        } else if (requestBase.getHost() != null && allowedHosts.contains(normal(requestBase.getHost()))) {
            return;
        } else {
            request.setProperty(RELATIVE, Boolean.TRUE);
            String local = servletRequest.getLocalAddr();
            String host = local.indexOf(':') >= 0 ? "[" + local.replaceAll("%.*", "") + "]" : local;
            trusted = URI.create(requestBase.getScheme() + "://" + host + ":" + servletRequest.getLocalPort()
                    + requestBase.getRawPath());
        }
        String relative = requestUri.getRawPath().startsWith(requestBase.getRawPath())
                ? requestUri.getRawPath().substring(requestBase.getRawPath().length()) : "";
        String query = requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery();
        request.setRequestUri(trusted, URI.create(trusted + relative + query));
    }

    /** Without a trusted host to name, a Location is its path and query only (RFC 9110 allows relative ones). */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (request.getProperty(RELATIVE) != null && location != null) {
            URI uri = URI.create(location.toString());
            if (uri.isAbsolute()) {
                response.getHeaders().putSingle(HttpHeaders.LOCATION, uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
        }
    }

    private static String normal(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
