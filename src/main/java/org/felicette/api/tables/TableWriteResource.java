package org.felicette.api.tables;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.api.loads.LoadBodies;
import org.felicette.api.loads.LoadResource;
import org.felicette.auth.Caller;
import org.felicette.catalog.access.AccessControl;
import org.felicette.catalog.loads.ColumnRenames;
import org.felicette.catalog.access.Permissions;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.catalog.tables.UserSchemas;
import org.felicette.catalog.tables.UserTables;
import org.felicette.catalog.Watch;
import org.felicette.ingest.BadData;
import org.felicette.ingest.FormatRecognition;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.Spool;
import org.felicette.ingest.SpooledBody;
import org.felicette.ingest.FileTable;
import org.felicette.tapschema.SchemaDefinition;
import org.felicette.tapschema.TableDefinition;
import org.felicette.vosi.TableDocuments;

/**
 * The YouCat writes on /tables: create a table (PUT, a VOSI table document or a VOTable) or, as
 * an admin, a schema (PUT on a schema name, optionally with YouCat's {@code x-vosi-schema}
 * document); change their descriptions (POST); drop them (DELETE). YouCat's permission headers
 * apply with the change, in its transaction.
 */
@Path("tables")
public final class TableWriteResource {

    static final String VOTABLE = "application/x-votable+xml";
    static final String VOSI_SCHEMA = "application/x-vosi-schema";
    static final String PARQUET = "application/vnd.apache.parquet";
    private static final long MAX_DOCUMENT = 4L * 1024 * 1024;
    private static final List<String> TABLE_TYPES = List.of(MediaType.TEXT_XML, MediaType.APPLICATION_XML, VOTABLE);

    private final UserTables tables;
    private final UserSchemas schemas;
    private final AccessControl access;
    private final ObjectMapper json;
    private final TableLoads loads;

    public TableWriteResource(UserTables tables, UserSchemas schemas, AccessControl access, TableLoads loads,
            ObjectMapper json) {
        this.loads = loads;
        this.tables = tables;
        this.schemas = schemas;
        this.access = access;
        this.json = json;
    }

