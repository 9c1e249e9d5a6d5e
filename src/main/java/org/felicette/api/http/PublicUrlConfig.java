package org.felicette.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the service says it is ({@code publicUrl:} in config.yml). Every absolute URL it writes
 * (Location headers, capabilities' access URLs, UWS job and result links, DataLink) starts with
 * {@link #base} when one is set; otherwise with the Host the client sent, but only when that host
 * is one of {@link #allowedHosts} (by default the loopback names and this machine's own names).
 * A request naming any other host gets relative Locations and URLs of the address it reached.
 */
public class PublicUrlConfig {

    /** The service root as the world reaches it, e.g. {@code https://data.example.org/felicette}; empty: none. */
    @JsonProperty
    private String base = "";

    /** Host names (without port) whose Host header is taken as given when no base is set; empty: the defaults. */
    @JsonProperty
    private List<String> allowedHosts = new ArrayList<>();

    /** The base as a URI ending in '/', or null when none is set. */
    public URI base() {
        if (base == null || base.isBlank()) {
            return null;
        }
        String text = base.strip();
        URI uri = URI.create(text.endsWith("/") ? text : text + "/");
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("publicUrl.base must be an http or https URL without query or "
                    + "fragment: " + base);
        }
        return uri;
    }

    public List<String> allowedHosts() {
        return allowedHosts;
    }
}
