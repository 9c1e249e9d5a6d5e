package org.felicette.api.tables;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Locale;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.TapSchemaTables;
import org.felicette.tapschema.TapSchemaTable;

/**
 * {@code GET /tap_schema/{schemas|tables|columns|keys|key_columns}}: what {@code SELECT * FROM
 * tap_schema.X} returns to this caller — VOTable (BINARY2 by default, TABLEDATA), JSON or CSV,
 * chosen by {@code FORMAT} or Accept.
 */
@Path("tap_schema/{view}")
public final class TapSchemaResource {

    private final TapSchemaTables tables;
    private final ObjectMapper json;

    public TapSchemaResource(TapSchemaTables tables, ObjectMapper json) {
        this.tables = tables;
        this.json = json;
    }

    @GET
    public Response rows(@PathParam("view") String name, @QueryParam("FORMAT") String format,
            @QueryParam("format") String lowerFormat, @Context HttpHeaders headers, @Context Caller caller) {
        TapSchemaTable view = TapSchemaTable.named(name).orElseThrow(() -> FelicetteException.notFound(
                "no TAP_SCHEMA table '" + name + "'; there are schemas, tables, columns, keys and key_columns"));
        RowsWriter.Format chosen = format(format != null ? format : lowerFormat, headers);
        StreamingOutput body = out -> tables.read(caller, view,
                rows -> RowsWriter.write(chosen, view, rows, out, json));
        return Response.ok(body, chosen.mediaType).build();
    }

    private static RowsWriter.Format format(String format, HttpHeaders headers) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "votable", "votable/b2", "binary2", "application/x-votable+xml", "text/xml" -> RowsWriter.Format.BINARY2;
                case "votable/td", "tabledata", "application/x-votable+xml;serialization=tabledata" ->
                        RowsWriter.Format.TABLEDATA;
                case "json", "application/json" -> RowsWriter.Format.JSON;
                case "csv", "text/csv" -> RowsWriter.Format.CSV;
                default -> throw FelicetteException.badInput("bad_format", "FORMAT '" + format
                        + "' is not offered; use votable (BINARY2), votable/td (TABLEDATA), json or csv");
            };
        }
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()) {
                return RowsWriter.Format.JSON;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return RowsWriter.Format.CSV;
            }
            if (type.isWildcardType() || type.getSubtype().contains("votable") || type.getSubtype().equals("xml")) {
                return RowsWriter.Format.BINARY2;
            }
        }
        return RowsWriter.Format.BINARY2;
    }
}
