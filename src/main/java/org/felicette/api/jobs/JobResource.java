package org.felicette.api.jobs;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.api.http.UwsParameters;
import org.felicette.auth.Caller;
import org.felicette.db.ResultStore;
import org.felicette.ingest.ResultFormat;
import org.felicette.jobs.Job;
import org.felicette.jobs.Jobs;
import org.felicette.jobs.Phase;

/**
 * One UWS 1.1 job: {@code /{family}/{id}} and its {@code phase}, {@code parameters},
 * {@code results}, {@code error}, {@code executionduration}, {@code destruction}, {@code quote}
 * and {@code owner}. Changes answer 303 to the job (a deletion, to the job list), as UWS says.
 */
public final class JobResource {

    private final Jobs jobs;
    private final String family;
    private final String path;
    private final String id;
    private final Caller caller;
    private final UriInfo uri;
    private final ResultStore stored;

    JobResource(Jobs jobs, String family, String path, String id, Caller caller, UriInfo uri, ResultStore stored) {
        this.jobs = jobs;
        this.family = family;
        this.path = path;
        this.id = id;
        this.caller = caller;
        this.uri = uri;
        this.stored = stored;
    }

    @GET
    @Produces({MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
    public Response get(@Context HttpHeaders headers) throws InterruptedException {
        Map<String, String> query = UwsParameters.of(uri.getQueryParameters());
        Job job;
        if (query.containsKey("wait")) {
            Phase only = query.containsKey("phase") ? phase(query.get("phase")) : null;
            job = jobs.await(caller, family, id, integer("WAIT", query.get("wait")), only);
        } else {
            job = jobs.find(caller, family, id);
        }
        return represent(job, headers);
    }

    /** The job as UWS XML, or as JSON for a client that asks for it. */
    Response represent(Job job, HttpHeaders headers) {
        if (headers != null && headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getSubtype().equals("json"))) {
            return Response.ok(json(job, uri.getBaseUri()), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(UwsDocuments.job(job, uri.getBaseUri()), MediaType.TEXT_XML_TYPE).build();
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response post(MultivaluedMap<String, String> form) {
        Map<String, String> p = UwsParameters.of(form);
        if (!"DELETE".equalsIgnoreCase(p.getOrDefault("action", ""))) {
            throw FelicetteException.badInput("bad_action", "POST to a job takes ACTION=DELETE; to change the job, "
                    + "POST to its phase, parameters, executionduration or destruction");
        }
        return delete();
    }

    @DELETE
    public Response delete() {
        jobs.delete(caller, family, id);
        return Response.seeOther(list()).build();
    }

    @GET
    @Path("phase")
    @Produces(MediaType.TEXT_PLAIN)
    public String phase() {
        return jobs.find(caller, family, id).phase().name();
    }

    @POST
    @Path("phase")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response changePhase(MultivaluedMap<String, String> form) {
        String phase = UwsParameters.of(form).getOrDefault("phase", "");
        switch (phase.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "RUN" -> jobs.run(caller, family, id);
            case "ABORT" -> jobs.abort(caller, family, id);
            default -> throw FelicetteException.badInput("bad_phase", "PHASE must be RUN or ABORT, not '" + phase + "'");
        }
        return Response.seeOther(self()).build();
    }

    @GET
    @Path("parameters")
    @Produces(MediaType.TEXT_XML)
    public Response parameters() {
        return Response.ok(UwsDocuments.parameters(jobs.find(caller, family, id)), MediaType.TEXT_XML_TYPE).build();
    }

    @POST
    @Path("parameters")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response setParameters(MultivaluedMap<String, String> form) {
        jobs.setParameters(caller, family, id, UwsParameters.of(form));
        return Response.seeOther(self()).build();
    }

    @GET
    @Path("results")
    @Produces(MediaType.TEXT_XML)
    public Response results() {
        return Response.ok(UwsDocuments.results(jobs.find(caller, family, id), uri.getBaseUri()), MediaType.TEXT_XML_TYPE)
                .build();
    }

    /**
     * A result the job keeps in the database (an asynchronous query's), served whole with its
     * length by whichever instance is asked.
     */
    @GET
    @Path("results/{name}")
    public Response result(@PathParam("name") String name, @Context HttpHeaders headers) {
        Job job = jobs.find(caller, family, id);
        Job.Result result = job.results().stream().filter(r -> r.id().equals(name)).findFirst().orElse(null);
        java.util.Optional<Long> size = stored == null || result == null ? java.util.Optional.empty()
                : stored.size(id, name);
        if (size.isEmpty()) {
            throw FelicetteException.notFound("job " + id + " has no result '" + name + "'" + (job.phase().active()
                    ? " yet: it is " + job.phase() : ""));
        }
        long total = size.get();
        String range = headers == null ? null : headers.getHeaderString("Range");
        java.util.regex.Matcher m = range == null ? null
                : java.util.regex.Pattern.compile("bytes=([0-9]{0,18})-([0-9]{0,18})").matcher(range.strip());
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            // one byte range (RFC 9110): a client resuming a large result
            long first;
            long last;
            if (m.group(1).isEmpty()) { // the last n bytes
                first = Math.max(0, total - Long.parseLong(m.group(2)));
                last = total - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(m.group(2)), total - 1);
            }
            if (first >= total || first > last) {
                return Response.status(416).header("Content-Range", "bytes */" + total).build();
            }
            long from = first;
            long length = last - first + 1;
            jakarta.ws.rs.core.StreamingOutput part = out -> stored.read(id, name, out, from, length);
            return Response.status(206).entity(part).type(result.mimeType()).header("Accept-Ranges", "bytes")
                    .header("Content-Range", "bytes " + first + "-" + last + "/" + total)
                    .header(HttpHeaders.CONTENT_LENGTH, length).build();
        }
        jakarta.ws.rs.core.StreamingOutput body = out -> stored.read(id, name, out);
        return Response.ok(body, result.mimeType()).header(HttpHeaders.CONTENT_LENGTH, total)
                .header("Accept-Ranges", "bytes").build();
    }

    @GET
    @Path("error")
    public Response error() {
        Job job = jobs.find(caller, family, id);
        if (job.error() == null) {
            throw FelicetteException.notFound("job " + id + " is " + job.phase() + " and has no error");
        }
        if (stored != null) { // a TAP query's error is a VOTable (TAP 1.1 §4.4), as /sync answers it
            return Response.ok(ResultFormat.errorVotable(job.error().message()), "application/x-votable+xml").build();
        }
        return Response.ok(job.error().message() + "\n", MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
    }

    @GET
    @Path("executionduration")
    @Produces(MediaType.TEXT_PLAIN)
    public String executionDuration() {
        return Integer.toString(jobs.find(caller, family, id).executionDuration());
    }

    @POST
    @Path("executionduration")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response setExecutionDuration(MultivaluedMap<String, String> form) {
        String value = UwsParameters.of(form).get("executionduration");
        jobs.setExecutionDuration(caller, family, id, integer("EXECUTIONDURATION", value));
        return Response.seeOther(self()).build();
    }

    @GET
    @Path("destruction")
    @Produces(MediaType.TEXT_PLAIN)
    public String destruction() {
        return UwsDocuments.time(jobs.find(caller, family, id).destruction());
    }

    @POST
    @Path("destruction")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response setDestruction(MultivaluedMap<String, String> form) {
        jobs.setDestruction(caller, family, id, instant("DESTRUCTION", UwsParameters.of(form).get("destruction")));
        return Response.seeOther(self()).build();
    }

    @GET
    @Path("quote")
    @Produces(MediaType.TEXT_PLAIN)
    public String quote() {
        Instant quote = jobs.find(caller, family, id).quote();
        return quote == null ? "" : UwsDocuments.time(quote);
    }

    @GET
    @Path("owner")
    @Produces(MediaType.TEXT_PLAIN)
    public String owner() {
        return jobs.find(caller, family, id).owner();
    }

    private URI self() {
        return uri.getBaseUriBuilder().path(path).path(id).build();
    }

    private URI list() {
        return uri.getBaseUriBuilder().path(path).build();
    }

    static int integer(String name, String value) {
        try {
            return Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw FelicetteException.badInput("bad_parameter", name + " must be a whole number of seconds, not '"
                    + value + "'");
        }
    }

    static Phase phase(String value) {
        return Phase.parse(value).orElseThrow(() -> FelicetteException.badInput("bad_phase", "'" + value
                + "' is not a UWS phase"));
    }

    /** An ISO 8601 time; without an offset it is UTC (as pyvo writes it). */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw FelicetteException.badInput("bad_parameter", "missing " + name + " (an ISO 8601 time)");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw FelicetteException.badInput("bad_parameter", name + " must be an ISO 8601 time such as "
                        + "2026-12-31T23:59:59Z, not '" + value + "'");
            }
        }
    }

    /** The JSON view of a job (snake_case, times in ISO 8601, result links absolute). */
    static Map<String, Object> json(Job job, URI base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", job.id());
        m.put("family", job.family());
        m.put("owner_id", job.owner());
        m.put("phase", job.phase().name());
        m.put("creation_time", UwsDocuments.time(job.created()));
        m.put("start_time", job.started() == null ? null : UwsDocuments.time(job.started()));
        m.put("end_time", job.ended() == null ? null : UwsDocuments.time(job.ended()));
        m.put("execution_duration", job.executionDuration());
        m.put("destruction", UwsDocuments.time(job.destruction()));
        m.put("parameters", job.parameters());
        m.put("results", job.results().stream().map(r -> Map.of("id", r.id(), "href", base.resolve(r.href()).toString()))
                .toList());
        m.put("error", job.error() == null ? null : Map.of("message", job.error().message(), "type",
                job.error().isTransient() ? "transient" : "fatal"));
        Job.Progress p = job.progress();
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("rows", p.rows());
        progress.put("bytes", p.bytes());
        progress.put("percent", p.percent());
        progress.put("message", p.message());
        m.put("progress", progress);
        return m;
    }
}
