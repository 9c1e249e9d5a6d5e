package org.felicette.api.loads;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import org.felicette.felis.FieldChecks;
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

    /** One column's unit and UCD as a description gives them. */
    public record ColumnFields(String unit, String ucd) {
    }

    /** A description's columns, to check. */
    public record ColumnsToCheck(java.util.List<ColumnFields> columns) {
    }

    /**
     * {@code POST /preview/columns}: whether each column's unit and UCD keep the Felis rules (what
     * a publish and the validator would say, with the unit likely meant), as the page checks a
     * description while it is written. Null where a field is empty or valid.
     */
    @POST
    @Path("columns")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public java.util.Map<String, Object> columns(ColumnsToCheck body) {
        if (body == null || body.columns() == null) {
            throw org.felicette.FelicetteException.badInput("no_columns", "give the columns to check: "
                    + "{\"columns\": [{\"unit\": \"mJy\", \"ucd\": \"phot.flux\"}]}");
        }
        if (body.columns().size() > 4096) {
            throw org.felicette.FelicetteException.badInput("too_many_columns", "at most 4096 columns are checked at once");
        }
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (ColumnFields c : body.columns()) {
            java.util.Map<String, Object> checked = new java.util.LinkedHashMap<>();
            checked.put("unit", c == null || c.unit() == null || c.unit().isBlank() ? null
                    : FieldChecks.unitProblem(c.unit().strip()).orElse(null));
            checked.put("ucd", c == null || c.ucd() == null || c.ucd().isBlank() ? null
                    : FieldChecks.ucdProblem(c.ucd().strip()).orElse(null));
            out.add(checked);
        }
        return java.util.Map.of("columns", out);
    }
}
