package org.felicette.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.Identifiers.TableName;
import org.felicette.catalog.Permissions;
import org.felicette.catalog.TableDefinition;
import org.felicette.catalog.UserTables;
import org.felicette.vosi.TableDocuments;

/**
 * The YouCat writes on /tables: create a table (PUT, a VOSI table document or a VOTable), an
 * admin's schema (PUT on a schema name), change its description (POST), drop it (DELETE).
 */
@Path("tables")
public final class TableWriteResource {

    static final String VOTABLE = "application/x-votable+xml";
    private static final long MAX_DOCUMENT = 4L * 1024 * 1024;

    private final UserTables tables;
    private final ObjectMapper json;

    public TableWriteResource(UserTables tables, ObjectMapper json) {
        this.tables = tables;
        this.json = json;
    }

    @PUT
    @Path("{name}")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML, VOTABLE})
    public Response create(@PathParam("name") String name, InputStream body, @Context HttpHeaders headers,
            @HeaderParam("x-schema-owner") String schemaOwner, @Context Caller caller, @Context UriInfo uri)
            throws IOException {
        caller.requireIdentity("create a table");
        if (!name.contains(".")) {
            tables.createSchema(caller, name, schemaOwner);
            return Response.created(uri.getAbsolutePath()).build();
        }
        String document = Bodies.utf8(body, MAX_DOCUMENT, "the table document");
        TableDefinition definition = isVoTable(headers) ? TableDocuments.votable(document)
                : TableDocuments.vosiTable(document);
        TableName created = tables.create(caller, name, definition);
        return Response.created(uri.getBaseUriBuilder().path("tables").path(created.qualified()).build()).build();
    }

    /** PUT of a schema may come without a body (the owner is in a header). */
    @PUT
    @Path("{name}")
    public Response createWithoutBody(@PathParam("name") String name, @HeaderParam("x-schema-owner") String owner,
            @Context HttpHeaders headers, @Context Caller caller, @Context UriInfo uri) {
        if (name.contains(".") || headers.getMediaType() != null) {
            throw new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "PUT /tables/" + name + " takes text/xml or application/xml (a VOSI table) or "
                            + VOTABLE + " (a VOTable)", java.util.Map.of("accepted",
                            List.of(MediaType.TEXT_XML, MediaType.APPLICATION_XML, VOTABLE)));
        }
        tables.createSchema(caller, name, owner);
        return Response.created(uri.getAbsolutePath()).build();
    }

    @POST
    @Path("{name}")
    @Consumes({MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
    public Response describe(@PathParam("name") String name, InputStream body, @Context HttpHeaders headers,
            @Context Caller caller) throws IOException {
        caller.requireIdentity("change a table");
        String document = Bodies.utf8(body, MAX_DOCUMENT, "the table document");
        if (!document.isBlank()) {
            TableDefinition definition = headers.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)
                    ? fromJson(document) : TableDocuments.vosiTable(document);
            tables.update(caller, name, definition);
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
            throw new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "POST /tables/" + name + " takes a table document (text/xml, application/xml, application/json)",
                    java.util.Map.of("accepted",
                            List.of(MediaType.TEXT_XML, MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON)));
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
        tables.drop(caller, name);
        return Response.noContent().build();
    }

    /** YouCat's headers: x-vosi-auth-read (true/false), x-vosi-group-ro, x-vosi-group-rw; "null" clears. */
    private boolean applyPermissionHeaders(String name, HttpHeaders headers, Caller caller) {
        String read = headers.getHeaderString("x-vosi-auth-read");
        String ro = headers.getHeaderString("x-vosi-group-ro");
        String rw = headers.getHeaderString("x-vosi-group-rw");
        if (read == null && ro == null && rw == null) {
            return false;
        }
        Boolean isPublic = read == null ? null : parseBoolean(read, "x-vosi-auth-read");
        tables.setPermissions(caller, name, new Permissions.Change(null, isPublic, clearable(ro), clearable(rw)));
        return true;
    }

    private static String clearable(String value) {
        return value == null ? null : value.strip().equalsIgnoreCase("null") ? "" : value.strip();
    }

    static Boolean parseBoolean(String value, String what) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false") || v.equals("null") || v.isEmpty()) {
            return false;
        }
        throw FelicetteException.badInput("bad_permission", what + " must be true or false, not '" + value + "'");
    }

    private static boolean isVoTable(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return type != null && type.getSubtype().equals("x-votable+xml");
    }

    /** The JSON table view (as GET gives it), for changes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonTable(String name, String description, String utype, List<JsonColumn> columns) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JsonColumn(String name, String description, String unit, String ucd, String utype, String datatype,
            String arraysize, String xtype, Boolean principal, Boolean std) {
    }

    private TableDefinition fromJson(String document) throws IOException {
        JsonTable table = json.readValue(document, JsonTable.class);
        List<TableDefinition.Column> columns = table.columns() == null ? List.of() : table.columns().stream()
                .map(c -> new TableDefinition.Column(c.name(), c.description(), c.datatype(), c.arraysize(), c.xtype(),
                        c.unit(), c.ucd(), c.utype(), c.principal(), c.std()))
                .toList();
        return new TableDefinition(table.name(), table.description(), table.utype(), columns);
    }
}
