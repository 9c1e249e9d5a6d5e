package org.felicette.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.felicette.auth.Caller;
import org.felicette.catalog.UserTables;

/** The caller's usage and limits. */
@Path("quota")
public final class QuotaResource {

    private final UserTables tables;

    public QuotaResource(UserTables tables) {
        this.tables = tables;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public UserTables.Quota quota(@Context Caller caller) {
        return tables.quota(caller);
    }
}