    @PUT
    @Path("{name}")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML, VOTABLE, VOSI_SCHEMA, PARQUET, "application/x-parquet"})
    public Response create(@PathParam("name") String name, InputStream body, @Context HttpHeaders headers,
            @Context Caller caller, @Context UriInfo uri) throws IOException {
        if (!name.contains(".")) {
            return createSchema(name, body, headers, caller, uri);
        }
        caller.requireIdentity("create a table");
        if (is(headers, VOSI_SCHEMA)) {
            throw unsupported("PUT /tables/" + name + " creates a table from a VOSI table (text/xml) or a VOTable ("
                    + VOTABLE + "); " + VOSI_SCHEMA + " documents create schemas (PUT /tables/{schema})", TABLE_TYPES);
        }
        UserTables.Created created;
        if (is(headers, VOTABLE)) {
            created = createFromFile(name, LoadFormat.VOTABLE, body, headers, caller);
        } else if (LoadBodies.isLoad(headers)) {
            created = createFromFile(name, LoadFormat.PARQUET, body, headers, caller);
        } else {
            String document = Bodies.utf8(body, MAX_DOCUMENT, "the table document");
            created = tables.create(caller, name, TableDocuments.vosiTable(document), PermissionHeaders.read(headers));
        }
        URI location = uri.getBaseUriBuilder().path("tables").path(created.name().qualified()).build();
        return created(location, created, headers);
    }

    /** The most one load (and one PUT with rows) may send. */
    private Spool.Limit loadLimit() {
        return new Spool.Limit(loads.maxLoadBytes(), "load_too_large", "the load limit of " + loads.maxLoadBytes()
                + " bytes");
    }

    /**
     * A VOTable's FIELDs, or a Parquet file's schema (with VOParquet's embedded FIELDs), make the
     * table; the rows it holds are loaded in the same transaction. The body is spooled to a file
     * (capped at the load limit): its table is described from its head, then its rows streamed.
     */
    private UserTables.Created createFromFile(String name, LoadFormat format, InputStream body, HttpHeaders headers,
            Caller caller) throws IOException {
        SpooledBody spooled = SpooledBody.at(Spool.keep(LoadBodies.decoded(body, headers, format), null, "put",
                loadLimit(), "", "no table was created"));
        try (spooled) {
            FileTable table;
            try (InputStream head = spooled.again()) {
                table = format.reader().describe(head, Long.MAX_VALUE);
            } catch (BadData e) {
                throw Spool.refusal(e, "", "no table was created");
            }
            TableDefinition definition = table.definition();
            return tables.create(caller, name, new TableDefinition(name, definition.description(), definition.utype(),
                    definition.columns()), PermissionHeaders.read(headers),
                    table.hasRows() ? new UserTables.Rows(format, spooled) : null);
        }
    }

    /**
     * POST of rows (a CSV, TSV, FITS, VOTable, ECSV or Parquet body) appends them, as POST /load
     * does, with its {@code rename=FILE=TABLE} parameters.
     */
    @POST
    @Path("{name}")
    @Consumes({"text/csv", "text/tab-separated-values", "application/fits", VOTABLE, "text/x-ecsv",
        "application/x-ecsv", PARQUET, "application/x-parquet"})
    public Response append(@PathParam("name") String name, @QueryParam("rename") List<String> renames,
            InputStream body, @Context HttpHeaders headers, @Context Caller caller) throws IOException {
        caller.requireIdentity("load rows into a table");
        if (!name.contains(".")) {
            throw FelicetteException.badInput("bad_name", "rows go into a table (schema.table), not schema '" + name
                    + "'");
        }
        FormatRecognition.Recognised file = LoadBodies.open(body, headers, "POST /tables/" + name);
        return LoadResource.answer(loads.load(caller, name, file.format(), ColumnRenames.parse(renames), file.body(),
                Watch.NONE), headers, 200);
    }

    /** PUT of a schema may come without a body (the owner is in a header). */
    @PUT
    @Path("{name}")
    public Response createWithoutBody(@PathParam("name") String name, InputStream body, @Context HttpHeaders headers,
            @Context Caller caller, @Context UriInfo uri) throws IOException {
        if (!name.contains(".")) {
            caller.requireAdmin("create a schema");
        }
        if (name.contains(".") || headers.getMediaType() != null) {
            throw unsupported("PUT /tables/" + name + " takes text/xml or application/xml (a VOSI table) or "
                    + VOTABLE + " (a VOTable); a schema takes " + VOSI_SCHEMA + " or no body", List.of(
                            MediaType.TEXT_XML, MediaType.APPLICATION_XML, VOTABLE, VOSI_SCHEMA));
        }
        return createSchema(name, body, headers, caller, uri);
    }

    /** Admin: a schema with an owner (x-vosi-owner, or YouCat's older x-schema-owner; else the admin). */
    private Response createSchema(String name, InputStream body, HttpHeaders headers, Caller caller, UriInfo uri)
            throws IOException {
        caller.requireAdmin("create a schema");
        if (is(headers, VOTABLE)) {
            throw unsupported("PUT /tables/" + name + " names a schema; a schema takes " + VOSI_SCHEMA
                    + " (a VOSI tableset with one schema) or no body", List.of(VOSI_SCHEMA));
        }
        String document = Bodies.utf8(body, MAX_DOCUMENT, "the schema document");
        SchemaDefinition definition = document.isBlank() ? SchemaDefinition.EMPTY : TableDocuments.vosiSchema(document);
        Permissions.Change permissions = PermissionHeaders.read(headers);
        String legacyOwner = headers.getHeaderString("x-schema-owner");
        String owner = permissions.owner() != null ? permissions.owner() : legacyOwner;
        if (permissions.owner() != null && legacyOwner != null && !legacyOwner.strip().equals(permissions.owner())) {
            throw FelicetteException.badInput("bad_owner", "x-vosi-owner '" + permissions.owner()
                    + "' and x-schema-owner '" + legacyOwner.strip() + "' name different owners; give one");
        }
        schemas.createSchema(caller, name, owner, definition, permissions);
        return Response.created(uri.getAbsolutePath()).build();
    }

    @POST
    @Path("{name}")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON, VOSI_SCHEMA})
    public Response describe(@PathParam("name") String name, InputStream body, @Context HttpHeaders headers,
            @Context Caller caller) throws IOException {
        caller.requireIdentity("change a table");
        String document = Bodies.utf8(body, MAX_DOCUMENT, "the table document");
        if (!document.isBlank()) {
            boolean isJson = headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE);
            if (name.contains(".")) {
                tables.update(caller, name, isJson ? fromJson(document) : TableDocuments.vosiTable(document));
            } else {
                schemas.describeSchema(caller, name, isJson ? schemaFromJson(document)
                        : TableDocuments.vosiSchema(document));
            }
        }
        applyPermissionHeaders(name, headers, caller);
        return Response.noContent().build();
    }

    /** POST with only YouCat's permission headers. */
    @POST
    @Path("{name}")
    public Response permissionsOnly(@PathParam("name") String name, @Context HttpHeaders headers,
            @Context Caller caller) {
        if (headers.getMediaType() != null && headers.getLength() > 0) {
            throw unsupported("POST /tables/" + name + " takes a table document (text/xml, application/xml, "
                    + "application/json) or a schema document (" + VOSI_SCHEMA + ")", List.of(MediaType.TEXT_XML,
                            MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON, VOSI_SCHEMA));
        }
        if (!applyPermissionHeaders(name, headers, caller)) {
            throw FelicetteException.badInput("nothing_to_do", "POST /tables/" + name
                    + " needs a table document or permission headers (x-vosi-auth-read, x-vosi-group-ro, x-vosi-group-rw)");
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    public Response drop(@PathParam("name") String name, @Context Caller caller) {
        if (name.contains(".")) {
            tables.drop(caller, name);
        } else {
            schemas.drop(caller, name);
        }
        return Response.noContent().build();
    }

    private boolean applyPermissionHeaders(String name, HttpHeaders headers, Caller caller) {
        Permissions.Change change = PermissionHeaders.read(headers);
        if (change.isEmpty()) {
            return false;
        }
        access.setPermissions(caller, name, change);
        return true;
    }

    /**
     * 201 with the table's Location. Column names a strict ADQL parser needs quoted are named in a
     * {@code Warning} header and in the body (JSON when asked for, else a text line as YouCat writes
     * its validation warnings).
     */
    private static Response created(URI location, UserTables.Created created, HttpHeaders headers) {
        String table = created.name().qualified();
        List<String> reservedWords = created.reservedWords();
        Response.ResponseBuilder response = Response.created(location);
        boolean one = reservedWords.size() == 1;
        // information, once, when the table is made: this service's own ADQL reads the names as written
        String warning = reservedWords.isEmpty() ? null : "note: column name" + (one ? " " : "s ")
                + String.join(", ", reservedWords) + (one ? " is a reserved word" : " are reserved words")
                + " of ADQL or PostgreSQL; this service reads " + (one ? "it" : "them") + " as written, and other ADQL "
                + "services may need " + (one ? "it" : "them") + " quoted, e.g. SELECT \"" + reservedWords.get(0)
                + "\" FROM " + table;
        if (warning != null) {
            // an HTTP quoted-string: its own quotes escaped
            response.header("Warning", "299 felicette \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        if (headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.getType().equals("application")
                && t.getSubtype().equals("json"))) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("table", table);
            answer.put("location", location.toString());
            answer.put("warnings", warning == null ? List.of() : List.of(warning));
            if (created.rows() >= 0) {
                answer.put("rows", created.rows());
            }
            return response.entity(answer).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        String text = (created.rows() >= 0 ? "Inserted " + created.rows() + " rows to table " + table + "\n" : "")
                + (warning == null ? "" : warning + "\n");
        return text.isEmpty() ? response.build() : response.entity(text).type(MediaType.TEXT_PLAIN_TYPE).build();
    }

    private static boolean is(HttpHeaders headers, String type) {
        MediaType given = headers.getMediaType();
        return given != null && (given.getType() + "/" + given.getSubtype()).equalsIgnoreCase(type);
    }

    private static FelicetteException unsupported(String message, List<String> accepted) {
        return new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                message, Map.of("accepted", accepted));
    }

    /** The JSON table view (as GET gives it), for changes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonTable(String name, String description, String utype, List<TableDefinition.Column> columns,
            List<JsonForeignKey> foreignKeys) {
    }

    /** A foreign key of the JSON view: its target and column pairs (its key_id is the service's). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonForeignKey(String targetTable, String description, String utype, List<JsonKeyColumn> columns) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonKeyColumn(String fromColumn, String targetColumn) {
    }

    /** The JSON schema view (as GET gives it), for changes of its description and utype. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonSchema(String name, String description, String utype) {
    }

    private TableDefinition fromJson(String document) throws IOException {
        // the view's columns are the definition's columns; what the view adds (its index, flags) is left out
        JsonTable table = json.readerFor(JsonTable.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(document);
        List<TableDefinition.Column> columns = table.columns() == null ? List.of() : table.columns();
        List<TableDefinition.ForeignKey> keys = table.foreignKeys() == null ? null : table.foreignKeys().stream()
                .map(k -> new TableDefinition.ForeignKey(k.targetTable(), k.columns() == null ? List.of()
                        : k.columns().stream().map(c -> new TableDefinition.ColumnPair(c.fromColumn(), c.targetColumn()))
                                .toList(), k.description(), k.utype()))
                .toList();
        return new TableDefinition(table.name(), table.description(), table.utype(), columns, keys);
    }

    private SchemaDefinition schemaFromJson(String document) throws IOException {
        JsonSchema schema = json.readValue(document, JsonSchema.class);
        return new SchemaDefinition(schema.name(), schema.description(), schema.utype());
    }
}
