package org.felicette.api.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;

/**
 * Refuses a name in a /tables, /load or /permissions path that holds a ';'. JAX-RS takes what
 * follows a ';' for matrix parameters and drops it from the path parameter, so
 * {@code PUT /tables/user_demo.b;c} would otherwise create {@code user_demo.b}: a name a client
 * did not ask for. The other characters names may not hold are refused where the name is read.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public final class NamePathFilter implements ContainerRequestFilter {

    private static final Pattern NAMED = Pattern.compile("/(tables|load|permissions)/([^/]*)(/distribution)?/?");

    @Override
    public void filter(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        if (raw.indexOf(';') < 0) {
            return; // the common case, at no cost
        }
        String base = request.getUriInfo().getBaseUri().getRawPath();
        String path = raw.startsWith(base) ? "/" + raw.substring(base.length()) : raw;
        Matcher m = NAMED.matcher(path);
        if (m.matches() && m.group(2).indexOf(';') >= 0) {
            String name;
            try {
                name = URLDecoder.decode(m.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                name = m.group(2); // a malformed %-escape: name it as written
            }
            throw FelicetteException.badInput("bad_name", "the name '" + name + "' holds ';', which a schema, table or "
                    + "column name may not hold: use a letter, then letters, digits and _");
        }
    }
}
