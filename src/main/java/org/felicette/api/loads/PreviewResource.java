package org.felicette.api.loads;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import org.felicette.api.http.TableFileBody;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.felicette.auth.Caller;
import org.felicette.ingest.BadData;
import org.felicette.ingest.CountingInput;
import org.felicette.ingest.FormatRecognition;
import org.felicette.ingest.LimitExceeded;
import org.felicette.ingest.Preview;
import org.felicette.ingest.Spool;

/**
 * {@code POST /preview}: a first look at a table file before it is loaded (the ingest page's first
 * step; any client may use it): its columns with types, units, UCDs and descriptions where the
 * file gives them (types inferred from the values of a CSV or TSV), and its first rows. Send the
 * head of a large file; nothing is stored.
 */
@Path("/preview")
public final class PreviewResource {

    /** The most a preview reads: enough for any head, and a small Parquet file whole. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Preview.Result preview(
            @TableFileBody InputStream body, @QueryParam("rows") @DefaultValue("10") int rows,
            @Context HttpHeaders headers, @Context Caller caller) throws IOException {
        caller.requireIdentity("preview a table file");
        FormatRecognition.Recognised file = LoadBodies.open(body, headers, "POST /preview");
        // counted as read after any gzip is undone: a small compressed body cannot unfold past the limit
        try (InputStream in = new CountingInput(file.body(), MAX_BYTES, "preview_too_large",
                "the preview limit of " + MAX_BYTES + " bytes (send the head of the file)")) {
            return Preview.of(file.format(), in, Math.max(0, Math.min(rows, 100)));
        } catch (LimitExceeded | BadData e) {
            throw Spool.refusal(e, "", "");
        }
    }
}
