package org.felicette.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import jakarta.ws.rs.GET;
import org.felicette.api.http.TableFileBody;
import org.felicette.ingest.LoadFormat;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /openapi.json} and {@code /openapi.yaml}: an OpenAPI 3 description of every HTTP
 * resource, generated from the JAX-RS resources themselves (swagger-core's reader: paths,
 * parameters, request bodies and their content types), so that it cannot drift from them; to
 * which are added what annotations would only repeat: the error shape every failure answers
 * with, and the bearer-token scheme (optional: anonymous callers see public metadata).
 */
@Path("openapi.{type:json|yaml}")
public final class OpenApiResource {

    private final Supplier<Set<Class<?>>> resources;
    private final String version;
    private volatile OpenAPI generated;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    /**
     * @param resources the classes registered with Jersey (resources among them), asked once, at the first request
     *     (when every resource is registered)
     */
    public static OpenApiResource of(Supplier<Set<Class<?>>> resources, String version) {
        return new OpenApiResource(resources, version);
    }

    // not public: Jersey looks for a constructor it could call itself, and warns of this one
    private OpenApiResource(Supplier<Set<Class<?>>> resources, String version) {
        this.resources = resources;
        this.version = version == null ? "development" : version;
    }

    @GET
    @Produces({"application/json", "application/yaml"})
    public Response document(@PathParam("type") String type, @Context UriInfo uri) throws JsonProcessingException {
        String base = uri.getBaseUri().toString();
        String server = base.endsWith("/") && base.length() > 1 ? base.substring(0, base.length() - 1) : base;
        String key = type + " " + server;
        String body = rendered.get(key);
        if (body == null) {
            OpenAPI api = described();
            synchronized (api) {
                api.setServers(List.of(new Server().url(server).description("this service")));
                body = type.equals("json") ? Json.pretty(api) : Yaml.pretty().writeValueAsString(api);
            }
            if (rendered.size() < 16) { // one per address the service is reached at, a few at most
                rendered.put(key, body);
            }
        }
        return Response.ok(body, type.equals("json") ? "application/json" : "application/yaml;charset=UTF-8").build();
    }

    /** The description, generated once. */
    OpenAPI described() {
        OpenAPI api = generated;
        if (api == null) {
            synchronized (this) {
                if (generated == null) {
                    generated = generate(resources.get(), version);
                }
                api = generated;
            }
        }
        return api;
    }

    static OpenAPI generate(Set<Class<?>> classes, String version) {
        OpenAPI base = new OpenAPI().info(new Info().title("Felicette").version(version)
                .description("TAP_SCHEMA and table-metadata registry: VOSI tables, the YouCat table API, TAP 1.1 "
                        + "queries and uploads, UWS jobs, Felis publishing and DataLink artefacts. Every failure "
                        + "answers with the Error shape (JSON when the client accepts it, else one line of text; "
                        + "TAP's /sync and /async answer a VOTable with QUERY_STATUS ERROR).")
                .license(new License().name("see the project")));
        Reader reader = new Reader(new SwaggerConfiguration().openAPI(base).readAllResources(true));
        Set<Class<?>> resources = new LinkedHashSet<>(classes);
        resources.removeIf(c -> !c.isAnnotationPresent(Path.class)); // providers and filters are registered too
        OpenAPI api = reader.read(resources);
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        components.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("a bearer token (IVOA SSO ivo://ivoa.net/sso#token); without one, a caller is anonymous"));
        components.addSchemas("Error", errorSchema());
        api.setComponents(components);
        api.setSecurity(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement()));
        tableFileBodies(api, resources);
        if (api.getPaths() != null) {
            for (PathItem item : api.getPaths().values()) {
                for (Operation operation : item.readOperations()) {
                    binaryBodies(operation);
                    ApiResponses responses = operation.getResponses() == null ? new ApiResponses()
                            : operation.getResponses();
                    responses.addApiResponse("4XX", errorResponse("the request cannot be answered as asked: what "
                            + "is wrong and where (400), who may (401, 403), what is not there (404), a conflict "
                            + "(409), a limit (413)"));
                    responses.addApiResponse("5XX", errorResponse("the service failed; the request id is logged"));
                    operation.setResponses(responses);
                }
            }
        }
        return api;
    }

    /** The bodies marked {@link TableFileBody}: the media types of every table format a load reads. */
    private static void tableFileBodies(OpenAPI api, Set<Class<?>> resources) {
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (java.lang.reflect.Method method : resource.getMethods()) {
                boolean marked = java.util.Arrays.stream(method.getParameterAnnotations()).flatMap(java.util.Arrays::stream)
                        .anyMatch(a -> a instanceof TableFileBody);
                String verb = java.util.Arrays.stream(method.getAnnotations()).map(a -> a.annotationType()
                        .getAnnotation(jakarta.ws.rs.HttpMethod.class)).filter(java.util.Objects::nonNull)
                        .map(jakarta.ws.rs.HttpMethod::value).findFirst().orElse(null);
                if (!marked || verb == null || api.getPaths() == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = ("/" + base + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/")
                        .replaceAll("(.)/$", "$1");
                PathItem item = api.getPaths().get(path);
                Operation operation = item == null ? null : item.readOperationsMap().get(
                        PathItem.HttpMethod.valueOf(verb));
                if (operation == null) {
                    continue;
                }
                Content content = new Content();
                LoadFormat.accepted().forEach(type -> content.addMediaType(type,
                        new MediaType().schema(new StringSchema().format("binary"))));
                operation.setRequestBody(new io.swagger.v3.oas.models.parameters.RequestBody().required(true)
                        .description("a table file (" + String.join(", ", java.util.Arrays.stream(LoadFormat.values())
                                .map(LoadFormat::label).toList()) + "), recognised by its first bytes, the "
                                + "Content-Type a hint; Content-Encoding: gzip is honoured").content(content));
            }
        }
    }

    /** A body read as a stream (an InputStream parameter) is bytes, not the object the reader takes it for. */
    private static void binaryBodies(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        operation.getRequestBody().getContent().values().forEach(media -> {
            if (media.getSchema() instanceof ObjectSchema object && object.getProperties() == null) {
                media.setSchema(new StringSchema().format("binary"));
            }
        });
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema errorSchema() {
        ObjectSchema error = new ObjectSchema();
        error.description("Every failure's answer as JSON (Accept: application/json); as text/plain, its message");
        error.addProperty("code", new IntegerSchema().description("the HTTP status"));
        error.addProperty("error", new StringSchema().description("a stable code, e.g. bad_name, table_exists"));
        error.addProperty("message", new StringSchema().description("what is wrong and where, for a person"));
        error.addProperty("details", new ObjectSchema().description("facts a client can use, e.g. a limit"));
        error.addProperty("request_id", new StringSchema().description("the id in the X-Request-Id header and the log"));
        error.setRequired(List.of("code", "error", "message", "request_id"));
        return error;
    }

    private static ApiResponse errorResponse(String description) {
        return new ApiResponse().description(description).content(new Content()
                .addMediaType("application/json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/Error")))
                .addMediaType("text/plain", new MediaType().schema(new StringSchema())));
    }
}
