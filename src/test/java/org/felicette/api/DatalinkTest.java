package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.felicette.FelicetteConfiguration;
import org.felicette.catalog.CatalogReader;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.datalink.DatalinkService;
import org.felicette.db.Db;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.SharedFiles;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** DataLink artefacts with dp02_dc2, drp_base + dp2 and ivoa_obscore published and sdm_schemas' snippets loaded. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatalinkTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void publishAndLoad() {
        SharedFiles.root();
        SchemaPublisher publisher = new SchemaPublisher(Db.of(JDBI));
        FelisOptions options = FelisOptions.DEFAULT.withUniqueKeys(true);
        for (String fixture : List.of("dp02_dc2.yaml", "drp_base.yaml", "dp2.yaml", "ivoa_obscore.yaml")) {
            publisher.publish(Fixtures.load("sdm_schemas/schemas/" + fixture, options), options,
                    new SchemaPublisher.Request(1, null, "test"));
        }
        new DatalinkService(Db.of(JDBI), new CatalogReader(Db.of(JDBI), () -> 0)).loadDirectory(Fixtures.path("sdm_schemas/datalink"));
    }

    static <T> T json(String path, TypeReference<T> type) throws Exception {
        return JSON.readValue(TestApp.target(APP, path).request("application/json").get(String.class), type);
    }

    @Test
    void manifestIsDerivedFromTheSnippetsAndEqualsSdmSchemas() throws Exception {
        Map<String, List<String>> derived = json("datalink/manifest", new TypeReference<>() { });
        Map<String, List<String>> fixture = JSON.readValue(Files.readString(Fixtures.path(
                "sdm_schemas/datalink/datalink-manifest.json")), new TypeReference<>() { });
        assertThat(derived).isEqualTo(fixture);
    }

    @Test
    void checkReportsThePlaceholdersOfSchemasNotLoaded() throws Exception {
        List<Map<String, String>> missing = json("datalink/check", new TypeReference<>() { });
        assertThat(missing).extracting(m -> m.get("snippet")).containsExactlyInAnyOrder(
                "dp1_object_to_fs_timeseries", "dp1_diaobject_to_dias_timeseries", "dp1_diaobject_to_diafs_timeseries");
        assertThat(missing).extracting(m -> m.get("placeholder")).contains("dp1_Object_objectId");
    }

    @SuppressWarnings("unchecked")
    @Test
    void principalColumnsOfDp02FollowTapColumnIndexAsTheFelisFileSetsThem() throws Exception {
        String yaml = TestApp.target(APP, "datalink/columns-principal.yaml").request().get(String.class);
        assertThat(yaml).startsWith("tables:\n");
        Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, Map<String, List<String>>> tables = (Map<String, Map<String, List<String>>>) parsed.get("tables");
        List<String> names = new ArrayList<>(tables.keySet());
        assertThat(names).isSorted();
        Map<String, Object> felis = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Fixtures.path("sdm_schemas/schemas/dp02_dc2.yaml")));
        for (Map<String, Object> table : (List<Map<String, Object>>) felis.get("tables")) {
            record Col(String name, Integer index, int order) {
            }
            List<Col> principal = new ArrayList<>();
            List<Map<String, Object>> columns = (List<Map<String, Object>>) table.get("columns");
            for (int i = 0; i < columns.size(); i++) {
                Map<String, Object> c = columns.get(i);
                if (Integer.valueOf(1).equals(c.get("tap:principal"))) {
                    principal.add(new Col((String) c.get("name"), (Integer) c.get("tap:column_index"), i));
                }
            }
            principal.sort(Comparator.comparing(Col::index, Comparator.nullsLast(Integer::compare))
                    .thenComparingInt(Col::order));
            assertThat(tables.get("dp02_dc2_catalogs." + table.get("name")).get("tap:principal"))
                    .as((String) table.get("name")).isEqualTo(principal.stream().map(Col::name).toList());
        }
        assertThat(tables.get("dp02_dc2_catalogs.Object").get("tap:principal")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    @Test
    void minimalColumnsRoundTripTheFixture() throws Exception {
        Map<String, Object> fixture = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Fixtures.path("sdm_schemas/datalink/columns-minimal.yaml")));
        String yaml = TestApp.target(APP, "datalink/columns-minimal.yaml").request().get(String.class);
        Map<String, Map<String, Object>> served = (Map<String, Map<String, Object>>) ((Map<String, Object>)
                new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml)).get("tables");
        Map<String, Map<String, Object>> expected = (Map<String, Map<String, Object>>) fixture.get("tables");
        Map<String, Map<String, Object>> servedFixtureTables = new HashMap<>(served);
        servedFixtureTables.keySet().retainAll(expected.keySet());
        assertThat(servedFixtureTables).isEqualTo(expected);
        // the catalogue's other tables are there with empty lists
        assertThat(served.get("ivoa.ObsCore")).isEqualTo(Map.of("lsst:minimal", List.of()));
        Map<?, ?> asJson = TestApp.target(APP, "datalink/columns-minimal.yaml").request("application/json")
                .get(Map.class);
        assertThat(((Map<?, ?>) asJson.get("tables")).keySet()).isEqualTo(served.keySet());
    }

    @Test
    void columnListsForTheDatalinkService() throws Exception {
        List<String> principal = json("datalink/columns/dp02_dc2_catalogs.ForcedSource", new TypeReference<>() { });
        assertThat(principal).hasSizeGreaterThan(10);
        Response response = TestApp.target(APP, "datalink/columns/dp02_dc2_catalogs.ForcedSource")
                .queryParam("detail", "principal").request().get();
        List<String> principalOnly = JSON.readValue(response.readEntity(String.class), new TypeReference<>() { });
        assertThat(principalOnly).startsWith("objectId", "band", "psfFlux");
        assertThat(response.getHeaderString("ETag")).isNotBlank();
        assertThat(response.getHeaderString("X-Catalogue-Version")).isNotBlank();
        Response again = TestApp.target(APP, "datalink/columns/dp02_dc2_catalogs.ForcedSource")
                .queryParam("detail", "principal").request().header("If-None-Match", response.getHeaderString("ETag")).get();
        assertThat(again.getStatus()).isEqualTo(304);
        assertThat(TestApp.target(APP, "datalink/columns/nope.nothing").request().get().getStatus()).isEqualTo(404);
        assertThat(TestApp.target(APP, "datalink/columns/dp02_dc2_catalogs.Object").queryParam("detail", "minimal")
                .request().get(String.class).replaceAll("\\s", "")).isEqualTo("[]");
    }

    @Test
    void changingAPrincipalFlagChangesTheAnswerTheEtagAndTheZip() throws Exception {
        Response before = TestApp.target(APP, "datalink/columns/dp02_dc2_catalogs.Visit").queryParam("detail", "principal")
                .request().get();
        List<String> principalBefore = JSON.readValue(before.readEntity(String.class), new TypeReference<>() { });
        byte[] zipBefore = TestApp.target(APP, "datalink/datalink-columns.zip").request().get(byte[].class);
        assertThat(principalBefore).contains("visit");
        JDBI.useHandle(h -> h.execute("UPDATE tap_schema.columns11 SET principal = 0 "
                + "WHERE table_name = 'dp02_dc2_catalogs.Visit' AND column_name = 'visit'"));
        Response after = null;
        for (int i = 0; i < 250; i++) {
            after = TestApp.target(APP, "datalink/columns/dp02_dc2_catalogs.Visit").queryParam("detail", "principal")
                    .request().get();
            if (!after.getHeaderString("ETag").equals(before.getHeaderString("ETag"))) {
                break;
            }
            after.readEntity(String.class);
            Thread.sleep(20);
        }
        assertThat(after.getHeaderString("ETag")).isNotEqualTo(before.getHeaderString("ETag"));
        List<String> principalAfter = JSON.readValue(after.readEntity(String.class), new TypeReference<>() { });
        assertThat(principalAfter).doesNotContain("visit");
        byte[] zipAfter = TestApp.target(APP, "datalink/datalink-columns.zip").request().get(byte[].class);
        assertThat(zipAfter).isNotEqualTo(zipBefore);
        assertThat(unzip(zipAfter).get("columns-principal.yaml")).contains("dp02_dc2_catalogs.Visit:");
    }

    @Test
    void snippetsZipHasEverySnippetAndTheManifest() throws Exception {
        Map<String, String> entries = unzip(TestApp.target(APP, "datalink/datalink-snippets.zip").request().get(byte[].class));
        List<String> files;
        try (var listing = Files.list(Fixtures.path("sdm_schemas/datalink"))) {
            files = listing.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".xml")).toList();
        }
        assertThat(files).hasSize(10);
        List<String> expected = new java.util.ArrayList<>(files);
        expected.add("datalink-manifest.json");
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        for (String file : files) {
            assertThat(entries.get(file)).as(file).isEqualTo(TestApp.target(APP, "datalink/snippets/"
                    + file.replace(".xml", "")).request().get(String.class));
        }
    }

    @Test
    void snippetsAreAdminsAndValidated() {
        String good = "<VOTABLE><RESOURCE type=\"meta\" utype=\"adhoc:service\"><PARAM name=\"id\" ref=\"$a_b_c$\"/>"
                + "</RESOURCE></VOTABLE>";
        assertThat(TestApp.as("alice", TestApp.target(APP, "datalink/snippets/mine")).put(Entity.entity(good, "text/xml"))
                .getStatus()).isEqualTo(403);
        assertThat(TestApp.as("root", TestApp.target(APP, "datalink/snippets/mine")).put(Entity.entity(good, "text/xml"))
                .getStatus()).isEqualTo(204);
        Response twoResources = TestApp.as("root", TestApp.target(APP, "datalink/snippets/bad"))
                .put(Entity.entity(good.replace("</VOTABLE>", "<RESOURCE type=\"meta\" utype=\"adhoc:service\"/></VOTABLE>"),
                        "text/xml"));
        assertThat(twoResources.getStatus()).isEqualTo(400);
        assertThat(twoResources.readEntity(String.class)).contains("needs exactly one");
        Response badPlaceholder = TestApp.as("root", TestApp.target(APP, "datalink/snippets/bad"))
                .put(Entity.entity(good.replace("$a_b_c$", "$a b$"), "text/xml"));
        assertThat(badPlaceholder.getStatus()).isEqualTo(400);
        assertThat(badPlaceholder.readEntity(String.class)).contains("malformed placeholder");
        Response notXml = TestApp.as("root", TestApp.target(APP, "datalink/snippets/bad"))
                .put(Entity.entity("<VOTABLE>", "text/xml"));
        assertThat(notXml.getStatus()).isEqualTo(400);
        assertThat(TestApp.as("root", TestApp.target(APP, "datalink/snippets/mine")).delete().getStatus()).isEqualTo(204);
        assertThat(TestApp.as("root", TestApp.target(APP, "datalink/snippets/mine")).delete().getStatus()).isEqualTo(404);
    }

    @Test
    void ownerSetsMinimalColumnsOfTheirTable() {
        TestApp.as("alice", TestApp.target(APP, "tables/user_alice.mini"))
                .put(Entity.entity(UserTablesTest.vosiTable("user_alice.mini"), "text/xml")).readEntity(String.class);
        assertThat(TestApp.as("bob", TestApp.target(APP, "datalink/columns/user_alice.mini/minimal"))
                .put(Entity.json(List.of("id"))).getStatus()).isEqualTo(404);
        assertThat(TestApp.as("alice", TestApp.target(APP, "datalink/columns/user_alice.mini/minimal"))
                .put(Entity.json(List.of("nope"))).getStatus()).isEqualTo(400);
        assertThat(TestApp.as("alice", TestApp.target(APP, "datalink/columns/user_alice.mini/minimal"))
                .put(Entity.json(List.of("id", "ra"))).getStatus()).isEqualTo(204);
        assertThat(TestApp.as("alice", TestApp.target(APP, "datalink/columns/user_alice.mini")
                .queryParam("detail", "minimal")).get(String.class).replaceAll("\\s", "")).isEqualTo("[\"id\",\"ra\"]");
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
