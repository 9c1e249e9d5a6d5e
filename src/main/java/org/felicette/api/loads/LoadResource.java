package org.felicette.api.loads;

import jakarta.ws.rs.POST;
import org.felicette.api.http.TableFileBody;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.loads.ColumnRenames;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.catalog.Watch;
import org.felicette.ingest.FormatRecognition;
import org.felicette.jobs.AsyncLoads;
import org.felicette.jobs.Job;

/**
 * YouCat's synchronous load: {@code POST /load/{schema.table}} with a CSV, TSV, FITS, VOTable or
 * ECSV body appends its rows, all or none. Answers YouCat's line {@code Inserted N rows to table
 * T}, or JSON when asked for.
 */
@Path("/load")
public final class LoadResource {

    private final TableLoads loads;
    private final AsyncLoads async;

    public LoadResource(TableLoads loads, AsyncLoads async) {
        this.loads = loads;
        this.async = async;
    }

    /**
     * Loads at once; with {@code async=true} (or {@code Prefer: respond-async}) the body is kept
     * and a job loads it: 303 to the job under {@code /load-jobs}, which shows its progress. Each
     * {@code rename=FILE=TABLE} loads the file's column FILE into the table's column TABLE.
     */
    @POST
    @Path("{name}")
    public Response load(@PathParam("name") String name, @QueryParam("async") String asyncParameter,
            @QueryParam("rename") List<String> renameParameters, @QueryParam("nullIfInvalid") List<String> lenient,
            @TableFileBody InputStream body, @Context HttpHeaders headers,
            @Context UriInfo uri, @Context Caller caller) throws IOException {
        caller.requireIdentity("load rows into a table");
        ColumnRenames renames = ColumnRenames.parse(renameParameters).nullIfInvalid(lenient);
        FormatRecognition.Recognised file = LoadBodies.open(body, headers, "POST /load/" + name);
        if (wantsAsync(asyncParameter, headers)) {
            Job job = async.submit(caller, name, file.format(), renames, file.body());
            return Response.seeOther(uri.getBaseUriBuilder().path("load-jobs").path(job.id()).build()).build();
        }
        return answer(loads.load(caller, name, file.format(), renames, file.body(), Watch.NONE), headers, 200);
    }

    private static boolean wantsAsync(String parameter, HttpHeaders headers) {
        if (parameter != null && !parameter.isBlank()) {
            if (parameter.strip().equalsIgnoreCase("true")) {
                return true;
            }
            if (parameter.strip().equalsIgnoreCase("false")) {
                return false;
            }
            throw FelicetteException.badInput("bad_parameter", "async is '" + parameter + "'; use true or false");
        }
        List<String> prefer = headers.getRequestHeader("Prefer");
        return prefer != null && prefer.stream().flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .anyMatch(p -> p.strip().equalsIgnoreCase("respond-async"));
    }

    /** YouCat's text line, or the JSON summary for a client that accepts JSON. */
    public static Response answer(TableLoads.Loaded loaded, HttpHeaders headers, int status) {
        if (headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getType().equals("application")
                && t.getSubtype().equals("json"))) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("table", loaded.table());
            json.put("rows", loaded.rows());
            json.put("bytes", loaded.bytes());
            json.put("seconds", Math.round(loaded.seconds() * 1000) / 1000.0);
            json.put("nulled", loaded.nulled());
            return Response.status(status).entity(json).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.status(status).entity("Inserted " + loaded.rows() + " rows to table " + loaded.table()
                + (loaded.nulled() == 0 ? "" : "; " + loaded.nulled() + " values that were not of their column's type "
                + "were loaded as NULL, as nullIfInvalid asked") + "\n").type(MediaType.TEXT_PLAIN_TYPE).build();
    }
}
