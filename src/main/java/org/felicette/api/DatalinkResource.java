package org.felicette.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.api.tables.TablesResource;
import org.felicette.auth.Caller;
import org.felicette.datalink.DatalinkFiles;
import org.felicette.datalink.DatalinkService;
import org.felicette.datalink.Snippet;

/**
 * DataLink artefacts from the live catalogue: the service-descriptor manifest and snippets, the
 * principal and minimal column lists (YAML as Rubin's build writes them, or JSON), the column
 * lists the DataLink service asks for, and the release-asset zips. Every answer carries the
 * version of what it was made from (X-Catalogue-Version, and in its ETag).
 */
@Path("datalink")
public final class DatalinkResource {

    static final String YAML = "application/yaml";
    static final String ZIP = "application/zip";
    static final String VERSION_HEADER = "X-Catalogue-Version";

    private final DatalinkService datalink;

    public DatalinkResource(DatalinkService datalink) {
        this.datalink = datalink;
    }

    @GET
    @Path("manifest")
    @Produces(MediaType.APPLICATION_JSON)
    public Response manifest(@Context Caller caller, @Context Request request) {
        return answer(caller, request, "manifest", MediaType.APPLICATION_JSON,
                () -> DatalinkFiles.json(DatalinkService.manifest(datalink.snippets())));
    }

    @GET
    @Path("check")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DatalinkService.Missing> check(@Context Caller caller) {
        return datalink.check(caller);
    }

    @GET
    @Path("columns-principal.yaml")
    @Produces({YAML + ";qs=1", "application/x-yaml;qs=0.9", "text/yaml;qs=0.9"})
    public Response principalYaml(@Context Caller caller, @Context Request request) {
        return columnsFile(caller, request, DatalinkFiles.PRINCIPAL_KEY, false);
    }

    @GET
    @Path("columns-principal.yaml")
    @Produces(MediaType.APPLICATION_JSON + ";qs=0.5")
    public Response principalJson(@Context Caller caller, @Context Request request) {
        return columnsFile(caller, request, DatalinkFiles.PRINCIPAL_KEY, true);
    }

    @GET
    @Path("columns-minimal.yaml")
    @Produces({YAML + ";qs=1", "application/x-yaml;qs=0.9", "text/yaml;qs=0.9"})
    public Response minimalYaml(@Context Caller caller, @Context Request request) {
        return columnsFile(caller, request, DatalinkFiles.MINIMAL_KEY, false);
    }

    @GET
    @Path("columns-minimal.yaml")
    @Produces(MediaType.APPLICATION_JSON + ";qs=0.5")
    public Response minimalJson(@Context Caller caller, @Context Request request) {
        return columnsFile(caller, request, DatalinkFiles.MINIMAL_KEY, true);
    }

    /** columns-principal.yaml or columns-minimal.yaml, as YAML or as JSON. */
    private Response columnsFile(Caller caller, Request request, String key, boolean asJson) {
        return answer(caller, request, key + (asJson ? "-json" : "-yaml"), asJson ? MediaType.APPLICATION_JSON : YAML,
                () -> {
                    var document = DatalinkFiles.columnsDocument(key.equals(DatalinkFiles.PRINCIPAL_KEY)
                            ? datalink.principal(caller) : datalink.minimal(caller), key);
                    return asJson ? DatalinkFiles.json(document) : DatalinkFiles.yaml(document);
                });
    }

    @GET
    @Path("columns/{table}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response columns(@PathParam("table") String table, @QueryParam("detail") String detail,
            @Context Caller caller, @Context Request request) {
        List<String> columns = datalink.columns(caller, table, detail);
        return answer(caller, request, "columns/" + table.toLowerCase(java.util.Locale.ROOT) + "/" + detail,
                MediaType.APPLICATION_JSON, () -> DatalinkFiles.json(columns));
    }

    @PUT
    @Path("columns/{table}/minimal")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setMinimal(@PathParam("table") String table, List<String> columns, @Context Caller caller) {
        if (columns == null) {
            throw FelicetteException.badInput("bad_columns", "send a JSON list of column names");
        }
        datalink.setMinimal(caller, table, columns);
        return Response.noContent().build();
    }

    @GET
    @Path("snippets")
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> snippetNames() {
        return datalink.snippets().stream().map(Snippet::name).toList();
    }

    @GET
    @Path("snippets/{name}")
    @Produces({"application/x-votable+xml", MediaType.TEXT_XML})
    public String snippet(@PathParam("name") String name) {
        return datalink.snippets().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> FelicetteException.notFound("no DataLink snippet '" + name + "'")).text();
    }

    @PUT
    @Path("snippets/{name}")
    @Consumes({"application/x-votable+xml", MediaType.TEXT_XML, MediaType.APPLICATION_XML})
    public Response putSnippet(@PathParam("name") String name, InputStream body, @Context Caller caller)
            throws IOException {
        datalink.putSnippet(caller, name, Bodies.utf8(body, 1024 * 1024, "the snippet"));
        return Response.noContent().build();
    }

    @DELETE
    @Path("snippets/{name}")
    public Response deleteSnippet(@PathParam("name") String name, @Context Caller caller) {
        datalink.deleteSnippet(caller, name);
        return Response.noContent().build();
    }

    @GET
    @Path("datalink-columns.zip")
    @Produces(ZIP)
    public Response columnsZip(@Context Caller caller, @Context Request request) {
        return zip(caller, request, "columns-zip", () -> DatalinkFiles.bytes(out -> DatalinkFiles.columnsZip(out,
                DatalinkFiles.yaml(DatalinkFiles.columnsDocument(datalink.principal(caller), DatalinkFiles.PRINCIPAL_KEY)),
                DatalinkFiles.yaml(DatalinkFiles.columnsDocument(datalink.minimal(caller), DatalinkFiles.MINIMAL_KEY)))));
    }

    @GET
    @Path("datalink-snippets.zip")
    @Produces(ZIP)
    public Response snippetsZip(@Context Caller caller, @Context Request request) {
        return zip(caller, request, "snippets-zip", () -> {
            List<Snippet> snippets = datalink.snippets();
            return DatalinkFiles.bytes(out -> DatalinkFiles.snippetsZip(out, snippets, DatalinkService.manifest(snippets)));
        });
    }

    interface ZipBytes {
        byte[] make() throws IOException;
    }

    private Response zip(Caller caller, Request request, String view, ZipBytes make) {
        String version = datalink.version(caller);
        EntityTag tag = TablesResource.etag(caller, version, "datalink", view);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).header(VERSION_HEADER, version).build();
        }
        String fresh = datalink.freshVersion(caller);
        try {
            byte[] bytes = make.make();
            StreamingOutput body = out -> out.write(bytes);
            return Response.ok(body, ZIP).tag(TablesResource.etag(caller, fresh, "datalink", view))
                    .header(VERSION_HEADER, fresh)
                    .header("Content-Disposition", "attachment; filename=\"" + (view.startsWith("columns")
                            ? "datalink-columns.zip" : "datalink-snippets.zip") + "\"").build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Response answer(Caller caller, Request request, String view, String type, Supplier<String> body) {
        String version = datalink.version(caller);
        EntityTag tag = TablesResource.etag(caller, version, "datalink", view);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.tag(tag).header(VERSION_HEADER, version).build();
        }
        String fresh = datalink.freshVersion(caller);
        String text = body.get();
        StreamingOutput stream = out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Response.ok(stream, type + ";charset=UTF-8").tag(TablesResource.etag(caller, fresh, "datalink", view))
                .header(VERSION_HEADER, fresh).build();
    }
}
