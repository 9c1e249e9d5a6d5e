package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.util.Map;
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

/**
 * {@code /sync}: ADQL over the caller's own view, answered in VOTable, CSV, TSV and JSON, cut at
 * MAXREC with OVERFLOW, and every refusal an error VOTable that names the problem.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapSyncTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    @BeforeAll
    static void tables() {
        create("alice", "user_alice.stars");
        Response loaded = TestApp.as("alice", TestApp.target(APP, "load/user_alice.stars")).post(Entity.entity(
                "id,ra,name,flag\n1,10.5,Vega,true\n2,20.25,\"Alpha, Cen\",false\n3,,<&>,\n", "text/csv"));
        assertThat(loaded.getStatus()).as(loaded.readEntity(String.class)).isEqualTo(200);
        String felis = "name: survey\ntables:\n- name: t\n  columns:\n  - {name: c, datatype: int}\n";
        new SchemaPublisher(Db.of(JDBI)).publish(Fixtures.loadText("survey.yaml", felis, FelisOptions.DEFAULT),
                FelisOptions.DEFAULT, new SchemaPublisher.Request(1, null, "test"));
    }

    static void create(String user, String name) {
        create(APP, user, name);
    }

    /** alice's table user_alice.stars with Vega, Deneb and Altair (ids 1 to 3; Altair's flag null). */
    static void starsWithThreeRows(DropwizardAppExtension<FelicetteConfiguration> app) {
        create(app, "alice", "user_alice.stars");
        Response loaded = TestApp.as("alice", TestApp.target(app, "load/user_alice.stars")).post(Entity.entity(
                "id,ra,name,flag\n1,10.5,Vega,true\n2,20.25,Deneb,false\n3,30,Altair,\n", "text/csv"));
        assertThat(loaded.getStatus()).isEqualTo(200);
    }

    /** A table of id, ra (degrees, with its UCD and description), name and flag. */
    static void create(DropwizardAppExtension<FelicetteConfiguration> app, String user, String name) {
        String table = LoadTest.table(name, new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"name", "char", "*"}, new String[] {"flag", "boolean"}).replace("<name>ra</name>",
                "<name>ra</name><description>right ascension</description><unit>deg</unit><ucd>pos.eq.ra</ucd>");
        Response r = TestApp.as(user, TestApp.target(app, "tables/" + name)).put(Entity.entity(table, "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static WebTarget sync(String query) {
        return TestApp.target(APP, "sync").queryParam("LANG", "ADQL").queryParam("QUERY", query);
    }

    static Response get(String user, WebTarget target) {
        return user == null ? target.request().get() : TestApp.as(user, target).get();
    }

    @Test
    void theOwnerQueriesHerTableAndGetsAVotableWithTheColumnsMetadata() {
        Response r = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id"));
        String body = r.readEntity(String.class);
        assertThat(r.getStatus()).as(body).isEqualTo(200);
        assertThat(r.getMediaType().toString()).startsWith("application/x-votable+xml");
        assertThat(body).contains("<INFO name=\"QUERY_STATUS\" value=\"OK\"/>")
                .contains("<FIELD name=\"id\" datatype=\"long\"/>")
                .contains("<FIELD name=\"name\" datatype=\"char\" arraysize=\"*\"/>")
                .contains("<TR><TD>1</TD><TD>10.5</TD><TD>Vega</TD><TD>T</TD></TR>")
                .contains("<TR><TD>3</TD><TD/><TD>&lt;&amp;&gt;</TD><TD/></TR>")
                .doesNotContain("OVERFLOW");
        assertThat(new org.felicette.testing.XsdValidator("VOTable-v1.4.xsd").errors(body)).isEmpty(); // last: skipped without ../shared
    }

    @Test
    void csvTsvAndJsonAreAskedForByNameOrMediaType() throws Exception {
        String csv = get("alice", sync("SELECT id, name FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "csv")).readEntity(String.class);
        assertThat(csv).isEqualTo("id,name\n1,Vega\n2,\"Alpha, Cen\"\n3,<&>\n");
        String tsv = get("alice", sync("SELECT id, name FROM user_alice.stars ORDER BY id")
                .queryParam("FORMAT", "text/tab-separated-values")).readEntity(String.class);
        assertThat(tsv).isEqualTo("id\tname\n1\tVega\n2\tAlpha, Cen\n3\t<&>\n");
        Response json = get("alice", sync("SELECT id, ra, flag FROM user_alice.stars ORDER BY id")
                .queryParam("responseformat", "application/json"));
        assertThat(json.getMediaType().toString()).startsWith("application/json");
        JsonNode tree = new ObjectMapper().readTree(json.readEntity(String.class));
        assertThat(tree.get("metadata").get(1).get("name").asText()).isEqualTo("ra");
        assertThat(tree.get("metadata").get(1).get("datatype").asText()).isEqualTo("double");
        assertThat(tree.get("data").toString()).isEqualTo("[[1,10.5,true],[2,20.25,false],[3,null,null]]");
        assertThat(tree.get("query_status").asText()).isEqualTo("OK");
    }

    @Test
    void maxrecCutsTheResultWithOverflowAndZeroGivesTheColumnsOnly() {
        String cut = get("alice", sync("SELECT id FROM user_alice.stars ORDER BY id").queryParam("MAXREC", "2"))
                .readEntity(String.class);
        assertThat(cut).contains("<TD>1</TD>").contains("<TD>2</TD>").doesNotContain("<TD>3</TD>");
        assertThat(cut.indexOf("value=\"OVERFLOW\"")).isGreaterThan(cut.indexOf("</TABLE>"));
        String top = get("alice", sync("SELECT TOP 2 id FROM user_alice.stars ORDER BY id").queryParam("MAXREC",
                "2")).readEntity(String.class);
        assertThat(top).contains("<TD>2</TD>").doesNotContain("OVERFLOW");
        String none = get("alice", sync("SELECT id FROM user_alice.stars").queryParam("MAXREC", "0"))
                .readEntity(String.class);
        assertThat(none).contains("<FIELD name=\"id\"").doesNotContain("<TR>").contains("OVERFLOW");
    }

    @Test
    void anotherUserAndAnonymousCannotSeeThePrivateTableAndGetTheNoSuchTableAnswer() {
        for (String user : new String[] {"bob", null}) {
            Response r = get(user, sync("SELECT id FROM user_alice.stars"));
            String body = r.readEntity(String.class);
            assertThat(r.getStatus()).isEqualTo(400);
            assertThat(body).contains("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">no table 'user_alice.stars': it "
                    + "does not exist, or you may not see it");
            Response missing = get(user, sync("SELECT id FROM user_alice.nothing"));
            assertThat(missing.readEntity(String.class)).contains("no table 'user_alice.nothing': it does not exist, "
                    + "or you may not see it");
        }
        // nor through a subquery, a join, or the column list of tap_schema
        Response sub = get("bob", sync("SELECT table_name FROM tap_schema.tables WHERE table_name IN "
                + "(SELECT name FROM user_alice.stars)"));
        assertThat(sub.getStatus()).isEqualTo(400);
        String columns = get("bob", sync("SELECT column_name FROM tap_schema.columns WHERE table_name = "
                + "'user_alice.stars'")).readEntity(String.class);
        assertThat(columns).contains("value=\"OK\"").doesNotContain("<TD>ra</TD>");
    }

    @Test
    void tapSchemaQueriedByAdqlShowsEachCallerTheirOwnView() {
        String alice = get("alice", sync("SELECT table_name FROM tap_schema.tables WHERE schema_name LIKE 'user_%'"))
                .readEntity(String.class);
        assertThat(alice).contains("<TD>user_alice.stars</TD>");
        String bob = get("bob", sync("SELECT table_name FROM tap_schema.tables")).readEntity(String.class);
        assertThat(bob).contains("<TD>tap_schema.tables</TD>").doesNotContain("user_alice.stars");
        String anonymous = get(null, sync("SELECT COUNT(*) AS n FROM tap_schema.columns WHERE table_name = "
                + "'user_alice.stars'")).readEntity(String.class);
        assertThat(anonymous).contains("<TD>0</TD>");
        assertThat(get("alice", sync("SELECT COUNT(*) AS n FROM tap_schema.columns c JOIN tap_schema.tables t "
                + "ON c.table_name = t.table_name WHERE t.table_name = 'user_alice.stars'")).readEntity(String.class))
                .contains("<TD>4</TD>");
    }

    @Test
    void aFormPostWithNamesInAnyCaseIsTheSameQuery() {
        Response r = TestApp.as("alice", TestApp.target(APP, "sync")).post(Entity.form(new Form()
                .param("request", "doQuery").param("lang", "ADQL").param("Query", "SELECT TOP 1 name FROM "
                        + "user_alice.stars ORDER BY id").param("responseFormat", "csv")));
        assertThat(r.readEntity(String.class)).isEqualTo("name\nVega\n");
    }

    @Test
    void aSyntaxErrorIsA400VotableNamingLineAndColumn() {
        Response r = get("alice", sync("SELECT id\nFROM user_alice.stars WHER id > 1"));
        String body = r.readEntity(String.class);
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getMediaType().toString()).startsWith("application/x-votable+xml");
        assertThat(body).contains("value=\"ERROR\">ADQL syntax error at line 2, column ");
        assertThat(new org.felicette.testing.XsdValidator("VOTable-v1.4.xsd").errors(body)).isEmpty(); // last: skipped without ../shared
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT id FROM user_alice.stars; DELETE FROM user_alice.stars",
        "SELECT pg_sleep(5) FROM user_alice.stars", "SELECT lo_import('/etc/passwd') FROM user_alice.stars",
        "SELECT current_setting('data_directory') FROM user_alice.stars",
        "SELECT pg_read_file('/etc/passwd') FROM user_alice.stars", "DELETE FROM user_alice.stars",
        "SELECT * FROM pg_catalog.pg_authid", "SELECT id FROM user_alice.stars /* ; DROP TABLE x */ WHERE 1=1 -- ;",
        "SELECT TOP 1000000000000 id FROM user_alice.stars"})
    void hostileQueriesAreRefusedOrAnsweredWithinBoundsAndWriteNothing(String adql) {
        Response r = get("alice", sync(adql));
        String body = r.readEntity(String.class);
        assertThat(r.getStatus()).as(body).isIn(200, 400);
        assertThat(body).doesNotContainIgnoringCase("exception").doesNotContain("at org.");
        assertThat((long) JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM user_alice.stars").mapTo(Long.class)
                .one())).isEqualTo(3);
    }

    @Test
    void deeplyNestedExpressionsAreRefusedNotFatal() {
        String deep = "(".repeat(3000) + "1" + ")".repeat(3000);
        Response r = TestApp.as("alice", TestApp.target(APP, "sync")).post(Entity.form(new Form()
                .param("LANG", "ADQL").param("QUERY", "SELECT id FROM user_alice.stars WHERE id = " + deep)));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("nests parentheses more than 200 deep");
    }

    @Test
    void aPublishedTableWithoutRowsHereAndBadParametersAreNamed() {
        assertThat(get("alice", sync("SELECT c FROM survey.t")).readEntity(String.class))
                .contains("holds no rows in this database");
        assertThat(get("alice", sync("SELECT id FROM user_alice.stars").queryParam("MAXREC", "lots"))
                .readEntity(String.class)).contains("MAXREC must be a whole number");
        assertThat(get("alice", sync("SELECT id FROM user_alice.stars").queryParam("RESPONSEFORMAT", "pdf"))
                .readEntity(String.class)).contains("RESPONSEFORMAT=pdf is not one of");
        assertThat(get("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL")).readEntity(String.class))
                .contains("QUERY is missing");
        assertThat(get("alice", TestApp.target(APP, "sync").queryParam("LANG", "SQL").queryParam("QUERY",
                "SELECT id FROM user_alice.stars")).readEntity(String.class)).contains("LANG=SQL is not supported");
    }

    /** A multipart/form-data body of text fields and one VOTable part, as pyvo sends an UPLOAD. */
    static java.net.http.HttpResponse<String> multipart(String user, java.util.Map<String, String> fields, String part,
            String votable) throws Exception {
        String boundary = "felicette-test-boundary";
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(part)
                .append("\"; filename=\"t.xml\"\r\nContent-Type: application/x-votable+xml\r\n\r\n").append(votable)
                .append("\r\n--").append(boundary).append("--\r\n");
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + APP.getLocalPort() + "/sync"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()));
        if (user != null) {
            request.header("Authorization", "Bearer " + TestApp.tokenOf(user));
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static final String IDS = """
            <VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3" version="1.4"><RESOURCE><TABLE>
            <FIELD name="id" datatype="long"/><FIELD name="note" datatype="char" arraysize="*"/>
            <DATA><TABLEDATA><TR><TD>1</TD><TD>first</TD></TR><TR><TD>3</TD><TD>third</TD></TR></TABLEDATA></DATA>
            </TABLE></RESOURCE></VOTABLE>""";

    @Test
    void anUploadIsJoinedForThatQueryOnlyAndAnonymousCallersMayUploadToo() throws Exception {
        java.net.http.HttpResponse<String> joined = multipart("alice", java.util.Map.of("LANG", "ADQL",
                "RESPONSEFORMAT", "csv", "UPLOAD", "mine,param:t", "QUERY", "SELECT s.name, m.note FROM "
                        + "user_alice.stars s JOIN TAP_UPLOAD.mine m ON s.id = m.id ORDER BY s.id"), "t", IDS);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(joined.body()).isEqualTo("name,note\nVega,first\n<&>,third\n");
        // gone with the query: alice keeps no upload, and a later query cannot name it
        assertThat(TestApp.as("alice", TestApp.target(APP, "uploads")).get(String.class)).isEqualTo("{\"uploads\":[]}");
        assertThat(get("alice", sync("SELECT id FROM TAP_UPLOAD.mine")).getStatus()).isEqualTo(400);
        java.net.http.HttpResponse<String> anonymous = multipart(null, java.util.Map.of("LANG", "ADQL",
                "RESPONSEFORMAT", "csv", "UPLOAD", "mine,param:t", "QUERY", "SELECT note FROM TAP_UPLOAD.mine "
                        + "ORDER BY id"), "t", IDS);
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("note\nfirst\nthird\n");
        assertThat((long) JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM felicette.uploads").mapTo(Long.class)
                .one())).isZero();
    }

    @Test
    void fixedLengthTextComesBackWithoutItsPadding() {
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.codes")).put(Entity.entity(
                LoadTest.table("user_alice.codes", new String[] {"code", "char", "4"}, new String[] {"one", "char",
                        "1"}), "text/xml"));
        assertThat(made.getStatus()).isEqualTo(201);
        TestApp.as("alice", TestApp.target(APP, "load/user_alice.codes")).post(Entity.entity("code,one\nab,x\n",
                "text/csv")).close();
        assertThat(get("alice", sync("SELECT code, one FROM user_alice.codes").queryParam("RESPONSEFORMAT", "csv"))
                .readEntity(String.class)).isEqualTo("code,one\nab,x\n");
        String votable = get("alice", sync("SELECT code, one FROM user_alice.codes")).readEntity(String.class);
        assertThat(votable).contains("<FIELD name=\"code\" datatype=\"char\" arraysize=\"4\"/>")
                .contains("<FIELD name=\"one\" datatype=\"char\"/>").contains("<TD>ab</TD>");
    }

    @Test
    void aViewReadOnceStillFollowsEveryChangeAtOnce() {
        assertThat(get("bob", sync("SELECT id FROM user_alice.later")).getStatus()).isEqualTo(400);
        create("alice", "user_alice.later");
        assertThat(get("alice", sync("SELECT id FROM user_alice.later")).getStatus()).isEqualTo(200);
        assertThat(get("bob", sync("SELECT id FROM user_alice.later")).getStatus()).isEqualTo(400);
        Response shared = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.later")).post(Entity.entity(
                "public=true\n", "text/plain"));
        assertThat(shared.getStatus()).isEqualTo(200);
        assertThat(get("bob", sync("SELECT id FROM user_alice.later")).getStatus()).isEqualTo(200);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.later")).delete().getStatus())
                .isIn(200, 204);
        assertThat(get("bob", sync("SELECT id FROM user_alice.later")).readEntity(String.class))
                .contains("no table 'user_alice.later'");
    }

    @Test
    void binary2IsReadBackByAVotableReaderWithItsNulls() throws Exception {
        Response r = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "votable/b2"));
        assertThat(r.getMediaType().toString()).isEqualTo("application/x-votable+xml;serialization=BINARY2");
        String body = r.readEntity(String.class);
        assertThat(body).contains("<BINARY2><STREAM encoding=\"base64\">").doesNotContain("<TR>");
        java.util.List<Object[]> rows = readBack(org.felicette.ingest.LoadFormat.VOTABLE,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(1L, 10.5, "Vega", true);
        assertThat(rows.get(1)[2]).isEqualTo("Alpha, Cen");
        assertThat(rows.get(2)[1]).isNull();
        assertThat(rows.get(2)[3]).isNull();
        assertThat(new org.felicette.testing.XsdValidator("VOTable-v1.4.xsd").errors(body)).isEmpty();
    }

    /**
     * YouCat's PermissionsTest, replayed as it queries: the owner, a member of the group a table is
     * shared with, a user outside it and an anonymous caller read tap_schema.schemas, tables and
     * columns by ADQL; each sees the table exactly when the read rule lets them, and queries it then.
     */
    @Test
    void aTableSharedWithAGroupIsInTheViewOfItsMembersOnlyAsYoucatChecksIt() {
        create("alice", "user_alice.grouped");
        Response shared = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.grouped")).post(Entity.entity(
                "r-group=astro\n", "text/plain"));
        assertThat(shared.getStatus()).isEqualTo(200);
        String tables = "SELECT table_name FROM tap_schema.tables WHERE table_name = 'user_alice.grouped'";
        String columns = "SELECT column_name FROM tap_schema.columns WHERE table_name = 'user_alice.grouped'";
        String schemas = "SELECT schema_name FROM tap_schema.schemas WHERE schema_name = 'user_alice'";
        for (String user : new String[] {"alice", "bob"}) { // bob is in astro
            assertThat(get(user, sync(tables)).readEntity(String.class)).contains("<TD>user_alice.grouped</TD>");
            assertThat(get(user, sync(columns)).readEntity(String.class)).contains("<TD>ra</TD>");
            assertThat(get(user, sync(schemas)).readEntity(String.class)).contains("<TD>user_alice</TD>");
            assertThat(get(user, sync("SELECT COUNT(*) AS n FROM user_alice.grouped")).getStatus()).isEqualTo(200);
        }
        for (String user : new String[] {"carol", null}) { // carol is in no group of alice's
            assertThat(get(user, sync(tables)).readEntity(String.class)).doesNotContain("user_alice.grouped");
            assertThat(get(user, sync(columns)).readEntity(String.class)).doesNotContain("<TD>");
            assertThat(get(user, sync("SELECT COUNT(*) AS n FROM user_alice.grouped")).getStatus()).isEqualTo(400);
        }
    }

    @Test
    void fitsIsABinaryTableReadBackWithItsValuesNullsAndUnits() throws Exception {
        Response r = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "fits"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString()).isEqualTo("application/fits");
        byte[] fits = r.readEntity(byte[].class);
        assertThat(new String(fits, 0, 9, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SIMPLE  =");
        java.util.List<Object[]> rows = readBack(org.felicette.ingest.LoadFormat.FITS, fits);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(1L, 10.5, "Vega", true);
        assertThat(rows.get(1)[2]).isEqualTo("Alpha, Cen");
        assertThat((Double) rows.get(2)[1]).isNaN(); // FITS's null of a double
        assertThat(rows.get(2)[3]).isNull();
    }

    @Test
    void parquetCarriesItsValuesTypesAndTheColumnsMetadataInVoParquetsVotable() throws Exception {
        Response r = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "parquet"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString()).isEqualTo("application/vnd.apache.parquet");
        byte[] parquet = r.readEntity(byte[].class);
        java.util.List<Object[]> rows = readBack(org.felicette.ingest.LoadFormat.PARQUET, parquet);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly(1L, 10.5, "Vega", true);
        assertThat(rows.get(1)[2]).isEqualTo("Alpha, Cen");
        assertThat(rows.get(2)).containsExactly(3L, null, "<&>", null);
        org.felicette.ingest.FileTable described = org.felicette.ingest.LoadFormat.PARQUET.reader().describe(
                new java.io.ByteArrayInputStream(parquet), 0);
        assertThat(described.columns()).extracting(org.felicette.ingest.FileColumn::datatype)
                .containsExactly("long", "double", "char", "boolean");
        assertThat(described.columns().get(1).unit()).isEqualTo("deg");
        assertThat(described.columns().get(1).ucd()).isEqualTo("pos.eq.ra");
        assertThat(described.columns().get(1).description()).isEqualTo("right ascension");
    }

    @Test
    void aParquetResultPutBackIsANewTableWithTheSameRowsAndMetadata() {
        // YouCat's create-from-Parquet-result scenario: query, then PUT the Parquet answer as a table
        byte[] parquet = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "parquet")).readEntity(byte[].class);
        Response put = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.from_parquet")).put(Entity.entity(
                parquet, "application/vnd.apache.parquet"));
        assertThat(put.getStatus()).as(put.readEntity(String.class)).isEqualTo(201);
        String copy = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.from_parquet ORDER BY id")
                .queryParam("RESPONSEFORMAT", "csv")).readEntity(String.class);
        assertThat(copy).isEqualTo("id,ra,name,flag\n1,10.5,Vega,true\n2,20.25,\"Alpha, Cen\",false\n3,,<&>,\n");
        String vosi = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.from_parquet")).get(String.class);
        assertThat(vosi).contains("<name>ra</name><description>right ascension</description><unit>deg</unit>"
                + "<ucd>pos.eq.ra</ucd>");
    }

    @Test
    void parquetOfACutResultSaysOverflowInItsVotable() {
        Response r = get("alice", sync("SELECT id FROM user_alice.stars").queryParam("RESPONSEFORMAT",
                "application/vnd.apache.parquet").queryParam("MAXREC", "1"));
        assertThat(r.getStatus()).isEqualTo(200);
        String text = new String(r.readEntity(byte[].class), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("IVOA.VOTable-Parquet.version", "QUERY_STATUS\" value=\"OVERFLOW\"")
                .doesNotContain("<DATA>");
    }

    @Test
    void sqliteIsADatabaseOfTheRowsTheirColumnsMetadataAndTheQueryStatus() throws Exception {
        Response r = get("alice", sync("SELECT id, ra, name, flag FROM user_alice.stars ORDER BY id")
                .queryParam("RESPONSEFORMAT", "sqlite").queryParam("MAXREC", "2"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString()).isEqualTo("application/vnd.sqlite3");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("result", ".sqlite");
        try {
            java.nio.file.Files.write(file, r.readEntity(byte[].class));
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                    java.sql.Statement s = c.createStatement()) {
                assertThat(sql(s, "PRAGMA integrity_check")).containsExactly("ok");
                assertThat(sql(s, "SELECT id || '|' || ra || '|' || name || '|' || flag FROM result ORDER BY id"))
                        .containsExactly("1|10.5|Vega|1", "2|20.25|Alpha, Cen|0");
                assertThat(sql(s, "SELECT typeof(id) || typeof(ra) || typeof(name) FROM result LIMIT 1"))
                        .containsExactly("integerrealtext");
                assertThat(sql(s, "SELECT column_name || ':' || datatype || ':' || coalesce(unit, '') || ':' "
                        + "|| coalesce(ucd, '') FROM result_columns ORDER BY column_index"))
                        .containsExactly("id:long::", "ra:double:deg:pos.eq.ra", "name:char::", "flag:boolean::");
                assertThat(sql(s, "SELECT value FROM result_info WHERE name = 'QUERY_STATUS'"))
                        .containsExactly("OVERFLOW");
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    private static java.util.List<String> sql(java.sql.Statement s, String query) throws java.sql.SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (java.sql.ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    @Test
    void aCallersKeptTemporaryTableIsQueriedByItsNameAndNoOneElsesIs() throws Exception {
        var made = UploadsTest.send(APP, "alice", Map.of("UPLOAD", "kept,param:t"), Map.of("t", new Object[] {
            "text/csv", "id,label\n1,a\n2,b\n3,c\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)}));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String count = "SELECT COUNT(*) AS n FROM TAP_UPLOAD.kept";
        assertThat(get("alice", sync(count).queryParam("RESPONSEFORMAT", "csv")).readEntity(String.class))
                .isEqualTo("n\n3\n");
        // bob has no such table, nor has an anonymous caller
        assertThat(get("bob", sync(count)).getStatus()).isEqualTo(400);
        assertThat(get(null, sync(count)).getStatus()).isEqualTo(400);
        // and as a job too
        org.felicette.testing.UwsClient uws = new org.felicette.testing.UwsClient(APP.getLocalPort(), "alice");
        String job = uws.create("async", Map.of("LANG", "ADQL", "QUERY", count, "RESPONSEFORMAT", "csv", "PHASE", "RUN"));
        org.felicette.testing.UwsClient.Job done = uws.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(uws.get(done.results().get("result")).body()).isEqualTo("n\n3\n");
    }

    /** alice's table user_alice.many of 2,000 ids: three of it crossed is minutes of counting. */
    static void manyRows(DropwizardAppExtension<FelicetteConfiguration> app) {
        Response made = TestApp.as("alice", TestApp.target(app, "tables/user_alice.many")).put(Entity.entity(
                LoadTest.table("user_alice.many", new String[] {"id", "int"}), "text/xml"));
        assertThat(made.getStatus()).isEqualTo(201);
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i).append('\n');
        }
        TestApp.as("alice", TestApp.target(app, "load/user_alice.many")).post(Entity.entity(csv.toString(),
                "text/csv")).close();
    }

    /** The statements of user_alice.many running now. */
    static int running(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                + "AND query LIKE '%user_alice.many%' AND query NOT LIKE '%pg_stat_activity%'").mapTo(Integer.class)
                .one());
    }

    @Test
    void aClientThatHangsUpCancelsItsQueryAndTheConnectionServesOnOtherwise() throws Exception {
        manyRows(APP);
        String query = java.net.URLEncoder.encode("SELECT COUNT(*) AS n FROM user_alice.many a, user_alice.many b, "
                + "user_alice.many c", java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", APP.getLocalPort())) {
            socket.getOutputStream().write(("GET /sync?LANG=ADQL&QUERY=" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestApp.tokenOf("alice") + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 200 && running(JDBI) == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(running(JDBI)).as("the count is running").isEqualTo(1);
        } // the client hangs up, having read nothing
        for (int i = 0; i < 100 && running(JDBI) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(running(JDBI)).as("the statement is cancelled, not left to run out its time").isZero();
        // a kept-alive connection answers query after query: the watch gives the connection back each time
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/sync?LANG=ADQL&RESPONSEFORMAT=csv"
                            + "&QUERY=SELECT%20COUNT(*)%20AS%20n%20FROM%20user_alice.many"))
                    .header("Authorization", "Bearer " + TestApp.tokenOf("alice")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("n\n2000\n");
        }
    }

    /** A result read back by the service's own reader of its format, its columns those of the stars query. */
    static java.util.List<Object[]> readBack(org.felicette.ingest.LoadFormat format, byte[] file) throws Exception {
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        format.reader().stream(new java.io.ByteArrayInputStream(file), new org.felicette.ingest.RowSink() {
            @Override
            public void columns(java.util.List<String> names) {
                assertThat(names).containsExactly("id", "ra", "name", "flag");
            }

            @Override
            public void row(Object[] values) {
                rows.add(values);
            }
        });
        return rows;
    }
}
