package org.felicette.api.tables;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.felicette.auth.Caller;
import org.felicette.catalog.access.Quotas;

/** The caller's usage and limits. */
@Path("quota")
public final class QuotaResource {

    private final Quotas quotas;

    public QuotaResource(Quotas quotas) {
        this.quotas = quotas;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Quotas.Quota quota(@Context Caller caller) {
        return quotas.usage(caller);
    }
}
