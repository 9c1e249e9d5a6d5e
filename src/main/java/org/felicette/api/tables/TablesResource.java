package org.felicette.api.tables;

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
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.felicette.FelicetteException;
import org.felicette.api.http.RenderCache;
import org.felicette.auth.Caller;
import org.felicette.felis.FelisWriter;
import org.felicette.catalog.CatalogReader;
import org.felicette.catalog.tables.TableValidator;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.Identifiers;
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
    private final TableValidator validator;
    private final RenderCache cache;
    private final int maxTablesForDetail;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public TablesResource(CatalogReader reader, TableValidator validator, RenderCache cache, int maxTablesForDetail,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.reader = reader;
        this.validator = validator;
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
        boolean max = detail != null ? detail.equals("max")
                : CatalogReader.visibleTables(reader.state(caller)) <= maxTablesForDetail;
        return cached(request, caller, "tableset", max ? "max" : "min", XML, () -> {
            AtomicReference<String> seen = new AtomicReference<>();
            return new Prepared(out -> {
                try (TablesetWriter writer = new TablesetWriter(out, max)) {
                    seen.set(reader.tableset(caller, null, max, writer));
                }
            }, Map.of(), seen::get);
        });
    }

    @GET
    @Path("{name}")
    @Produces({XML + ";qs=1", "application/xml;qs=0.9"})
    public Response xml(@PathParam("name") String name, @QueryParam("action") String action, @Context Caller caller,
            @Context Request request) {
        if (action != null) {
            return action(name, action, caller);
        }
        if (isTableName(name)) {
            return cached(request, caller, "table-xml", name, XML, () -> {
                CatalogReader.Read<TableDetail> table = table(caller, name);
                return new Prepared(out -> TablesetWriter.writeTable(out, table.value()), permissions(table.value()),
                        table::state);
            });
        }
        return cached(request, caller, "schema-xml", name, XML, () -> {
            SchemaInfo schema = schema(caller, name).value().schema();
            AtomicReference<String> seen = new AtomicReference<>();
            return new Prepared(out -> {
                try (TablesetWriter writer = new TablesetWriter(out, true)) {
                    seen.set(reader.tableset(caller, schema.name(), true, writer));
                }
            }, PermissionHeaders.of(schema.access()), seen::get);
        });
    }

    /**
     * A schema the caller sees (or one table of it) as a Felis document: what felis validates, and
     * what, published back with {@code PUT /schemas/{name}} (uniqueKeys off: constraints are named by
     * their key ids), gives the same TAP_SCHEMA rows. A user's table can so be curated into a survey's
     * data model.
     */
    @GET
    @Path("{name}")
    @Produces({"application/yaml;qs=0.3", "application/x-yaml;qs=0.3", "text/yaml;qs=0.3"})
    public Response felis(@PathParam("name") String name, @Context Caller caller) throws java.io.IOException {
        boolean table = isTableName(name);
        SchemaInfo schema = schema(caller, table ? name.substring(0, name.indexOf('.')) : name).value().schema();
        List<TableDetail> tables = reader.tableDetails(caller, schema.name()).value().stream()
                .filter(detail -> !table || detail.table().name().equalsIgnoreCase(name)).toList();
        if (table && tables.isEmpty()) {
            throw notFound(name);
        }
        FelisWriter.Written written;
        try {
            written = FelisWriter.write(schema, tables);
        } catch (IllegalArgumentException e) {
            throw new FelicetteException(FelicetteException.Kind.NOT_ACCEPTABLE, "no_felis_form", "'" + name
                    + "' cannot be written as Felis: " + e.getMessage(), Map.of());
        }
        String note = written.omitted().isEmpty() ? "" : "# Left out, as the document holds no table they refer to "
                + "(Felis would need a resource for another schema's): " + String.join("; ", written.omitted()) + "\n";
        return Response.ok("# " + schema.name() + " as this service's TAP_SCHEMA describes it; publish it back with "
                + "PUT /schemas/" + schema.name() + " (uniqueKeys off)\n" + note + written.yaml(),
                "application/yaml;charset=UTF-8").build();
    }

    /** {@code ?action=validate} with a plain-text answer, whatever the client accepts otherwise. */
    @GET
    @Path("{name}")
    @Produces("text/plain;qs=0.1")
    public Response text(@PathParam("name") String name, @QueryParam("action") String action, @Context Caller caller) {
        if (action == null) {
            throw new FelicetteException(FelicetteException.Kind.NOT_ACCEPTABLE, "not_acceptable", "'" + name
                    + "' is described in text/xml, " + VOTABLE + " or application/json; text/plain answers "
                    + "?action=validate", java.util.Map.of());
        }
        return action(name, action, caller);
    }

    /**
     * YouCat's dry check: {@code <name>: OK}, or 400 listing what TAP_SCHEMA says that does not
     * hold (see {@link TableValidator}).
     */
    private Response action(String name, String action, Caller caller) {
        if (!action.equalsIgnoreCase("validate")) {
            throw FelicetteException.badInput("bad_action", "action must be validate, not '" + action + "'");
        }
        List<String> problems = validator.problems(caller, name);
        if (!problems.isEmpty()) {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "invalid_table", name + ": "
                    + String.join("\n", problems), Map.of("errors", problems));
        }
        return Response.ok(name + ": OK\n", "text/plain;charset=UTF-8").build();
    }

    @GET
    @Path("{name}")
    @Produces(VOTABLE + ";qs=0.5")
    public Response votable(@PathParam("name") String name, @QueryParam("action") String action,
            @Context Caller caller, @Context Request request) {
        if (action != null) {
            return action(name, action, caller);
        }
        if (!isTableName(name)) {
            schema(caller, name);
            throw new FelicetteException(FelicetteException.Kind.NOT_ACCEPTABLE, "not_acceptable", "'" + name
                    + "' is a schema; a VOTable view exists for tables (ask for text/xml or application/json)",
                    java.util.Map.of());
        }
        return cached(request, caller, "table-votable", name, VOTABLE, () -> {
            CatalogReader.Read<TableDetail> table = table(caller, name);
            return new Prepared(out -> TableVoTableWriter.write(out, table.value()), permissions(table.value()),
                    table::state);
        });
    }

    @GET
    @Path("{name}")
    @Produces("application/json;qs=0.5")
    public Response json(@PathParam("name") String name, @QueryParam("action") String action, @Context Caller caller,
            @Context Request request) {
        if (action != null) {
            return action(name, action, caller);
        }
        if (isTableName(name)) {
            return cached(request, caller, "table-json", name, "application/json", () -> {
                CatalogReader.Read<TableDetail> table = table(caller, name);
                return new Prepared(out -> json.writeValue(out, TableViews.table(table.value())),
                        permissions(table.value()), table::state);
            });
        }
        return cached(request, caller, "schema-json", name, "application/json", () -> {
            CatalogReader.Read<CatalogReader.SchemaListing> listing = schema(caller, name);
            SchemaInfo schema = listing.value().schema();
            return new Prepared(out -> json.writeValue(out, TableViews.schema(schema, listing.value().tables())),
                    PermissionHeaders.of(schema.access()), listing::state);
        });
    }

    /** YouCat's permission headers of a table, for tables that have an owner. */
    private static Map<String, String> permissions(TableDetail table) {
        return PermissionHeaders.of(table.table().access());
    }

    /** A name with one dot is a table ({@code schema.table}); more than one names nothing. */
    private static boolean isTableName(String name) {
        int dots = name.length() - name.replace(".", "").length();
        if (dots > 1) {
            // as YouCat: too many dots name nothing
            throw FelicetteException.notFound("no table or schema '" + name + "'");
        }
        return dots == 1;
    }

    private CatalogReader.Read<TableDetail> table(Caller caller, String name) {
        CatalogReader.Read<java.util.Optional<TableDetail>> read = reader.tableRead(caller, name);
        return new CatalogReader.Read<>(read.value().orElseThrow(() -> notFound(name)), read.state());
    }

    private CatalogReader.Read<CatalogReader.SchemaListing> schema(Caller caller, String name) {
        CatalogReader.Read<java.util.Optional<CatalogReader.SchemaListing>> read = reader.schemaListing(caller, name);
        return new CatalogReader.Read<>(read.value().orElseThrow(() -> notFound(name)), read.state());
    }

    /**
     * The same answer for a name that does not exist and one the caller may not see: 404, or 400
     * naming what is wrong when the name breaks the identifier rules (whether or not something of
     * that name exists, so the answer tells nothing about hidden schemas).
     */
    private static FelicetteException notFound(String name) {
        try {
            if (name.contains(".")) {
                Identifiers.TableName.parse(name);
            } else {
                new Identifiers.SchemaName(name);
            }
        } catch (FelicetteException bad) {
            return bad;
        }
        return FelicetteException.notFound("no table or schema '" + name + "'");
    }

    /**
     * A rendering, the headers that go with it, and the caller's state the rendering read (known
     * once it has been read: before rendering for one table, after it for a tableset).
     */
    record Prepared(RenderCache.Rendering rendering, Map<String, String> headers, Supplier<String> readAt) {
    }

    /** Prepares a rendering: reads what it needs (and fails with 404) only when it is not cached. */
    interface Prepare {
        Prepared prepare() throws java.io.IOException;
    }

    /**
     * 304 when the client has this ETag; the kept bytes when they are cached; else prepares the
     * rendering and streams it (keeping a copy). The ETag covers the caller's visible state and
     * the name as asked, so a hidden or missing name is never cached and still answers 404.
     *
     * <p>The remembered state may lag a change another instance has committed (until its
     * notification arrives). Serving from it is a bounded staleness; but what is rendered is read
     * now, so before rendering the state is read afresh, the answer is tagged with the state it
     * was read at, and a copy is kept only under that same state. Otherwise a rendering made
     * after a change could be kept under the tag of before it, and be served again whenever the
     * state came back to that value (a table made then dropped).
     */
    private Response cached(Request request, Caller caller, String view, String variant, String type,
            Prepare prepare) {
        // a VOTable's XML declares its encoding, and YouCat's clients compare the header for equality
        String contentType = type + (type.endsWith("json") || type.equals(VOTABLE) ? "" : ";charset=UTF-8");
        EntityTag tag = etag(caller, reader.state(caller), view, variant);
        Response served = servedFrom(request, tag, contentType);
        if (served != null) {
            return served;
        }
        String fresh = reader.freshState(caller);
        EntityTag freshTag = etag(caller, fresh, view, variant);
        if (!freshTag.equals(tag)) {
            served = servedFrom(request, freshTag, contentType);
            if (served != null) {
                return served;
            }
        }
        Prepared prepared;
        try {
            prepared = prepare.prepare();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String readBefore = prepared.readAt().get(); // null when the rendering reads as it goes
        String state = readBefore != null ? readBefore : fresh;
        EntityTag sent = etag(caller, state, view, variant);
        StreamingOutput stream = out -> cache.render(sent.getValue(), prepared.headers(), out, prepared.rendering(),
                () -> state.equals(prepared.readAt().get()));
        return PermissionHeaders.add(Response.ok(stream, contentType).tag(sent), prepared.headers()).build();
    }

    /** A 304 or the kept bytes for this tag, or null when it must be rendered. */
    private Response servedFrom(Request request, EntityTag tag, String contentType) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).build();
        }
        RenderCache.Entry kept = cache.get(tag.getValue());
        if (kept == null) {
            return null;
        }
        byte[] bytes = kept.body();
        // as a stream, not a byte[]: a JSON body would otherwise go through Jackson (as base64)
        return PermissionHeaders.add(Response.ok((StreamingOutput) out -> out.write(bytes), contentType).tag(tag)
                .header("Content-Length", bytes.length), kept.headers()).build();
    }

    /** An ETag of what this caller sees (their identity and the state of their visible rows) and the view. */
    public static EntityTag etag(Caller caller, String state, String view, String variant) {
        String basis = caller.user() + "\n" + String.join(",", caller.memberships()) + "\n" + caller.admin() + "\n" + state
                + "\n" + view + "\n" + variant.toLowerCase(java.util.Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return new EntityTag(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
