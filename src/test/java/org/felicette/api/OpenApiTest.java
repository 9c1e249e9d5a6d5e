package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /openapi.json} and {@code /openapi.yaml}: valid OpenAPI 3 (read by swagger-parser, which
 * validates), describing every resource method Jersey serves, with the error shape and the token scheme.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenApiTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());

    static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    /** "GET /tables/{name}" for every resource method Jersey serves, sub-resources included. */
    static Set<String> served() {
        Set<Class<?>> classes = new LinkedHashSet<>();
        APP.getEnvironment().jersey().getResourceConfig().getInstances().forEach(r -> classes.add(r.getClass()));
        classes.addAll(APP.getEnvironment().jersey().getResourceConfig().getClasses());
        Set<String> out = new TreeSet<>();
        for (Class<?> c : classes) {
            if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                walk(Resource.from(c), "", out, 0);
            }
        }
        return out;
    }

    private static void walk(Resource resource, String prefix, Set<String> out, int depth) {
        String path = join(prefix, resource.getPath());
        for (ResourceMethod m : resource.getResourceMethods()) {
            out.add(m.getHttpMethod() + " " + normal(path));
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, path, out, depth);
        }
        ResourceMethod locator = resource.getResourceLocator();
        if (locator != null && depth < 4) {
            walk(Resource.from(locator.getInvocable().getRawResponseType()), path, out, depth + 1);
        }
    }

    private static String join(String a, String b) {
        String left = a == null ? "" : a.replaceAll("/+$", "");
        String right = b == null || b.isEmpty() ? "" : b.startsWith("/") ? b : "/" + b;
        String joined = left + right;
        return joined.isEmpty() ? "/" : joined;
    }

    /** A path template without its regular expressions ({type:json|yaml} is {type}) or a trailing slash. */
    static String normal(String path) {
        String p = path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return p.length() > 1 ? p.replaceAll("/$", "") : p;
    }

    @Test
    void theDescriptionIsValidOpenApiListingEveryResourceMethodWithTheErrorShapeAndTheTokenScheme() {
        Response response = TestApp.target(APP, "openapi.json").request().get();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        SwaggerParseResult result = parse(response.readEntity(String.class));
        assertThat(result.getMessages()).as("a valid OpenAPI document").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        Set<String> described = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(method ->
                described.add(method.name() + " " + normal(path))));
        Set<String> served = served();
        assertThat(served).as("Jersey's resource methods").hasSizeGreaterThan(60)
                .contains("GET /tables/{name}", "PUT /tables/{name}", "POST /load/{name}", "POST /sync", "GET /async/{id}",
                        "POST /uploads", "GET /openapi.{type}");
        assertThat(described).as("every resource method is described").containsAll(served);

        assertThat(api.getComponents().getSchemas()).containsKey("Error");
        assertThat(api.getComponents().getSchemas().get("Error").getProperties()).containsKeys("code", "error",
                "message", "details", "request_id");
        assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme()).isEqualTo("bearer");
        PathItem load = api.getPaths().entrySet().stream().filter(e -> normal(e.getKey()).equals("/load/{name}"))
                .findFirst().orElseThrow().getValue();
        // the media types a load reads, as the formats know them
        assertThat(load.getPost().getRequestBody().getContent().keySet())
                .containsExactlyInAnyOrderElementsOf(org.felicette.ingest.LoadFormat.accepted());
        assertThat(api.getPaths().get("/preview").getPost().getRequestBody().getContent().keySet())
                .containsExactlyInAnyOrderElementsOf(org.felicette.ingest.LoadFormat.accepted());
        assertThat(load.getPost().getResponses()).containsKeys("4XX", "5XX");
        assertThat(load.getPost().getResponses().get("4XX").getContent().get("application/json").getSchema().get$ref())
                .isEqualTo("#/components/schemas/Error");
        assertThat(api.getServers().get(0).getUrl()).isEqualTo("http://127.0.0.1:" + APP.getLocalPort());
    }

    @Test
    void theYamlFormIsTheSameDescription() {
        Response response = TestApp.target(APP, "openapi.yaml").request().get();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).startsWith("application/yaml");
        SwaggerParseResult yaml = parse(response.readEntity(String.class));
        assertThat(yaml.getMessages()).isEmpty();
        SwaggerParseResult json = parse(TestApp.target(APP, "openapi.json").request().get(String.class));
        assertThat(yaml.getOpenAPI().getPaths().keySet()).isEqualTo(json.getOpenAPI().getPaths().keySet());
    }
}
