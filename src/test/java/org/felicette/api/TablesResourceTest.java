package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.felicette.FelicetteConfiguration;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.db.Db;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.SharedFiles;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.XsdValidator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@ExtendWith(DropwizardExtensionsSupport.class)
class TablesResourceTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static Jdbi jdbi = TestDatabase.jdbi(DATABASE);

    @BeforeAll
    static void publishDp02() {
        SharedFiles.root();
        new SchemaPublisher(Db.of(jdbi)).publish(Fixtures.load("sdm_schemas/schemas/dp02_dc2.yaml"), FelisOptions.DEFAULT,
                new SchemaPublisher.Request(1, null, "test"));
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created) VALUES ('user_erin', 'erin', 0, 1)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, api_created) "
                    + "VALUES ('user_erin', 'user_erin.mine', 'table', 'erin', 0, 1)");
            h.execute("INSERT INTO tap_schema.columns11 (table_name, column_name, datatype, principal, indexed, std) "
                    + "VALUES ('user_erin.mine', 'x', 'int', 1, 0, 0)");
        });
    }

    private static String get(String path, String accept) {
        return TestApp.target(APP, path).request(accept).get(String.class);
    }

    @Test
    void tablesetIsValidVosiAndListsSchemasInIndexOrder() {
        String xml = get("tables", "text/xml");
        assertThat(new XsdValidator("VOSITables-v1.1.xsd", "VODataService-v1.2.xsd").errors(xml)).isEmpty();
        assertThat(xml.indexOf("<name>tap_schema</name>")).isLessThan(xml.indexOf("<name>dp02_dc2_catalogs</name>"));
        assertThat(xml).doesNotContain("user_erin");
    }

    @Test
    void schemaAndTableDocumentsAreValid() {
        XsdValidator vosi = new XsdValidator("VOSITables-v1.1.xsd", "VODataService-v1.2.xsd");
        assertThat(vosi.errors(get("tables/dp02_dc2_catalogs", "text/xml"))).isEmpty();
        String table = get("tables/dp02_dc2_catalogs.Object", "application/xml");
        assertThat(table).startsWith("<?xml").contains("<vosi:table");
        assertThat(vosi.errors(table)).isEmpty();
        String votable = get("tables/dp02_dc2_catalogs.Object", "application/x-votable+xml");
        assertThat(new XsdValidator("VOTable-v1.4.xsd").errors(votable)).isEmpty();
    }

    @Test
    void objectColumnsFollowTapColumnIndexWithUnitsUcdsAndFlags() throws Exception {
        Document doc = parse(get("tables/dp02_dc2_catalogs.Object", "text/xml"));
        List<Element> columns = elements(doc.getDocumentElement(), "column");
        List<Integer> indexes = jdbi.withHandle(h -> h.createQuery("""
                SELECT column_index FROM tap_schema.columns WHERE table_name = 'dp02_dc2_catalogs.Object'
                ORDER BY column_index NULLS LAST, column_name""").mapTo(Integer.class).list());
        List<String> expected = jdbi.withHandle(h -> h.createQuery("""
                SELECT column_name FROM tap_schema.columns WHERE table_name = 'dp02_dc2_catalogs.Object'
                ORDER BY column_index NULLS LAST, column_name""").mapTo(String.class).list());
        assertThat(columns.stream().map(c -> child(c, "name")).toList()).isEqualTo(expected);
        assertThat(indexes).isNotEmpty();
        // ForcedSource sets tap:column_index: its columns come in that order, not by name
        Document forced = parse(get("tables/dp02_dc2_catalogs.ForcedSource", "text/xml"));
        List<String> byIndex = elements(forced.getDocumentElement(), "column").stream().map(c -> child(c, "name")).toList();
        assertThat(byIndex.subList(0, 3)).containsExactly("objectId", "band", "psfFlux");
        assertThat(byIndex).isNotEqualTo(byIndex.stream().sorted().toList());
        Element objectId = columns.stream().filter(c -> child(c, "name").equals("objectId")).findFirst().orElseThrow();
        assertThat(child(objectId, "ucd")).isEqualTo("meta.id;src;meta.main");
        assertThat(elements(objectId, "flag").stream().map(Element::getTextContent).toList())
                .contains("indexed", "primary");
        Element coordRa = columns.stream().filter(c -> child(c, "name").equals("coord_ra")).findFirst().orElseThrow();
        assertThat(child(coordRa, "unit")).isEqualTo("deg");
        Element dataType = elements(coordRa, "dataType").get(0);
        assertThat(dataType.getTextContent()).isEqualTo("double");
        // a string column carries its arraysize
        String arraysize = jdbi.withHandle(h -> h.createQuery("""
                SELECT column_name || '=' || arraysize FROM tap_schema.columns
                WHERE table_name = 'dp02_dc2_catalogs.Object' AND arraysize IS NOT NULL LIMIT 1""").mapTo(String.class).one());
        String name = arraysize.substring(0, arraysize.indexOf('='));
        Element sized = columns.stream().filter(c -> child(c, "name").equals(name)).findFirst().orElseThrow();
        assertThat(elements(sized, "dataType").get(0).getAttribute("arraysize"))
                .isEqualTo(arraysize.substring(arraysize.indexOf('=') + 1));
    }

    @Test
    void foreignKeysOfForcedSourceOnDiaObjectAppear() throws Exception {
        Document doc = parse(get("tables/dp02_dc2_catalogs.ForcedSourceOnDiaObject", "text/xml"));
        List<Element> keys = elements(doc.getDocumentElement(), "foreignKey");
        assertThat(keys).isNotEmpty();
        assertThat(keys.stream().map(k -> child(k, "targetTable")).toList())
                .contains("dp02_dc2_catalogs.DiaObject");
        assertThat(elements(keys.get(0), "fkColumn")).isNotEmpty();
    }

    @Test
    void votableFieldsMatchTheXmlColumns() throws Exception {
        Document xml = parse(get("tables/dp02_dc2_catalogs.Visit", "text/xml"));
        Document votable = parse(get("tables/dp02_dc2_catalogs.Visit", "application/x-votable+xml"));
        List<String> columns = elements(xml.getDocumentElement(), "column").stream()
                .map(c -> child(c, "name") + "|" + elements(c, "dataType").get(0).getTextContent() + "|"
                        + elements(c, "dataType").get(0).getAttribute("arraysize") + "|" + child(c, "unit") + "|"
                        + child(c, "ucd"))
                .toList();
        List<String> fields = elements(votable.getDocumentElement(), "FIELD").stream()
                .map(f -> f.getAttribute("name") + "|" + f.getAttribute("datatype") + "|" + f.getAttribute("arraysize")
                        + "|" + f.getAttribute("unit") + "|" + f.getAttribute("ucd"))
                .toList();
        assertThat(fields).isEqualTo(columns).isNotEmpty();
    }

    @Test
    void jsonViewHasTheSameColumnsWithFlags() {
        Map<?, ?> table = TestApp.target(APP, "tables/dp02_dc2_catalogs.Visit").request("application/json").get(Map.class);
        assertThat(table.get("name")).isEqualTo("dp02_dc2_catalogs.Visit");
        assertThat(table.get("public")).isEqualTo(true);
        List<?> columns = (List<?>) table.get("columns");
        Map<?, ?> visit = (Map<?, ?>) columns.get(0);
        assertThat(visit.get("name")).isEqualTo("visit");
        assertThat(visit.get("principal")).isEqualTo(true);
        assertThat(visit.get("indexed")).isEqualTo(true);
        // the second answer comes from the render cache and must be the same JSON
        Map<?, ?> again = TestApp.target(APP, "tables/dp02_dc2_catalogs.Visit").request("application/json").get(Map.class);
        assertThat(again).isEqualTo(table);
        Map<?, ?> schema = TestApp.target(APP, "tables/dp02_dc2_catalogs").request("application/json").get(Map.class);
        assertThat((List<?>) schema.get("tables")).hasSize(12);
    }

    @Test
    void tableNamesAreCaseInsensitiveAndExtraDotsAreNotFound() {
        assertThat(TestApp.target(APP, "tables/DP02_DC2_CATALOGS.object").request().get().getStatus()).isEqualTo(200);
        Response dots = TestApp.target(APP, "tables/a.b.c").request().get();
        assertThat(dots.getStatus()).isEqualTo(404);
        assertThat(dots.readEntity(String.class)).isEqualTo("no table or schema 'a.b.c'\n");
    }

    @Test
    void headAnswersWithoutABody() {
        Response head = TestApp.target(APP, "tables/dp02_dc2_catalogs.Object").request("text/xml").head();
        assertThat(head.getStatus()).isEqualTo(200);
        assertThat(head.getHeaderString("ETag")).isNotBlank();
        assertThat(TestApp.target(APP, "tables/nope.nothing").request().head().getStatus()).isEqualTo(404);
    }

    @Test
    void detailMinHasNoColumnsAndBadDetailIs400() {
        String min = get("tables?detail=min".replace("?detail=min", ""), "text/xml");
        assertThat(min).contains("<column");
        String xml = TestApp.target(APP, "tables").queryParam("detail", "min").request().get(String.class);
        assertThat(xml).doesNotContain("<column").contains("<name>dp02_dc2_catalogs.Object</name>");
        assertThat(new XsdValidator("VOSITables-v1.1.xsd", "VODataService-v1.2.xsd").errors(xml)).isEmpty();
        Response bad = TestApp.target(APP, "tables").queryParam("detail", "everything").request().get();
        assertThat(bad.getStatus()).isEqualTo(400);
    }

    @Test
    void repeatedRequestWithTheEtagIs304() {
        Response first = TestApp.target(APP, "tables").request().get();
        String etag = first.getHeaderString("ETag");
        first.readEntity(String.class);
        Response second = TestApp.target(APP, "tables").request().header("If-None-Match", etag).get();
        assertThat(second.getStatus()).isEqualTo(304);
        assertThat(second.getHeaderString("ETag")).isEqualTo(etag);
    }

    private static String etag(String user) {
        Response response = TestApp.as(user, TestApp.target(APP, "tables")).get();
        response.readEntity(String.class);
        return response.getHeaderString("ETag");
    }

    /** Changes reach the ETags through a notification: wait (bounded) until the user's ETag moves. */
    private static String etagOnceChanged(String user, String before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String now = etag(user);
        while (now.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = etag(user);
        }
        return now;
    }

    @Test
    void etagFollowsVisibleChangesOnly() throws InterruptedException {
        String bob = etag("bob");
        String erin = etag("erin");
        assertThat(erin).isNotEqualTo(bob);
        // erin's private table changes: erin's ETag moves (so the change has been noticed) ...
        jdbi.useHandle(h -> h.execute("UPDATE tap_schema.tables11 SET description = 'changed' WHERE table_name = 'user_erin.mine'"));
        assertThat(etagOnceChanged("erin", erin)).isNotEqualTo(erin);
        // ... and bob, who cannot see it, keeps his
        assertThat(etag("bob")).isEqualTo(bob);
        // a table bob sees changes: his ETag and the content change
        jdbi.useHandle(h -> h.execute(
                "UPDATE tap_schema.columns11 SET description = 'new words' WHERE table_name = 'dp02_dc2_catalogs.Visit' AND column_name = 'visit'"));
        assertThat(etagOnceChanged("bob", bob)).isNotEqualTo(bob);
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables")).get(String.class)).contains("new words");
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        Response response = TestApp.target(APP, "tables").request().header("Accept-Encoding", "gzip").get();
        assertThat(response.getHeaderString("Content-Encoding")).isEqualTo("gzip");
        byte[] body = response.readEntity(byte[].class);
        String xml = new String(new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(xml).contains("<vosi:tableset");
    }

    @Test
    void capabilitiesListTables() {
        assertThat(get("capabilities", "text/xml")).contains("standardID=\"ivo://ivoa.net/std/VOSI#tables-1.1\"");
    }

    @Test
    void tapSchemaViewsInEveryFormat() {
        String binary2 = TestApp.target(APP, "tap_schema/columns").request().get(String.class);
        assertThat(binary2).contains("<BINARY2>");
        assertThat(new XsdValidator("VOTable-v1.4.xsd").errors(binary2)).isEmpty();
        String td = TestApp.target(APP, "tap_schema/schemas").queryParam("FORMAT", "votable/td").request().get(String.class);
        assertThat(td).contains("<TD>dp02_dc2_catalogs</TD>");
        assertThat(new XsdValidator("VOTable-v1.4.xsd").errors(td)).isEmpty();
        List<?> json = TestApp.target(APP, "tap_schema/tables").queryParam("FORMAT", "json").request().get(List.class);
        assertThat(json).isNotEmpty().allSatisfy(row -> assertThat(((Map<?, ?>) row).keySet()).map(Object::toString)
                .containsExactlyInAnyOrder("schema_name", "table_name", "table_type", "utype", "description",
                        "table_index"));
        assertThat(json).anySatisfy(row -> assertThat(((Map<?, ?>) row).get("table_name"))
                .isEqualTo("dp02_dc2_catalogs.Object"));
        List<?> byAccept = TestApp.target(APP, "tap_schema/schemas").request("application/json").get(List.class);
        assertThat(byAccept).anySatisfy(row -> assertThat(((Map<?, ?>) row).get("schema_name")).isEqualTo("tap_schema"));
        String csv = TestApp.target(APP, "tap_schema/keys").queryParam("FORMAT", "csv").request().get(String.class);
        assertThat(csv).startsWith("key_id,from_table,target_table,utype,description\r\n");
        Response bad = TestApp.target(APP, "tap_schema/columns").queryParam("FORMAT", "parquet").request().get();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(TestApp.target(APP, "tap_schema/nothing").request().get().getStatus()).isEqualTo(404);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    static Matcher matcher(String regex, String text) {
        return Pattern.compile(regex).matcher(text);
    }
}
