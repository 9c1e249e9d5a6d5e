package org.felicette.api.jobs;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.api.http.UwsParameters;
import org.felicette.auth.Caller;
import org.felicette.db.ResultStore;
import org.felicette.jobs.Job;
import org.felicette.jobs.Jobs;
import org.felicette.query.QueryJobs;

/**
 * TAP's asynchronous queries ({@code /async}, UWS 1.1 on the service's job machinery): a POST
 * makes a job of the query's parameters (a query string and a form alike, names without case),
 * queued at once with {@code PHASE=RUN}; its result is {@code /async/{id}/results/result}.
 */
@Path("/async")
public final class TapAsyncResource extends JobListResource {

    private final QueryJobs kind;

    public TapAsyncResource(Jobs jobs, QueryJobs kind, ResultStore results) {
        super(jobs, QueryJobs.FAMILY, "async", results);
        this.kind = kind;
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context Caller caller) {
        caller.requireIdentity("run an asynchronous query (anonymous queries go to /sync)");
        MultivaluedMap<String, String> all = new MultivaluedHashMap<>();
        uri.getQueryParameters().forEach(all::addAll);
        if (form != null) {
            form.forEach(all::addAll);
        }
        Map<String, String> parameters = UwsParameters.of(all);
        String phase = parameters.remove("phase");
        if (phase != null && !phase.strip().equalsIgnoreCase("RUN")) {
            throw FelicetteException.badInput("bad_phase", "a new job takes PHASE=RUN or no PHASE, not '" + phase + "'");
        }
        if (parameters.containsKey("upload")) {
            throw FelicetteException.badInput("upload_unsupported", "UPLOAD is taken by /sync; an asynchronous query "
                    + "cannot carry UPLOAD tables yet");
        }
        kind.check(parameters);
        Job job = jobs.create(caller, family, parameters, phase != null);
        return Response.seeOther(uri.getBaseUriBuilder().path(path).path(job.id()).build()).build();
    }
}
