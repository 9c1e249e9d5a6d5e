package org.felicette.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogModel.SchemaInfo;
import org.felicette.catalog.CatalogModel.TableDetail;
import org.felicette.catalog.CatalogModel.TableInfo;
import org.felicette.catalog.CatalogReader;
import org.felicette.vosi.TableVoTableWriter;
import org.felicette.vosi.TablesetWriter;

/**
 * VOSI tables: the caller's tableset, one schema, or one table — as VODataService XML, a VOTable
 * of FIELDs, or JSON. Each answer has an ETag of what the caller sees; a repeated request is a
 * 304, and rendered answers are kept by ETag so that a popular one is rendered once.
 */
@Path("tables")
public final class TablesResource {

    static final String XML = "text/xml";
    static final String VOTABLE = "application/x-votable+xml";

    private final CatalogReader reader;
    private final RenderCache cache;
    private final int maxTablesForDetail;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public TablesResource(CatalogReader reader, RenderCache cache, int maxTablesForDetail,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.reader = reader;
        this.cache = cache;
        this.maxTablesForDetail = maxTablesForDetail;
        this.json = json;
    }

    @GET
    @Produces({XML + ";qs=1", "application/xml;qs=0.9"})
    public Response tableset(@QueryParam("detail") String detail, @Context Caller caller, @Context Request request) {
        if (detail != null && !detail.equals("min") && !detail.equals("max")) {
            throw FelicetteException.badInput("bad_detail", "detail must be min or max, not '" + detail + "'");
        }
        String state = reader.state(caller);
        boolean max = detail != null ? detail.equals("max") : CatalogReader.visibleTables(state) <= maxTablesForDetail;
        return cached(request, etag(caller, state, "tableset", max ? "max" : "min"), XML, () -> out -> {
            try (TablesetWriter writer = new TablesetWriter(out, max)) {
                reader.tableset(caller, null, max, writer);
            }
        });
    }

    @GET
    @Path("{name}")
    @Produces({XML + ";qs=1", "application/xml;qs=0.9"})
    public Response xml(@PathParam("name") String name, @Context Caller caller, @Context Request request) {
        String state = reader.state(caller);
        if (isTableName(name)) {
            return cached(request, etag(caller, state, "table-xml", name), XML,
                    () -> {
                        TableDetail table = table(caller, name);
                        return out -> TablesetWriter.writeTable(out, table);
                    });
        }
        return cached(request, etag(caller, state, "schema-xml", name), XML, () -> {
            SchemaInfo schema = schema(caller, name);
            return out -> {
                try (TablesetWriter writer = new TablesetWriter(out, true)) {
                    reader.tableset(caller, schema.name(), true, writer);
                }
            };
        });
    }

    @GET
    @Path("{name}")
    @Produces(VOTABLE + ";qs=0.5")
    public Response votable(@PathParam("name") String name, @Context Caller caller, @Context Request request) {
        String state = reader.state(caller);
        if (!isTableName(name)) {
            schema(caller, name);
            throw new FelicetteException(FelicetteException.Kind.NOT_ACCEPTABLE, "not_acceptable", "'" + name
                    + "' is a schema; a VOTable view exists for tables (ask for text/xml or application/json)",
                    java.util.Map.of());
        }
        return cached(request, etag(caller, state, "table-votable", name), VOTABLE, () -> {
            TableDetail table = table(caller, name);
            return out -> TableVoTableWriter.write(out, table);
        });
    }

    @GET
    @Path("{name}")
    @Produces("application/json;qs=0.5")
    public Response json(@PathParam("name") String name, @Context Caller caller, @Context Request request) {
        String state = reader.state(caller);
        if (isTableName(name)) {
            return cached(request, etag(caller, state, "table-json", name), "application/json", () -> {
                TableDetail table = table(caller, name);
                return out -> json.writeValue(out, TableViews.table(table));
            });
        }
        return cached(request, etag(caller, state, "schema-json", name), "application/json", () -> {
            SchemaInfo schema = schema(caller, name);
            List<TableInfo> tables = reader.tables(caller, schema.name());
            return out -> json.writeValue(out, TableViews.schema(schema, tables));
        });
    }

    /** A name with one dot is a table ({@code schema.table}); more than one names nothing. */
    private static boolean isTableName(String name) {
        int dots = name.length() - name.replace(".", "").length();
        if (dots > 1) {
            throw notFound(name);
        }
        return dots == 1;
    }

    private TableDetail table(Caller caller, String name) {
        return reader.table(caller, name).orElseThrow(() -> notFound(name));
    }

    private SchemaInfo schema(Caller caller, String name) {
        return reader.schema(caller, name).orElseThrow(() -> notFound(name));
    }

    /** The same answer for a name that does not exist and one the caller may not see. */
    private static FelicetteException notFound(String name) {
        return FelicetteException.notFound("no table or schema '" + name + "'");
    }

    /** Prepares a rendering: reads what it needs (and fails with 404) only when it is not cached. */
    interface Prepare {
        RenderCache.Rendering prepare() throws java.io.IOException;
    }

    /**
     * 304 when the client has this ETag; the kept bytes when they are cached; else prepares the
     * rendering and streams it (keeping a copy). The ETag covers the caller's visible state and
     * the name as asked, so a hidden or missing name is never cached and still answers 404.
     */
    private Response cached(Request request, EntityTag tag, String type, Prepare prepare) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        byte[] bytes = cache.get(tag.getValue());
        String contentType = type + (type.endsWith("json") ? "" : ";charset=UTF-8");
        if (bytes != null) {
            // as a stream, not a byte[]: a JSON body would otherwise go through Jackson (as base64)
            return Response.ok((StreamingOutput) out -> out.write(bytes), contentType).tag(tag)
                    .header("Content-Length", bytes.length).build();
        }
        RenderCache.Rendering render;
        try {
            render = prepare.prepare();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StreamingOutput stream = out -> cache.render(tag.getValue(), out, render);
        return Response.ok(stream, contentType).tag(tag).build();
    }

    /** An ETag of what this caller sees (their identity and the state of their visible rows) and the view. */
    static EntityTag etag(Caller caller, String state, String view, String variant) {
        String basis = caller.user() + "\n" + String.join(",", caller.groups()) + "\n" + caller.admin() + "\n" + state
                + "\n" + view + "\n" + variant.toLowerCase(java.util.Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
