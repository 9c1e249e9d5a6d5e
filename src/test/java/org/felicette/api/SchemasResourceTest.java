package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SchemasResourceTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    private static Response put(String user, String name, String yaml, String query) {
        var target = TestApp.target(APP, "schemas/" + name);
        if (query != null) {
            String[] kv = query.split("=");
            target = target.queryParam(kv[0], kv[1]);
        }
        return TestApp.as(user, target).put(Entity.entity(yaml, "application/yaml"));
    }

    private static String fixture(String relative) throws IOException {
        return Files.readString(Fixtures.path(relative));
    }

    @Test
    void adminPublishesThenRepublishes() throws IOException {
        String yaml = fixture("felis-tests/sales.yaml");
        Response created = put("root", "sales", yaml, null);
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.getLocation().getPath()).isEqualTo("/schemas/sales");
        Map<?, ?> report = created.readEntity(Map.class);
        assertThat(report.get("status")).isEqualTo("created");
        assertThat(report.get("tables")).isEqualTo(4);

        Response again = put("root", "sales", yaml, null);
        assertThat(again.getStatus()).isEqualTo(200);
        assertThat(again.readEntity(Map.class).get("status")).isEqualTo("unchanged");

        List<?> listed = TestApp.target(APP, "schemas").request().get(List.class);
        assertThat(listed).anySatisfy(item -> assertThat(((Map<?, ?>) item).get("name")).isEqualTo("sales"));
        Map<?, ?> summary = TestApp.target(APP, "schemas/sales").request("application/json").get(Map.class);
        assertThat(summary.get("published_by")).isEqualTo("root");
        assertThat(summary.get("columns")).isEqualTo(report.get("columns"));
        String exported = TestApp.target(APP, "schemas/sales").request("application/yaml").get(String.class);
        assertThat(exported).isEqualTo(yaml);
    }

    @Test
    void documentWithResourcesResolvesThemInTheSchemaDirectory() throws IOException {
        Response response = put("root", "dp2", fixture("sdm_schemas/schemas/dp2.yaml"), "uniqueKeys=true");
        assertThat(response.getStatus()).isEqualTo(201);
        Map<?, ?> report = response.readEntity(Map.class);
        assertThat((Integer) report.get("columns")).isGreaterThan(1000);
    }

    @Test
    void invalidDocumentIs400WithEveryErrorAndPosition() {
        String yaml = "name: broken\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: nope}\n"
                + "  - {name: b, datatype: string}\n";
        Response text = put("root", "broken", yaml, null);
        assertThat(text.getStatus()).isEqualTo(400);
        assertThat(text.readEntity(String.class)).isEqualTo("""
                the Felis document is not valid (2 errors):
                broken.yaml:5:25: column 't.a': unknown datatype 'nope'; use one of boolean, byte, short, int, long, \
                float, double, char, string, unicode, text, binary, timestamp
                broken.yaml:6:5: column 't.b': a length is required for datatype 'string'
                """);
        Response json = TestApp.as("root", TestApp.target(APP, "schemas/broken")).accept("application/json")
                .put(Entity.entity(yaml, "application/yaml"));
        Map<?, ?> body = json.readEntity(Map.class);
        assertThat(body.get("error")).isEqualTo("invalid_felis");
        assertThat((List<?>) ((Map<?, ?>) body.get("details")).get("errors")).hasSize(2);
        assertThat(TestApp.target(APP, "schemas/broken").request("application/json").get().getStatus()).isEqualTo(404);
    }

    @Test
    void aPrivateSchemaIsSeenOnlyByWhomTheReadRuleLets() {
        String yaml = """
                name: privsurvey
                description: A survey published for one owner
                tables:
                - name: objects
                  description: Objects
                  columns:
                  - {name: id, datatype: long, description: Identifier}
                """;
        assertThat(put("root", "privsurvey", yaml, "owner=alice").getStatus()).isEqualTo(201);
        for (String outsider : new String[] {null, "bob", "carol"}) {
            for (String type : new String[] {"application/yaml", "application/json"}) {
                Response hidden = TestApp.as(outsider, TestApp.target(APP, "schemas/privsurvey")).accept(type).get();
                assertThat(hidden.getStatus()).as(outsider + " " + type).isEqualTo(404);
                assertThat(hidden.readEntity(String.class)).doesNotContain("objects").doesNotContain("Identifier");
                Response none = TestApp.as(outsider, TestApp.target(APP, "schemas/nosuchsurvey")).accept(type).get();
                assertThat(none.getStatus()).isEqualTo(404);
            }
            List<?> listed = TestApp.as(outsider, TestApp.target(APP, "schemas")).get(List.class);
            assertThat(listed).noneSatisfy(item -> assertThat(((Map<?, ?>) item).get("name")).isEqualTo("privsurvey"));
        }
        assertThat(TestApp.as("alice", TestApp.target(APP, "schemas/privsurvey")).accept("application/yaml")
                .get(String.class)).isEqualTo(yaml);
        assertThat(TestApp.as("root", TestApp.target(APP, "schemas")).get(List.class))
                .anySatisfy(item -> assertThat(((Map<?, ?>) item).get("name")).isEqualTo("privsurvey"));
        assertThat(TestApp.as("alice", TestApp.target(APP, "schemas")).get(List.class))
                .anySatisfy(item -> assertThat(((Map<?, ?>) item).get("name")).isEqualTo("privsurvey"));

        // Shared with a group through /permissions, its members see it; others still do not.
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/privsurvey"))
                .post(Entity.entity("r-group=team\n", "text/plain")).getStatus()).isBetween(200, 204);
        assertThat(TestApp.as("frank", TestApp.target(APP, "schemas/privsurvey")).accept("application/json")
                .get().getStatus()).isEqualTo(200);
        assertThat(TestApp.as("bob", TestApp.target(APP, "schemas/privsurvey")).accept("application/json")
                .get().getStatus()).isEqualTo(404);
    }

    @Test
    void pathAndDocumentNameMustAgree() throws IOException {
        Response response = put("root", "other", fixture("felis-tests/test_composite_keys.yaml"), null);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("'other'").contains("'test_composite_keys'");
    }

    @Test
    void onlyAdminsPublishAndRetire() throws IOException {
        String yaml = fixture("felis-tests/test_composite_keys.yaml");
        assertThat(put(null, "test_composite_keys", yaml, null).getStatus()).isEqualTo(401);
        assertThat(put("alice", "test_composite_keys", yaml, null).getStatus()).isEqualTo(403);
        assertThat(put("dave", "test_composite_keys", yaml, null).getStatus()).isEqualTo(201);
        assertThat(TestApp.as("alice", TestApp.target(APP, "schemas/test_composite_keys")).delete().getStatus())
                .isEqualTo(403);
        assertThat(TestApp.as("root", TestApp.target(APP, "schemas/test_composite_keys")).delete().getStatus())
                .isEqualTo(204);
        assertThat(TestApp.as("root", TestApp.target(APP, "schemas/test_composite_keys")).delete().getStatus())
                .isEqualTo(404);
    }

    @Test
    void validateIsADryRunForAnyone() throws IOException {
        Map<?, ?> ok = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity(fixture("felis-tests/test_tap_schema.yaml"), "application/yaml"), Map.class);
        assertThat(ok.get("valid")).isEqualTo(true);
        assertThat(ok.get("schema")).isEqualTo("test_schema");
        assertThat(TestApp.target(APP, "schemas/test_schema").request("application/json").get().getStatus())
                .isEqualTo(404);

        Map<?, ?> bad = TestApp.target(APP, "schemas/validate").queryParam("check", "description").request()
                .post(Entity.entity("name: x\ntables:\n- name: t\n  columns: []\n", "application/yaml"), Map.class);
        assertThat(bad.get("valid")).isEqualTo(false);
        assertThat((List<?>) bad.get("errors")).hasSize(2);
    }

    @Test
    void unknownCheckIs400() {
        Response response = TestApp.target(APP, "schemas/validate").queryParam("check", "everything").request()
                .post(Entity.entity("name: x\ntables: []\n", "application/yaml"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("unknown check 'everything'");
    }

    @Test
    void aliasBombIsRefusedQuickly() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p)
                    .append(",*").append(p).append(",*").append(p).append("]\n");
        }
        long start = System.nanoTime();
        Map<?, ?> report = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity(bomb.toString(), "application/yaml"), Map.class);
        assertThat(report.get("valid")).isEqualTo(false);
        assertThat(report.get("errors").toString()).contains("aliases");
        assertThat(System.nanoTime() - start).as("refused, not expanded").isLessThan(10_000_000_000L);
    }

    @Test
    void customTagsAreRefused() {
        Map<?, ?> global = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity("name: !!python/object:os.system x\ntables: []\n", "application/yaml"), Map.class);
        assertThat(global.get("valid")).isEqualTo(false);
        assertThat(global.get("errors").toString()).contains("document.yaml:1:7:").contains("not allowed");
        Map<?, ?> local = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity("name: !custom x\ntables: []\n", "application/yaml"), Map.class);
        assertThat(local.get("errors").toString()).contains("document.yaml:1:7: the YAML tag !custom is not allowed");
    }

    @Test
    void recursiveAliasIsRefused() {
        Map<?, ?> report = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity("name: x\ntables: &t [*t]\n", "application/yaml"), Map.class);
        assertThat(report.get("errors").toString()).contains("recursive");
    }

    @Test
    void hundredMegabyteDocumentIs413WithoutReadingItAll() throws IOException {
        long size = 100L * 1024 * 1024;
        long sent = 0;
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /schemas/huge HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer root-token\r\n"
                    + "Content-Type: application/yaml\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "# comment line of a very long document\n".repeat(1600).getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent < size) {
                    int n = (int) Math.min(chunk.length, size - sent);
                    out.write(chunk, 0, n);
                    sent += n;
                }
            } catch (IOException serverStoppedReading) {
                // expected: the service answered and closed the connection before the end
            }
            String response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("larger than the limit of 33554432 bytes");
        }
        assertThat(sent).as("the upload was cut off").isLessThan(size);
    }

    @Test
    void resourceOutsideTheSchemaDirectoryIsRefused() {
        String yaml = "name: sneaky\nresources:\n  r: {uri: ../../../../../../etc/passwd}\ntables: []\n";
        Map<?, ?> report = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity(yaml, "application/yaml"), Map.class);
        assertThat(report.get("errors").toString()).contains("is outside the schema directory");
        String remote = "name: remote\nresources:\n  r: {uri: 'http://example.org/x.yaml'}\ntables: []\n";
        Map<?, ?> remoteReport = TestApp.target(APP, "schemas/validate").request()
                .post(Entity.entity(remote, "application/yaml"), Map.class);
        assertThat(remoteReport.get("errors").toString()).contains("is not a file");
    }
}
