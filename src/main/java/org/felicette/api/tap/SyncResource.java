package org.felicette.api.tap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.api.loads.MultipartForm;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.db.QueryRunner;
import org.felicette.query.TapQueries;
import org.felicette.uploads.UploadItems;
import org.felicette.uploads.Uploads;

/**
 * TAP's synchronous query ({@code /sync}, TAP 1.1 §2.3.2): the parameters as a query string, a
 * form or {@code multipart/form-data} fields alike, names without case; UPLOAD tables from parts
 * or URLs, for this query only; the result streamed in the asked format as it is read. A query
 * refused answers 400 with an error VOTable (see the error mapper), before any row is read. A client
 * that closes its connection cancels its query's statement ({@link ClientGone}).
 */
@Path("/sync")
public final class SyncResource {

    /** How long a query's UPLOAD table may outlive it if it cannot be dropped at its end. */
    private static final String UPLOAD_LIFETIME = "3600";

    private final TapQueries queries;
    private final Uploads uploads;

    public SyncResource(TapQueries queries, Uploads uploads) {
        this.queries = queries;
        this.uploads = uploads;
    }

    @GET
    public Response get(@Context UriInfo uri, @Context Caller caller, @Context HttpServletRequest http)
            throws IOException {
        return answer(caller, TapRequest.of(uri, (MultivaluedMap<String, String>) null), Map.of(), http);
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.WILDCARD})
    public Response post(MultivaluedMap<String, String> form, @Context UriInfo uri, @Context Caller caller,
            @Context HttpServletRequest http) throws IOException {
        return answer(caller, TapRequest.of(uri, form), Map.of(), http);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response multipart(InputStream body, @Context HttpHeaders headers, @Context UriInfo uri,
            @Context Caller caller, @Context HttpServletRequest http) throws IOException {
        try (MultipartForm form = MultipartForm.read(body, headers, uploads)) {
            return answer(caller, TapRequest.of(uri, form), form.parts(), http);
        }
    }

    private Response answer(Caller caller, TapRequest request, Map<String, Uploads.Part> parts,
            HttpServletRequest http) throws IOException {
        TapQueries.Slot slot = queries.slot(caller); // held until the answer is written
        try {
            return answer(caller, request, parts, slot, ClientGone.of(http));
        } catch (IOException | RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    private Response answer(Caller caller, TapRequest request, Map<String, Uploads.Part> parts,
            TapQueries.Slot slot, QueryRunner.SessionWatch clientGone) throws IOException {
        List<String> uploadValues = request.uploads();
        Map<String, String> parameters = request.parameters();
        List<UploadTables.Upload> made = new ArrayList<>();
        List<UploadTables.Upload> own = new ArrayList<>(); // made for this query: dropped at its end
        List<UploadItems.Item> items = uploadValues.isEmpty() ? List.of() : UploadItems.parse(uploadValues);
        if (!items.isEmpty()) {
            for (Uploads.Result r : uploads.upload(UploadTables.ownerFor(caller), items, parts, UPLOAD_LIFETIME)) {
                made.add(r.upload());
                if (!r.reused()) { // one the caller kept from an earlier upload of the same URL stays
                    own.add(r.upload());
                }
            }
        }
        made.addAll(uploads.kept(caller, made.stream().map(UploadTables.Upload::name).toList()));
        TapQueries.Prepared prepared;
        try {
            prepared = queries.prepare(caller, parameters, made);
        } catch (RuntimeException e) {
            drop(caller, own);
            throw e;
        }
        StreamingOutput body = out -> {
            try {
                queries.write(prepared, out, () -> false, clientGone);
            } finally {
                slot.close();
                drop(caller, own);
            }
        };
        return Response.ok(body, prepared.format().contentType()).build();
    }

    private void drop(Caller caller, List<UploadTables.Upload> made) {
        for (UploadTables.Upload upload : made) {
            try {
                uploads.tables().drop(UploadTables.ownerFor(caller), upload.id());
            } catch (RuntimeException e) {
                // it expires within the hour; the query's own answer stands
            }
        }
    }
}
