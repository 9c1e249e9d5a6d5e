package org.felicette.api.tap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.api.jobs.JobListResource;
import org.felicette.api.loads.MultipartForm;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.db.ResultStore;
import org.felicette.jobs.Job;
import org.felicette.jobs.Jobs;
import org.felicette.query.QueryJobs;
import org.felicette.uploads.UploadItems;
import org.felicette.uploads.Uploads;

/**
 * TAP's asynchronous queries ({@code /async}, UWS 1.1 on the service's job machinery): a POST
 * makes a job of the query's parameters (a query string and a form alike, names without case),
 * queued at once with {@code PHASE=RUN}; its result is {@code /async/{id}/results/result}.
 */
@Path("/async")
public final class AsyncResource extends JobListResource {

    private final Uploads uploads;

    public AsyncResource(Jobs jobs, ResultStore results, Uploads uploads) {
        super(jobs, QueryJobs.FAMILY, "async", results);
        this.uploads = uploads;
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response create(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context Caller caller)
            throws IOException {
        return create(caller, TapRequest.of(uri, form), Map.of(), uri);
    }

    /** A job whose UPLOAD tables come as parts of the same request (TAP 1.1 §2.5.2, as pyvo sends them). */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response multipart(InputStream body, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context Caller caller) throws IOException {
        try (MultipartForm form = MultipartForm.read(body, headers, uploads)) {
            return create(caller, TapRequest.of(uri, form), form.parts(), uri);
        }
    }

    private Response create(Caller caller, TapRequest request, Map<String, Uploads.Part> parts, UriInfo uri)
            throws IOException {
        Map<String, String> parameters = request.parameters();
        List<String> uploadValues = request.uploads();
        String phase = parameters.remove("phase");
        if (phase != null && !phase.strip().equalsIgnoreCase("RUN")) {
            throw FelicetteException.badInput("bad_phase", "a new job takes PHASE=RUN or no PHASE, not '" + phase + "'");
        }
        // a query's own mistakes (ADQL, LANG, format) end the job in ERROR when it runs, as TAP clients expect
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (!uploadValues.isEmpty()) {
            // the tables are made now (their parts are in this request), kept until the job ends
            for (Uploads.Result r : uploads.upload(UploadTables.ownerFor(caller), UploadItems.parse(uploadValues), parts,
                    Long.toString(jobs.config().destruction().toSeconds()))) {
                ids.add(r.upload().id() + (r.reused() ? "" : QueryJobs.OWN));
                names.add(r.upload().name());
            }
            parameters.put("upload", String.join(";", uploadValues));
        }
        uploads.kept(caller, names).forEach(u -> ids.add(u.id())); // the caller's temporary tables, by their names
        if (!ids.isEmpty()) {
            parameters.put(QueryJobs.UPLOAD_TABLES, String.join(",", ids));
        }
        Job job = jobs.createOpen(caller, family, parameters, phase != null); // an anonymous one by its URL
        return Response.seeOther(uri.getBaseUriBuilder().path(path).path(job.id()).build()).build();
    }
}
