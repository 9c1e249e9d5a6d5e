package org.felicette.api.tables;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.file.Files;
import org.felicette.auth.Caller;
import org.felicette.catalog.TapSchemaTables;

/**
 * The caller's whole TAP_SCHEMA as one file, read in one snapshot, for offline tools and notebooks:
 * {@code GET /tap_schema.sqlite} (the tables and columns {@code felis init-tap-schema} makes in
 * SQLite: {@code schemas}, {@code tables}, {@code columns}, {@code keys}, {@code key_columns}) and
 * {@code GET /tap_schema.vot} (one VOTable, a TABLE for each, named {@code TAP_SCHEMA.schemas} …).
 */
@Path("tap_schema.{type:sqlite|vot}")
public final class TapSchemaFileResource {

    private final TapSchemaTables tables;
    private final java.nio.file.Path spool;

    /** @param spool where a SQLite file is built before it is sent (its last page is written first) */
    public TapSchemaFileResource(TapSchemaTables tables, java.nio.file.Path spool) {
        this.tables = tables;
        this.spool = spool;
    }

    @GET
    @Produces({"application/vnd.sqlite3", "application/x-votable+xml"})
    public Response file(@PathParam("type") String type, @Context Caller caller) throws IOException {
        if (type.equals("vot")) {
            StreamingOutput body = out -> tables.readAll(caller, snapshot -> RowsWriter.votable(RowsWriter.Format.BINARY2,
                    snapshot, out));
            return Response.ok(body, "application/x-votable+xml")
                    .header("Content-Disposition", "attachment; filename=\"tap_schema.vot\"").build();
        }
        Files.createDirectories(spool);
        java.nio.file.Path file = Files.createTempFile(spool, "tap_schema-", ".sqlite");
        try {
            tables.readAll(caller, snapshot -> RowsWriter.sqlite(snapshot, file));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        StreamingOutput body = out -> {
            try {
                Files.copy(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        };
        return Response.ok(body, "application/vnd.sqlite3").header("Content-Length", Files.size(file))
                .header("Content-Disposition", "attachment; filename=\"tap_schema.sqlite\"").build();
    }
}
