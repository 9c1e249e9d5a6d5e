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
import org.felicette.api.http.Cursors;
import org.felicette.auth.Caller;
import org.felicette.tapschema.Keyset;
import org.felicette.jobs.Job;
import org.felicette.db.ResultStore;
import org.felicette.jobs.Jobs;
import org.felicette.jobs.Phase;

/**
 * A UWS job list ({@code /{family}}, filtered by {@code PHASE}, {@code AFTER} and {@code LAST},
 * newest first) and the jobs under it. The caller sees their own jobs; an admin sees everyone's.
 * A list is paged by keyset: at most {@code limit} jobs (1000 when not given), and a
 * {@code Link: <…>; rel="next"} header carrying the {@code cursor} of the next page.
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
        Keyset from = null;
        int limit = Cursors.MAX_LIMIT;
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
                case "cursor" -> from = Cursors.read(e.getValue().get(0));
                case "limit" -> limit = Cursors.limit(e.getValue().get(0));
                default -> { } // DALI: parameters a service does not know are ignored
            }
        }
        Keyset.Page<Job> page = jobs.page(caller, family, phases, after, last, from, limit);
        List<Job> found = page.items();
        URI base = uri.getBaseUri();
        Response.ResponseBuilder answer;
        if (headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getSubtype().equals("json"))) {
            answer = Response.ok(found.stream().map(j -> JobResource.json(j, base)).toList(),
                    MediaType.APPLICATION_JSON_TYPE);
        } else {
            answer = Response.ok(UwsDocuments.list(found, URI.create(uri.getBaseUriBuilder().path(path).build() + "/")),
                    MediaType.TEXT_XML_TYPE);
        }
        if (page.next() != null) { // the next page: the same request, from where this one ends
            answer.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", Cursors.write(page.next()))
                    .replaceQueryParam("limit", limit).build(), "next");
        }
        return answer.build();
    }

    @Path("{id}")
    public JobResource job(@PathParam("id") String id, @Context Caller caller, @Context UriInfo uri) {
        return new JobResource(jobs, family, path, id, caller, uri, stored);
    }
}
