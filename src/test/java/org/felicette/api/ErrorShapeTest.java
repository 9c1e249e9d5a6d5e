package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteApplication;
import org.felicette.FelicetteConfiguration;
import org.felicette.FelicetteException;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every failure, Jersey's and ours, comes out in the one error shape, as text or JSON. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorShapeTest {

    /** The real application plus a resource whose methods fail in each way a real one can. */
    public static class ProbeApplication extends FelicetteApplication {
        @Override
        public void run(FelicetteConfiguration config, Environment environment) throws Exception {
            super.run(config, environment);
            environment.jersey().register(new Probe());
        }
    }

    @Path("probe")
    public static class Probe {
        public record Item(String name, int size) {
        }

        @POST
        @Path("json")
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Item json(Item item) {
            return item;
        }

        @GET
        @Path("boom")
        public String boom() {
            throw new IllegalStateException("SELECT secret FROM felicette.audit_log failed");
        }


        @GET
        @Path("bad")
        public String bad() {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "bad_datatype",
                    "column ra: datatype 'float128' is not a VOTable datatype", Map.of("column", "ra"));
        }
    }

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(ProbeApplication.class, TestDatabase.freshMigratedDatabase());

    private static Response get(String path, String accept) {
        var request = TestApp.target(APP, path).request();
        return accept == null ? request.get() : request.accept(accept).get();
    }

    @Test
    void unknownPathIsTextByDefault() {
        Response response = get("no/such/thing", null);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getMediaType().toString()).startsWith("text/plain");
        assertThat(response.readEntity(String.class)).isEqualTo("nothing here: /no/such/thing\n");
        assertThat(response.getHeaderString("X-Request-Id")).matches("[0-9a-f]{16}");
    }

    @Test
    void unknownPathIsJsonWhenAsked() {
        Response response = get("no/such/thing", "application/json");
        assertThat(response.getStatus()).isEqualTo(404);
        Map<?, ?> body = response.readEntity(Map.class);
        assertThat(body.get("code")).isEqualTo(404);
        assertThat(body.get("error")).isEqualTo("not_found");
        assertThat(body.get("message")).isEqualTo("nothing here: /no/such/thing");
        assertThat(body.get("request_id")).isEqualTo(response.getHeaderString("X-Request-Id"));
    }

    @Test
    void textIsChosenWhenPreferredOverJson() {
        Response response = get("no/such/thing", "text/plain, application/json;q=0.5");
        assertThat(response.getMediaType().toString()).startsWith("text/plain");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        Response response = TestApp.target(APP, "whoami").request().delete();
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeaderString("Allow")).contains("GET");
        assertThat(response.readEntity(String.class)).startsWith("method DELETE is not allowed on /whoami");

        Response json = TestApp.target(APP, "whoami").request().accept("application/json").delete();
        Map<?, ?> body = json.readEntity(Map.class);
        assertThat(body.get("error")).isEqualTo("method_not_allowed");
        assertThat(((Map<?, ?>) body.get("details")).get("allowed").toString()).contains("GET");
    }

    @Test
    void wrongContentTypeIs415ListingTheAcceptedOnes() {
        Response response = TestApp.target(APP, "probe/json").request()
                .post(Entity.entity("name,size", "text/csv"));
        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(response.readEntity(String.class))
                .isEqualTo("POST /probe/json does not accept content type text/csv; send one of: application/json\n");

        Response json = TestApp.target(APP, "probe/json").request().accept("application/json")
                .post(Entity.entity("name,size", "text/csv"));
        Map<?, ?> body = json.readEntity(Map.class);
        assertThat(body.get("code")).isEqualTo(415);
        assertThat(((Map<?, ?>) body.get("details")).get("accepted")).isEqualTo(List.of("application/json"));
    }

    @Test
    void malformedJsonIs400WithPosition() {
        Response response = TestApp.target(APP, "probe/json").request()
                .post(Entity.json("{\"name\": \"x\",\n \"size\": }"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).startsWith("the JSON body is not valid at line 2, column");

        Response json = TestApp.target(APP, "probe/json").request().accept("application/json")
                .post(Entity.json("{\"name\": \"x\", \"size\": \"big\"}"));
        assertThat(json.getStatus()).isEqualTo(400);
        Map<?, ?> body = json.readEntity(Map.class);
        assertThat(body.get("error")).isEqualTo("malformed_json");
        assertThat((String) body.get("message")).endsWith("'size' must be a number").doesNotContain("java.", "Probe");
    }

    /** Paths that Jetty refuses before Jersey runs; sent raw, since HTTP clients would normalise them. */
    @ParameterizedTest
    @CsvSource({"GET,/tables/%2E%2E", "GET,/a/%2e%2e//b", "PUT,/tables/x%2Fy", "DELETE,/%2e%2e", "PUT,/datalink/snippets/..%2fx"})
    void ambiguousPathsAre400InTheErrorShape(String method, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: text/plain")
                    .contains("X-Request-Id: ").doesNotContain("<html", "jetty", "Exception");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).matches("[A-Z][A-Za-z ]+\n");
        }
    }

    @Test
    void mismatchedJsonNamesTheFieldNotTheJavaType() {
        Response list = TestApp.target(APP, "probe/json").request().post(Entity.json("[1, 2]"));
        assertThat(list.getStatus()).isEqualTo(400);
        assertThat(list.readEntity(String.class)).isEqualTo("the JSON body is not valid at line 1, column 1: "
                + "the body must be an object\n");
    }

    @Test
    void wellFormedJsonStillWorks() {
        Response response = TestApp.target(APP, "probe/json").request()
                .post(Entity.json("{\"name\": \"x\", \"size\": 3}"));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat((Object) response.readEntity(Map.class)).isEqualTo(Map.of("name", "x", "size", 3));
    }

    @Test
    void domainErrorKeepsItsCodeAndDetails() {
        Map<?, ?> body = get("probe/bad", "application/json").readEntity(Map.class);
        assertThat(body.get("code")).isEqualTo(400);
        assertThat(body.get("error")).isEqualTo("bad_datatype");
        assertThat(body.get("details")).isEqualTo(Map.of("column", "ra"));
    }

    @Test
    void internalErrorHidesSqlAndStackButGivesTheRequestId() {
        Response response = get("probe/boom", null);
        assertThat(response.getStatus()).isEqualTo(500);
        String body = response.readEntity(String.class);
        assertThat(body).doesNotContain("SELECT").doesNotContain("Exception").doesNotContain("at org.")
                .contains(response.getHeaderString("X-Request-Id"));
    }
}
