package org.felicette.api.tables;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.felicette.api.http.Cursors;
import org.felicette.auth.Caller;
import org.felicette.catalog.access.Quotas;

/** The caller's usage and limits. */
@Path("quota")
public final class QuotaResource {

    private final Quotas quotas;

    public QuotaResource(Quotas quotas) {
        this.quotas = quotas;
    }

    /**
     * Usage and limits, with the caller's tables a page at a time, by name: at most {@code limit}
     * (1000 when not given), and {@code next}, the URL of the next page (also a {@code Link: rel="next"}).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response quota(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
            @Context Caller caller, @Context UriInfo uri) {
        int size = Cursors.limit(limit);
        Quotas.Quota quota = quotas.usage(caller, Cursors.read(cursor), size);
        if (quota.next() == null) {
            return Response.ok(quota, MediaType.APPLICATION_JSON_TYPE).build();
        }
        java.net.URI next = uri.getRequestUriBuilder().replaceQueryParam("cursor", Cursors.write(quota.next()))
                .replaceQueryParam("limit", size).build();
        return Response.ok(new Paged(quota, next.toString()), MediaType.APPLICATION_JSON_TYPE).link(next, "next")
                .build();
    }

    /** A quota whose table listing goes on: its fields, and the next page's URL. */
    record Paged(@com.fasterxml.jackson.annotation.JsonUnwrapped Quotas.Quota quota, String next) {
    }
}
