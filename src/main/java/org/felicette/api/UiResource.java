package org.felicette.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import org.felicette.FelicetteException;

/**
 * The ingest page at {@code /ui}: static files from the jar, which call only the public HTTP API.
 * Only the page's own files are served, each with its media type.
 */
@Path("/ui")
public final class UiResource {

    /** The page and its modules (one a concern: the API client, the ingest steps, the tables views, the console). */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "ingest.js", "text/javascript; charset=utf-8",
            "tables.js", "text/javascript; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    @GET
    public Response index(@Context UriInfo uri) {
        if (!uri.getRequestUri().getPath().endsWith("/")) {
            // the page's relative links resolve under /ui/
            return Response.seeOther(uri.getBaseUriBuilder().path("ui/").build()).build();
        }
        return file("index.html");
    }

    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String file) {
        String type = FILES.get(file);
        InputStream in = type == null ? null : UiResource.class.getResourceAsStream("/org/felicette/ui/" + file);
        if (in == null) {
            throw FelicetteException.notFound("no page file '" + file + "'");
        }
        CacheControl cache = new CacheControl();
        cache.setNoCache(true); // revalidated, so that a new jar's page is seen at once
        return Response.ok(in, type).cacheControl(cache).header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'").build();
    }
}
