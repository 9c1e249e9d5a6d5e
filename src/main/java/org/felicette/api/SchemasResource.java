package org.felicette.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.felicette.FelicetteException;
import org.felicette.api.http.Bodies;
import org.felicette.auth.Caller;
import org.felicette.catalog.publishing.PublishReport;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.felis.FelisConfig;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.Problem;
import org.felicette.felis.Source;
import org.felicette.tapschema.PublishedVersion;

/** Felis schemas: publish (PUT), export (GET), retire (DELETE), list, and dry-run validation. */
@Path("schemas")
public final class SchemasResource {

    static final String YAML = "application/yaml";

    private final SchemaPublisher publisher;
    private final FelisConfig config;

    public SchemasResource(SchemaPublisher publisher, FelisConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    /** A published schema as listed. */
    public record Summary(String name, String version, Integer index, String checksum, int tables, int columns,
            int keys, String owner, String publishedBy, String publishedAt) {

        static Summary of(PublishedVersion v) {
            return new Summary(v.name(), v.felisVersion(), v.schemaIndex(), v.checksum(), v.tableCount(),
                    v.columnCount(), v.keyCount(), v.ownerId(), v.publishedBy(), v.publishedAt().toString());
        }
    }

    /** The outcome of a dry run. */
    public record Validation(boolean valid, String schema, int tables, int columns, List<String> errors,
            List<String> warnings) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Summary> list(@Context Caller caller) {
        return publisher.list(caller).stream().map(Summary::of).toList();
    }

    @GET
    @Path("{name}")
    @Produces({YAML, "application/x-yaml", "text/yaml"})
    public Response document(@PathParam("name") String name, @Context Caller caller) {
        String document = publisher.document(caller, name).orElseThrow(() -> notFound(name));
        return Response.ok(document).type(YAML + ";charset=utf-8").build();
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Summary summary(@PathParam("name") String name, @Context Caller caller) {
        return publisher.current(caller, name).map(Summary::of).orElseThrow(() -> notFound(name));
    }

    @PUT
    @Path("{name}")
    @Consumes({YAML, "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("name") String name, InputStream body, @QueryParam("index") Integer index,
            @QueryParam("uniqueKeys") Boolean uniqueKeys, @QueryParam("owner") String owner,
            @QueryParam("check") List<String> checks, @Context Caller caller, @Context UriInfo uri) throws IOException {
        caller.requireAdmin("publish a Felis schema");
        FelisOptions options = options(checks, uniqueKeys);
        FelisLoader.Loaded loaded = load(name, body, options);
        if (loaded.schema() != null && !name.equals(loaded.schema().name())) {
            throw FelicetteException.badInput("name_mismatch", "the path names schema '" + name
                    + "' but the document's name is '" + loaded.schema().name() + "'");
        }
        PublishReport report = publisher.publish(loaded, options,
                new SchemaPublisher.Request(index, owner == null || owner.isBlank() ? null : owner, caller.user()));
        Response.ResponseBuilder response = report.status().equals("created")
                ? Response.created(uri.getAbsolutePath()) : Response.ok();
        return response.entity(report).build();
    }

    @DELETE
    @Path("{name}")
    public Response retire(@PathParam("name") String name, @Context Caller caller) {
        caller.requireAdmin("retire a Felis schema");
        publisher.retire(name, caller.user());
        return Response.noContent().build();
    }

    @POST
    @Path("validate")
    @Consumes({YAML, "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"})
    @Produces(MediaType.APPLICATION_JSON)
    public Validation validate(InputStream body, @QueryParam("check") List<String> checks,
            @QueryParam("name") @DefaultValue("document.yaml") String documentName) throws IOException {
        FelisLoader.Loaded loaded = load(documentName.replaceAll("\\.ya?ml$", ""), body, options(checks, null));
        List<String> errors = loaded.problems().errors().stream().map(Problem::toString).toList();
        List<String> warnings = loaded.problems().warnings().stream().map(Problem::toString).toList();
        return new Validation(loaded.valid(), loaded.schema() == null ? null : loaded.schema().name(),
                loaded.schema() == null ? 0 : loaded.schema().tables().size(),
                loaded.schema() == null ? 0 : loaded.schema().tables().stream().mapToInt(t -> t.columns().size()).sum(),
                errors, warnings);
    }

    private FelisLoader.Loaded load(String name, InputStream body, FelisOptions options) throws IOException {
        String text = Bodies.utf8(body, config.maxDocumentBytes(), "the Felis document");
        return new FelisLoader(options, config.resolver()).load(new Source(name + ".yaml", null, text));
    }

    /** Options from the query: {@code check=description|tap-principal|tap-table-indexes|redundant-datatypes}. */
    private FelisOptions options(List<String> checks, Boolean uniqueKeys) {
        for (String check : checks) {
            if (!List.of("description", "tap-principal", "tap-table-indexes", "redundant-datatypes").contains(check)) {
                throw FelicetteException.badInput("bad_check", "unknown check '" + check
                        + "'; use description, tap-principal, tap-table-indexes or redundant-datatypes");
            }
        }
        FelisOptions options = config.options().withChecks(checks.contains("description"),
                checks.contains("tap-principal"), checks.contains("tap-table-indexes"),
                checks.contains("redundant-datatypes"));
        return uniqueKeys == null ? options : options.withUniqueKeys(uniqueKeys);
    }

    private static FelicetteException notFound(String name) {
        return FelicetteException.notFound("no published Felis schema '" + name + "'");
    }
}
