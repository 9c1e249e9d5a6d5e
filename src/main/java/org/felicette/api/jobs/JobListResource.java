package org.felicette.api.jobs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.jobs.Job;
import org.felicette.db.ResultStore;
import org.felicette.jobs.Jobs;
import org.felicette.jobs.Phase;

/**
 * A UWS job list ({@code /{family}}, filtered by {@code PHASE}, {@code AFTER} and {@code LAST})
 * and the jobs under it. The caller sees their own jobs; an admin sees everyone's.
 */
public abstract class JobListResource {

    protected final Jobs jobs;
    protected final String family;
    protected final String path;

    protected final ResultStore stored;

    /** @param path the list's path under the service root */
    JobListResource(Jobs jobs, String family, String path) {
        this(jobs, family, path, null);
    }

    /** @param stored where the family's jobs keep their results (null: they link to what they made) */
    protected JobListResource(Jobs jobs, String family, String path, ResultStore stored) {
        this.jobs = jobs;
        this.family = family;
        this.path = path;
        this.stored = stored;
    }

    @GET
    @Produces({MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
    public Response list(@Context UriInfo uri, @Context HttpHeaders headers, @Context Caller caller) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        Instant after = null;
        Integer last = null;
        for (Map.Entry<String, List<String>> e : uri.getQueryParameters().entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "phase" -> e.getValue().forEach(p -> phases.add(JobResource.phase(p)));
                case "after" -> after = JobResource.instant("AFTER", e.getValue().get(0));
                case "last" -> {
                    last = JobResource.integer("LAST", e.getValue().get(0));
                    if (last < 1) {
                        throw FelicetteException.badInput("bad_parameter", "LAST must be a positive number of jobs");
                    }
                }
                default -> { } // DALI: parameters a service does not know are ignored
            }
        }
        List<Job> found = jobs.list(caller, family, phases, after, last);
        URI base = uri.getBaseUri();
        if (headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getSubtype().equals("json"))) {
            return Response.ok(found.stream().map(j -> JobResource.json(j, base)).toList(),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(UwsDocuments.list(found, URI.create(uri.getBaseUriBuilder().path(path).build() + "/")),
                MediaType.TEXT_XML_TYPE).build();
    }

    @Path("{id}")
    public JobResource job(@PathParam("id") String id, @Context Caller caller, @Context UriInfo uri) {
        return new JobResource(jobs, family, path, id, caller, uri, stored);
    }
}
