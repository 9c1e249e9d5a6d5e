package org.felicette.api.jobs;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.felicette.api.http.UwsParameters;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.jobs.Job;
import org.felicette.jobs.Jobs;
import org.felicette.jobs.TableUpdates;

/**
 * YouCat's {@code /table-update}: {@code POST table=…&index=…[&unique=true]} (or
 * {@code ingest=true&table=…[&view=…]}) makes a PENDING job and answers 303 with its location, as
 * pyvo's {@code create_index} requires; {@code PHASE=RUN} in the same POST queues it at once.
 */
@Path("/table-update")
public final class TableUpdateResource extends JobListResource {

    private final TableUpdates kind;

    public TableUpdateResource(Jobs jobs, TableUpdates kind) {
        super(jobs, TableUpdates.FAMILY, "table-update");
        this.kind = kind;
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context Caller caller) {
        caller.requireIdentity("update a table");
        Map<String, String> parameters = UwsParameters.of(form);
        parameters.putAll(UwsParameters.of(uri.getQueryParameters()));
        String phase = parameters.remove("phase");
        if (phase != null && !phase.strip().equalsIgnoreCase("RUN")) {
            throw FelicetteException.badInput("bad_phase", "a new job takes PHASE=RUN or no PHASE, not '" + phase + "'");
        }
        kind.check(parameters);
        Job job = jobs.create(caller, family, parameters, phase != null);
        return Response.seeOther(uri.getBaseUriBuilder().path(path).path(job.id()).build()).build();
    }
}
