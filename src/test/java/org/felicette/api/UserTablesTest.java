package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.felicette.FelicetteConfiguration;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.db.Db;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The YouCat table API as pyvo and cadc-tap use it, with its permissions, quotas and failure modes. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UserTablesTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    @BeforeAll
    static void publishAFelisSchema() {
        String felis = "name: project\ntables:\n- name: t\n  columns:\n  - {name: c, datatype: int}\n";
        new SchemaPublisher(Db.of(JDBI)).publish(Fixtures.loadText("project.yaml", felis, FelisOptions.DEFAULT),
                FelisOptions.DEFAULT, new SchemaPublisher.Request(1, null, "test"));
    }

    static String vosiTable(String name) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output">
                  <name>%s</name>
                  <description>Stars I like</description>
                  <column><name>id</name><description>identifier</description><ucd>meta.id</ucd>
                    <dataType xsi:type="vs:VOTableType">long</dataType></column>
                  <column><name>ra</name><unit>deg</unit><ucd>pos.eq.ra</ucd>
                    <dataType xsi:type="vs:VOTableType">double</dataType></column>
                  <column><name>label</name><dataType xsi:type="vs:VOTableType" arraysize="32*">char</dataType></column>
                  <column><name>code</name><dataType xsi:type="vs:VOTableType" arraysize="4">char</dataType></column>
                  <column><name>notes</name><dataType xsi:type="vs:VOTableType" arraysize="*">unicodeChar</dataType></column>
                  <column><name>seen</name><dataType xsi:type="vs:VOTableType" arraysize="*" extendedType="timestamp">char</dataType></column>
                  <column><name>pos</name><dataType xsi:type="vs:VOTableType" arraysize="2" extendedType="point">double</dataType></column>
                  <column><name>flux</name><dataType xsi:type="vs:VOTableType" arraysize="5">float</dataType></column>
                </vosi:table>
                """.formatted(name);
    }

    static final String VOTABLE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
             <RESOURCE type="results"><TABLE name="%s">
              <FIELD name="objid" datatype="long" ucd="meta.id"><DESCRIPTION>object</DESCRIPTION></FIELD>
              <FIELD name="mag" datatype="float" unit="mag" ucd="phot.mag"/>
              <FIELD name="band" datatype="char" arraysize="1"/>
             </TABLE></RESOURCE>
            </VOTABLE>
            """;

    /** A request with the headers python-requests (pyvo's HTTP library) sends. */
    static Invocation.Builder pyvo(String user, String path) {
        return TestApp.as(user, TestApp.target(APP, path)).header("User-Agent", "python-requests/2.32.3")
                .header("Accept", "*/*").header("Accept-Encoding", "gzip, deflate");
    }

    static Response put(String user, String name, String body, String type) {
        return pyvo(user, "tables/" + name).put(Entity.entity(body, type));
    }

    static int status(Response response) {
        response.readEntity(String.class);
        return response.getStatus();
    }

    static String pgType(String schema, String table, String column) {
        return JDBI.withHandle(h -> h.createQuery("""
                SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                WHERE a.attrelid = to_regclass(:t) AND a.attname = :c""")
                .bind("t", schema + "." + table).bind("c", column).mapTo(String.class).one());
    }

    @Test
    void theJsonViewPostedBackChangesTheDescriptions() throws Exception {
        assertThat(status(put("alice", "user_alice.described", vosiTable("user_alice.described"), "text/xml")))
                .isEqualTo(201);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode view = (com.fasterxml.jackson.databind.node.ObjectNode) mapper
                .readTree(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.described"))
                        .accept("application/json").get(String.class));
        view.put("description", "Stars I still like");
        com.fasterxml.jackson.databind.node.ObjectNode ra = (com.fasterxml.jackson.databind.node.ObjectNode) view
                .get("columns").get(1);
        assertThat(ra.get("name").asText()).isEqualTo("ra");
        ra.put("description", "right ascension");
        ra.put("unit", "rad");
        Response posted = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.described"))
                .post(Entity.entity(mapper.writeValueAsString(view), "application/json"));
        assertThat(posted.getStatus()).as(posted.readEntity(String.class)).isIn(200, 204);
        String xml = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.described")).get(String.class);
        assertThat(xml).contains("Stars I still like").contains("right ascension").contains("<unit>rad</unit>");
    }

    @Test
    void pyvoCreateTableFromVosiDocumentRoundTrips() {
        Response created = put("alice", "user_alice.stars", vosiTable("user_alice.stars"), "text/xml");
        assertThat(status(created)).isEqualTo(201);
        assertThat(created.getLocation().getPath()).isEqualTo("/tables/user_alice.stars");
        Map<?, ?> table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars")).accept("application/json")
                .get(Map.class);
        assertThat(table.get("description")).isEqualTo("Stars I like");
        assertThat(table.get("owner")).isEqualTo("alice");
        List<?> columns = (List<?>) table.get("columns");
        assertThat(columns.stream().map(c -> ((Map<?, ?>) c).get("name")).toList())
                .isEqualTo(List.of("id", "ra", "label", "code", "notes", "seen", "pos", "flux"));
        Map<?, ?> ra = (Map<?, ?>) columns.get(1);
        assertThat(ra.get("unit")).isEqualTo("deg");
        assertThat(ra.get("ucd")).isEqualTo("pos.eq.ra");
        assertThat(ra.get("principal")).isEqualTo(true);
        // the wire view is the column's description, not where the catalogue keeps it
        assertThat(ra.keySet()).map(Object::toString).contains("name", "datatype", "column_index", "nullable")
                .doesNotContain("table_name", "ordinal", "size");
        assertThat(((Map<?, ?>) columns.get(2)).get("arraysize")).isEqualTo("32*");
        assertThat(((Map<?, ?>) columns.get(5)).get("xtype")).isEqualTo("timestamp");
        // the PostgreSQL types CADC maps them to
        assertThat(pgType("user_alice", "stars", "id")).isEqualTo("bigint");
        assertThat(pgType("user_alice", "stars", "ra")).isEqualTo("double precision");
        assertThat(pgType("user_alice", "stars", "label")).isEqualTo("character varying(32)");
        assertThat(pgType("user_alice", "stars", "code")).isEqualTo("character(4)");
        assertThat(pgType("user_alice", "stars", "notes")).isEqualTo("text");
        assertThat(pgType("user_alice", "stars", "seen")).isEqualTo("timestamp without time zone");
        assertThat(pgType("user_alice", "stars", "pos")).isEqualTo("double precision[]");
        assertThat(pgType("user_alice", "stars", "flux")).isEqualTo("real[]");
        // and the XML view says what was sent
        String xml = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars")).get(String.class);
        assertThat(xml).contains("<name>label</name>").contains("arraysize=\"32*\">char</dataType>")
                .contains("extendedType=\"timestamp\"").contains("<unit>deg</unit>");
    }

    @Test
    void pyvoCreateTableFromVoTableRoundTrips() {
        assertThat(status(put("alice", "user_alice.mags", VOTABLE.formatted("mags"), "application/x-votable+xml")))
                .isEqualTo(201);
        String votable = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.mags"))
                .accept("application/x-votable+xml").get(String.class);
        assertThat(votable).contains("<FIELD name=\"objid\" datatype=\"long\" ucd=\"meta.id\"><DESCRIPTION>object</DESCRIPTION>")
                .contains("<FIELD name=\"mag\" datatype=\"float\" unit=\"mag\" ucd=\"phot.mag\"")
                .contains("<FIELD name=\"band\" datatype=\"char\" arraysize=\"1\"");
        assertThat(pgType("user_alice", "mags", "band")).isEqualTo("character(1)");
    }

    @Test
    void pyvoRemoveTableDropsTableAndMetadata() {
        assertThat(status(put("alice", "user_alice.gone", vosiTable("user_alice.gone"), "text/xml"))).isEqualTo(201);
        assertThat(status(pyvo("alice", "tables/user_alice.gone").delete())).isEqualTo(204);
        assertThat(status(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.gone")).get())).isEqualTo(404);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_alice.gone') IS NULL")
                .mapTo(Boolean.class).one())).isEqualTo(true);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM tap_schema.columns11 WHERE table_name = 'user_alice.gone'").mapTo(Integer.class).one()))
                .isEqualTo(0);
    }

    @Test
    void documentFromGetCanBePutUnderAnotherName() {
        assertThat(status(put("alice", "user_alice.original", vosiTable("user_alice.original"), "text/xml"))).isEqualTo(201);
        String document = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.original")).get(String.class);
        assertThat(status(put("alice", "user_alice.copy", document, "text/xml"))).isEqualTo(201);
        Map<?, ?> original = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.original"))
                .accept("application/json").get(Map.class);
        Map<?, ?> copy = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.copy")).accept("application/json")
                .get(Map.class);
        assertThat(copy.get("columns")).isEqualTo(original.get("columns"));
        assertThat(copy.get("description")).isEqualTo(original.get("description"));
    }

    @Test
    void nameInAnotherSchemaInsideTheDocumentIs400NamingBoth() {
        Response response = put("alice", "user_alice.here", vosiTable("elsewhere.there"), "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("user_alice.here").contains("elsewhere.there");
    }

    @Test
    void existingNameIs409CaseInsensitively() {
        assertThat(status(put("alice", "user_alice.Dup", vosiTable(""), "text/xml"))).isEqualTo(201);
        Response again = put("alice", "user_alice.DUP", vosiTable(""), "text/xml");
        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(again.readEntity(String.class)).contains("exists");
    }

    @Test
    void unsupportedDatatypeIs400ListingTheSupportedOnes() {
        String doc = vosiTable("").replace(">long</dataType>", ">floatComplex</dataType>");
        Response response = put("alice", "user_alice.complex", doc, "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("column id: datatype 'floatComplex' is not supported")
                .contains("boolean, short, int, long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_alice.a\"b", "user_alice.a;drop", "user_alice.étoile", "user_alice.select",
        "user_alice.a234567890123456789012345678901234567890123456789012345678901234", "user_alice.1abc"})
    void hostileTableNamesAre400(String name) {
        Response response = put("alice", name.replace("\"", "%22").replace(";", "%3B"), vosiTable(""), "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("table name");
    }

    @Test
    void hostileColumnNameIs400AndNothingIsCreated() {
        String doc = vosiTable("").replace("<name>ra</name>", "<name>ra\"; DROP TABLE x; --</name>");
        Response response = put("alice", "user_alice.injected", doc, "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("column name");
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_alice.injected') IS NULL")
                .mapTo(Boolean.class).one())).isEqualTo(true);
    }

    @Test
    void overLongUcdOrUtypeIs400NamingItAndNothingIsCreated() {
        String doc = vosiTable("").replace("<ucd>pos.eq.ra</ucd>", "<ucd>" + "pos.eq.ra;".repeat(8) + "</ucd>")
                .replace("<description>Stars I like</description>", "<utype>" + "u".repeat(600) + "</utype>");
        Response response = put("alice", "user_alice.too_long", doc, "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("too_long").contains("ucd of user_alice.too_long.ra")
                .contains("utype of table user_alice.too_long").contains("allows 512");
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_alice.too_long') IS NULL")
                .mapTo(Boolean.class).one())).isEqualTo(true);
    }

    @Test
    void overLongUnitOnDescribeIs400AndTheOldMetadataStays() {
        assertThat(status(put("alice", "user_alice.redescribe", vosiTable("user_alice.redescribe"), "text/xml")))
                .isEqualTo(201);
        String doc = vosiTable("user_alice.redescribe").replace("<unit>deg</unit>", "<unit>" + "d".repeat(65) + "</unit>");
        Response response = pyvo("alice", "tables/user_alice.redescribe").post(Entity.entity(doc, "text/xml"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("unit of user_alice.redescribe.ra");
        String unit = JDBI.withHandle(h -> h.createQuery("SELECT unit FROM tap_schema.columns11 WHERE table_name = "
                + "'user_alice.redescribe' AND column_name = 'ra'").mapTo(String.class).one());
        assertThat(unit).isEqualTo("deg");
    }

    @Test
    void wrongKindOfJsonValueOnDescribeNamesTheField() {
        assertThat(status(put("alice", "user_alice.json_kind", vosiTable("user_alice.json_kind"), "text/xml")))
                .isEqualTo(201);
        Response response = pyvo("alice", "tables/user_alice.json_kind")
                .post(Entity.json("{\"columns\": [{\"name\": \"id\", \"principal\": \"abc\"}]}"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("'columns[0].principal' must be true or false")
                .doesNotContain("java.", "JsonColumn");
    }

    @Test
    void nulCharactersInDescriptionsOrGroupsAre400AndNothingChanges() {
        assertThat(status(put("alice", "user_alice.nul", vosiTable("user_alice.nul"), "text/xml"))).isEqualTo(201);
        Response table = pyvo("alice", "tables/user_alice.nul").accept("application/json")
                .post(Entity.json("{\"description\": \"bad\\u0000\"}"));
        assertThat(table.getStatus()).isEqualTo(400);
        assertThat(table.readEntity(String.class)).contains("nul_character")
                .contains("description of table user_alice.nul").contains("holds a NUL character");
        String others = List.of("id", "label", "code", "notes", "seen", "pos", "flux").stream()
                .map(n -> ", {\"name\": \"" + n + "\"}").collect(java.util.stream.Collectors.joining());
        Response column = pyvo("alice", "tables/user_alice.nul").post(Entity.json(
                "{\"columns\": [{\"name\": \"ra\", \"description\": \"x\\u0000y\"}" + others + "]}"));
        assertThat(column.getStatus()).isEqualTo(400);
        assertThat(column.readEntity(String.class)).contains("description of user_alice.nul.ra 'x\\0y'");
        Response group = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.nul"))
                .post(Entity.entity("r-group=a\0b\n", "text/plain"));
        assertThat(group.getStatus()).isEqualTo(400);
        assertThat(group.readEntity(String.class)).contains("read-only group 'a\\0b' holds a NUL character");
        Map<?, ?> after = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.nul")).accept("application/json")
                .get(Map.class);
        assertThat(after.get("description")).isEqualTo("Stars I like");
    }

    @Test
    void sqlAndMarkupInDescriptionsAreStoredVerbatim() {
        String nasty = "'); DROP TABLE tap_schema.tables11; -- &lt;script&gt;alert(1)&lt;/script&gt;";
        String doc = vosiTable("").replace("Stars I like", nasty);
        assertThat(status(put("alice", "user_alice.verbatim", doc, "text/xml"))).isEqualTo(201);
        Map<?, ?> table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.verbatim")).accept("application/json")
                .get(Map.class);
        assertThat(table.get("description")).isEqualTo("'); DROP TABLE tap_schema.tables11; -- <script>alert(1)</script>");
        String xml = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.verbatim")).get(String.class);
        assertThat(xml).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void documentWithDtdOrExternalEntityIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<table><name>user_alice.xxe</name><description>&x;</description>"
                + "<column><name>a</name><dataType>int</dataType></column></table>";
        Response response = put("alice", "user_alice.xxe", xxe, "text/xml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("DTD").doesNotContain("root:");
        Response votable = put("alice", "user_alice.xxe", xxe.replace("<table>", "<VOTABLE>").replace("</table>",
                "</VOTABLE>"), "application/x-votable+xml");
        assertThat(votable.getStatus()).isEqualTo(400);
    }

    @Test
    void concurrentPutsOfOneNameGiveOne201AndOne409() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> create = () -> status(put("bob", "user_bob.race", vosiTable(""), "text/xml"));
            List<Future<Integer>> results = pool.invokeAll(List.of(create, create));
            List<Integer> statuses = List.of(results.get(0).get(), results.get(1).get());
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNewUsersFirstTwoTablesAtOnceMakeOneSchema() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = pool.invokeAll(List.of(
                    () -> status(put("dave", "user_dave.table_a", vosiTable(""), "text/xml")),
                    () -> status(put("dave", "user_dave.table_b", vosiTable(""), "text/xml"))));
            assertThat(List.of(results.get(0).get(), results.get(1).get())).containsExactly(201, 201);
        } finally {
            pool.shutdown();
        }
        // one personal schema, recorded once, holding both tables
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM tap_schema.schemas11 WHERE lower(schema_name) LIKE 'user_dave%'""")
                .mapTo(Integer.class).one())).isEqualTo(1);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM felicette.user_schemas WHERE user_name = 'dave'").mapTo(Integer.class).one()))
                .isEqualTo(1);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM tap_schema.tables11 WHERE schema_name = 'user_dave'").mapTo(Integer.class).one()))
                .isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"felicette", "pg_catalog", "information_schema", "pg_temp_x"})
    void adminCannotAdoptADatabaseSchemaOutsideTapSchema(String schema) {
        Response response = TestApp.as("root", TestApp.target(APP, "tables/" + schema))
                .header("x-schema-owner", "frank").put(Entity.entity("", "text/xml"));
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.readEntity(String.class)).contains("not a TAP schema");
        assertThat(status(TestApp.target(APP, "tables/" + schema).request().get())).isEqualTo(404);
    }

    @Test
    void failureAfterCreateTableLeavesNothingBehind() {
        // a failure injected into the transaction after CREATE TABLE: the TAP_SCHEMA insert is refused
        JDBI.useHandle(h -> h.execute("""
                CREATE OR REPLACE FUNCTION public.refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure'; END $$"""));
        JDBI.useHandle(h -> h.execute("""
                CREATE TRIGGER refuse_boom BEFORE INSERT ON tap_schema.tables11 FOR EACH ROW
                WHEN (NEW.table_name LIKE '%.boom') EXECUTE FUNCTION public.refuse_boom()"""));
        Response response = put("carol", "user_carol.boom", vosiTable(""), "text/xml");
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.readEntity(String.class)).doesNotContain("injected").doesNotContain("INSERT");
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_carol.boom') IS NULL")
                .mapTo(Boolean.class).one())).isEqualTo(true);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery(
                "SELECT count(*) FROM tap_schema.schemas11 WHERE schema_name = 'user_carol'").mapTo(Integer.class).one()))
                .isEqualTo(0);
        // and once the cause is gone, the same request works
        JDBI.useHandle(h -> h.execute("DROP TRIGGER refuse_boom ON tap_schema.tables11"));
        assertThat(status(put("carol", "user_carol.boom", vosiTable(""), "text/xml"))).isEqualTo(201);
    }

    @Test
    void quotaStopsTheTableOverTheLimit() {
        assertThat(status(put("erin", "user_erin.one", vosiTable(""), "text/xml"))).isEqualTo(201);
        assertThat(status(put("erin", "user_erin.two", vosiTable(""), "text/xml"))).isEqualTo(201);
        Response third = put("erin", "user_erin.three", vosiTable(""), "text/xml");
        assertThat(third.getStatus()).isEqualTo(413);
        assertThat(third.readEntity(String.class)).contains("you have 2 tables and may have 2");
        Map<?, ?> quota = TestApp.as("erin", TestApp.target(APP, "quota")).get(Map.class);
        assertThat(quota.get("tables")).isEqualTo(2);
        assertThat(quota.get("max_tables")).isEqualTo(2);
        // each table with its size and sharing, for "My tables"
        List<?> usage = (List<?>) quota.get("usage");
        assertThat(usage).hasSize(2);
        Map<?, ?> one = (Map<?, ?>) usage.get(0);
        assertThat(one.get("table")).isEqualTo("user_erin.one");
        assertThat(((Number) one.get("bytes")).longValue()).isPositive();
        assertThat(one.get("is_public")).isEqualTo(false);
        assertThat(one.keySet().stream().map(String::valueOf).toList()).contains("rows", "read_group", "read_write_group");
        assertThat(status(TestApp.target(APP, "quota").request().get())).isEqualTo(401);
    }

    @Test
    void felisSchemasAreNotChangedThroughTables() {
        Response create = put("root", "project.mine", vosiTable(""), "text/xml");
        assertThat(create.getStatus()).isEqualTo(403);
        assertThat(create.readEntity(String.class)).contains("/schemas");
        Response drop = TestApp.as("root", TestApp.target(APP, "tables/project.t")).delete();
        assertThat(drop.getStatus()).isEqualTo(403);
        assertThat(drop.readEntity(String.class)).contains("/schemas");
    }

    @Test
    void anonymousWritesAre401() {
        assertThat(status(put(null, "user_x.t", vosiTable(""), "text/xml"))).isEqualTo(401);
        // identity comes first: a stranger learns nothing from how the document is judged
        assertThat(status(put(null, "user_x.t", "not xml", "text/xml"))).isEqualTo(401);
        assertThat(status(TestApp.target(APP, "tables/user_alice.stars").request().delete())).isEqualTo(401);
    }

    @Test
    void adminCreatesASchemaForAnOwnerAndDropsItOnlyWhenEmpty() {
        Response forbidden = TestApp.as("alice", TestApp.target(APP, "tables/project_x")).header("x-schema-owner", "frank")
                .put(Entity.entity("", "text/xml"));
        assertThat(status(forbidden)).isEqualTo(403);
        Response created = TestApp.as("root", TestApp.target(APP, "tables/project_x")).header("x-schema-owner", "frank")
                .put(Entity.entity("", "text/xml"));
        assertThat(status(created)).isEqualTo(201);
        assertThat(status(put("frank", "project_x.data", vosiTable(""), "text/xml"))).isEqualTo(201);
        Response notEmpty = TestApp.as("frank", TestApp.target(APP, "tables/project_x")).delete();
        assertThat(notEmpty.getStatus()).isEqualTo(409);
        assertThat(notEmpty.readEntity(String.class)).contains("has 1 table");
        assertThat(status(TestApp.as("frank", TestApp.target(APP, "tables/project_x.data")).delete())).isEqualTo(204);
        assertThat(status(TestApp.as("frank", TestApp.target(APP, "tables/project_x")).delete())).isEqualTo(204);
    }

    @Test
    void everyChangeIsAudited() {
        assertThat(status(put("bob", "user_bob.audited", vosiTable(""), "text/xml"))).isEqualTo(201);
        TestApp.as("bob", TestApp.target(APP, "permissions/user_bob.audited"))
                .post(Entity.entity("public=true\n", "text/plain")).readEntity(String.class);
        assertThat(status(TestApp.as("bob", TestApp.target(APP, "tables/user_bob.audited")).delete())).isEqualTo(204);
        List<String> actions = JDBI.withHandle(h -> h.createQuery(
                "SELECT action FROM felicette.audit_log WHERE object_name = 'user_bob.audited' ORDER BY id")
                .mapTo(String.class).list());
        assertThat(actions).containsExactly("create", "grant", "drop");
    }
}
