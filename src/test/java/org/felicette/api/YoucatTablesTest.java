package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.XsdValidator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tables as YouCat's clients and real catalogues make them: column names, ids, names in paths, checks. */
@ExtendWith(DropwizardExtensionsSupport.class)
class YoucatTablesTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    static Invocation.Builder as(String user, String path) {
        return TestApp.as(user, TestApp.target(APP, path));
    }

    static int status(Response response) {
        response.readEntity(String.class);
        return response.getStatus();
    }

    /** A VOSI table document with the given columns, each {@code name datatype [arraysize] [xtype]}. */
    static String table(String name, String... columns) {
        StringBuilder out = new StringBuilder("""
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:vte="http://www.opencadc.org/xml/VOSITablesExt/v1.0"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                  <name>%s</name>
                """.formatted(name));
        for (String column : columns) {
            String[] parts = column.split(" ");
            out.append("  <column><name>").append(parts[0]).append("</name><dataType xsi:type=\"vs:VOTableType\"");
            if (parts.length > 2 && !parts[2].equals("-")) {
                out.append(" arraysize=\"").append(parts[2]).append('"');
            }
            if (parts.length > 3) {
                out.append(" extendedType=\"").append(parts[3]).append('"');
            }
            out.append('>').append(parts[1]).append("</dataType></column>\n");
        }
        return out.append("</vosi:table>\n").toString();
    }

    static Response put(String user, String name, String document) {
        return as(user, "tables/" + name).put(Entity.entity(document, "text/xml"));
    }

    @Test
    void reservedWordsAreColumnNamesWithAWarning() {
        Response created = put("alice", "user_alice.stars",
                table("user_alice.stars", "ra double", "dec double", "count int", "date char * timestamp", "action int"));
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.getHeaderString("Warning")).startsWith("299 felicette \"")
                .contains("dec, count, date, action").contains("SELECT \\\"dec\\\" FROM user_alice.stars\"");
        assertThat(created.readEntity(String.class)).contains("column names dec, count, date, action are reserved")
                .startsWith("note: ");
        // information, not a warning: this service's ADQL reads the names as written
        Response query = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL")
                .queryParam("QUERY", "SELECT ra, dec, count, date, action FROM user_alice.stars")).get();
        assertThat(query.getStatus()).as(query.readEntity(String.class)).isEqualTo(200);
        List<String> names = JDBI.withHandle(h -> h.createQuery("""
                SELECT column_name FROM tap_schema.columns11 WHERE table_name = 'user_alice.stars'
                ORDER BY column_index""").mapTo(String.class).list());
        assertThat(names).containsExactly("ra", "dec", "count", "date", "action");
        List<String> physical = JDBI.withHandle(h -> h.createQuery("""
                SELECT attname FROM pg_attribute WHERE attrelid = 'user_alice.stars'::regclass AND attnum > 0
                ORDER BY attnum""").mapTo(String.class).list());
        assertThat(physical).containsExactly("ra", "dec", "count", "date", "action");
        assertThat(as("alice", "tables/user_alice.stars").get(String.class)).contains("<name>dec</name>");
    }

    @Test
    void theWarningIsAFieldOfTheJsonAnswer() {
        Response created = as("alice", "tables/user_alice.json_answer").accept("application/json")
                .put(Entity.entity(table("x", "dec double", "mag float"), "text/xml"));
        assertThat(created.getStatus()).isEqualTo(201);
        Map<?, ?> body = created.readEntity(Map.class);
        assertThat(body.get("table")).isEqualTo("user_alice.json_answer");
        assertThat((List<?>) body.get("warnings")).singleElement().asString().contains("column name dec is a reserved");
        Response plain = put("alice", "user_alice.no_warning", table("x", "ra double"));
        assertThat(plain.getStatus()).isEqualTo(201);
        assertThat(plain.getHeaderString("Warning")).isNull();
        assertThat(plain.readEntity(String.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_alice.count", "user_alice.action", "select.t"})
    void tableAndSchemaNamesStillRefuseReservedWords(String name) {
        Response response = put("alice", name, table(name, "ra double"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("is a reserved word");
    }

    @Test
    void aSystemColumnNameIs400() {
        Response response = put("alice", "user_alice.sys", table("x", "xmin double"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("'xmin' is the name of a PostgreSQL system column");
    }

    /** Raw HTTP: a client's ';' must reach the server as it was written. */
    static String raw(String method, String path, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestApp.tokenOf("alice") + "\r\nContent-Type: text/xml\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT /tables/user_alice.b;c", "GET /tables/user_alice.b;c", "POST /load/user_alice.b;c",
            "GET /permissions/user_alice.b;c", "DELETE /tables/user_alice;x"})
    void aSemicolonInANameIs400AndNothingIsCreated(String request) throws IOException {
        String[] parts = request.split(" ");
        String answer = raw(parts[0], parts[1], parts[0].equals("PUT") ? table("user_alice.b;c", "ra double") : "");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("holds ';'");
        assertThat(status(as("alice", "tables/user_alice.b").get())).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad$name", "user_alice.bad-name", "user_alice.9lives"})
    void aNameTheRulesRefuseIs400OnGet(String name) {
        Response response = as("alice", "tables/" + name).get();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("is not a regular identifier");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arraysize", "datatype", "xtype"})
    void aMetadataPostThatChangesATypeIs400AndChangesNothing(String what) {
        String name = "user_alice.typed_" + what;
        assertThat(status(put("alice", name, table(name, "label char 16*", "seen char * timestamp")))).isEqualTo(201);
        String changed = switch (what) {
            case "arraysize" -> table(name, "label char 32*", "seen char * timestamp");
            case "datatype" -> table(name, "label unicodeChar 16*", "seen char * timestamp");
            default -> table(name, "label char 16*", "seen char * interval");
        };
        Response response = as("alice", "tables/" + name).post(Entity.entity(changed.replace("<name>" + name
                + "</name>", "<name>" + name + "</name><description>new</description>"), "text/xml"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("cannot change its " + what);
        Map<?, ?> json = as("alice", "tables/" + name).accept("application/json").get(Map.class);
        assertThat(json.get("description")).isNull();
        assertThat(status(as("alice", "tables/" + name).post(Entity.entity(table(name, "label char 16*",
                "seen char * timestamp"), "text/xml")))).isEqualTo(204);
    }

    @Test
    void cadcColumnIdsAreKeptAndReturned() {
        String document = table("user_alice.ids", "ra double", "dec double").replace("<column><name>ra</name>",
                "<column vte:columnID=\"aliceRa\"><name>ra</name>");
        assertThat(status(put("alice", "user_alice.ids", document))).isEqualTo(201);
        assertThat((Object) JDBI.withHandle(h -> h.createQuery("""
                SELECT column_id FROM tap_schema.columns11 WHERE table_name = 'user_alice.ids' AND column_name = 'ra'
                """).mapTo(String.class).one())).isEqualTo("aliceRa");
        String xml = as("alice", "tables/user_alice.ids").get(String.class);
        assertThat(xml).contains("vte:columnID=\"aliceRa\"");
        Map<?, ?> json = as("alice", "tables/user_alice.ids").accept("application/json").get(Map.class);
        assertThat(((Map<?, ?>) ((List<?>) json.get("columns")).get(0)).get("column_id")).isEqualTo("aliceRa");
        Response votable = as("alice", "tables/user_alice.ids").accept("application/x-votable+xml").get();
        assertThat(votable.readEntity(String.class)).contains("ID=\"aliceRa\"");
        // YouCat's VosiTablesTest compares the header for equality: the XML declares its own encoding
        assertThat(votable.getHeaderString("Content-Type")).isEqualTo("application/x-votable+xml");

        Response taken = put("alice", "user_alice.ids_again", document);
        assertThat(taken.getStatus()).isEqualTo(409);
        assertThat(taken.readEntity(String.class)).contains("columnID 'aliceRa' is already the id of column "
                + "user_alice.ids.ra");
        assertThat(status(as("alice", "tables/user_alice.ids_again").get())).isEqualTo(404);
    }

    /** As YouCat's CreateTableTest: a columnID given in an update is kept and shown again; one left out stays. */
    @Test
    void aColumnIdGivenInAnUpdateIsKeptAndShown() {
        String name = "user_alice.ids_updated";
        assertThat(status(put("alice", name, table(name, "id long", "ra double")))).isEqualTo(201);
        String update = table(name, "id long", "ra double").replace("<column><name>id</name>",
                "<column vte:columnID=\"pk\"><name>id</name>").replace("<name>" + name + "</name>", "<name>" + name
                + "</name><description>updated by IntTest</description>");
        assertThat(status(as("alice", "tables/" + name).post(Entity.entity(update, "text/xml")))).isEqualTo(204);
        String xml = as("alice", "tables/" + name).get(String.class);
        assertThat(xml).contains("vte:columnID=\"pk\"").contains("updated by IntTest");
        // an update that does not mention it leaves it as it is
        assertThat(status(as("alice", "tables/" + name).post(Entity.entity(table(name, "id long", "ra double"),
                "text/xml")))).isEqualTo(204);
        assertThat(as("alice", "tables/" + name).get(String.class)).contains("vte:columnID=\"pk\"");
        // another table's update may not take it
        String other = "user_alice.ids_other";
        assertThat(status(put("alice", other, table(other, "id long")))).isEqualTo(201);
        Response taken = as("alice", "tables/" + other).post(Entity.entity(table(other, "id long").replace(
                "<column><name>id</name>", "<column vte:columnID=\"pk\"><name>id</name>"), "text/xml"));
        assertThat(taken.getStatus()).isEqualTo(409);
        assertThat(taken.readEntity(String.class)).contains("columnID 'pk' is already the id of column " + name + ".id");
    }

    /** Two tables created at once, in two schemas, with the same columnID: one 201 and one 409, never a 500. */
    @Test
    void concurrentCreatesWithOneColumnIdGiveOneTable() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String id = "raceId" + round;
                List<java.util.concurrent.Callable<Integer>> creates = new java.util.ArrayList<>();
                // two users' own schemas: nothing else makes the two creates take turns
                for (String user : List.of("alice", "bob")) {
                    String name = "user_" + user + ".race" + round;
                    String document = table(name, "ra double").replace("<column><name>ra</name>",
                            "<column vte:columnID=\"" + id + "\"><name>ra</name>");
                    creates.add(() -> status(put(user, name, document)));
                }
                List<Integer> statuses = new java.util.ArrayList<>();
                for (var result : pool.invokeAll(creates)) {
                    statuses.add(result.get());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(201, 409);
                int tables = 0;
                for (String user : List.of("alice", "bob")) {
                    tables += status(as(user, "tables/user_" + user + ".race" + round).get()) == 200 ? 1 : 0;
                }
                assertThat(tables).as("round %d: one table made", round).isEqualTo(1);
                int withId = TestDatabase.jdbi(DATABASE).withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM tap_schema.columns11 WHERE column_id = :id").bind("id", id)
                        .mapTo(Integer.class).one());
                assertThat(withId).as("round %d: one column %s", round, id).isEqualTo(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void validateAnswersOkOrWhatIsWrong() {
        assertThat(status(put("alice", "user_alice.checked", table("x", "ra double", "name char 16*")))).isEqualTo(201);
        Response ok = validate("alice", "tables/user_alice.checked", "validate");
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getMediaType().toString()).startsWith("text/plain");
        assertThat(ok.readEntity(String.class)).isEqualTo("user_alice.checked: OK\n");
        Response schema = TestApp.as("alice", TestApp.target(APP, "tables/user_alice").queryParam("action", "validate"))
                .accept("text/plain").get();
        assertThat(schema.readEntity(String.class)).isEqualTo("user_alice: OK\n");

        JDBI.useHandle(h -> h.execute("ALTER TABLE user_alice.checked ADD COLUMN sneaked integer"));
        JDBI.useHandle(h -> h.execute("ALTER TABLE user_alice.checked ALTER COLUMN name TYPE text"));
        Response bad = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.checked")
                .queryParam("action", "validate")).get();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.readEntity(String.class)).contains("user_alice.checked.name: the database column is text, but "
                + "its datatype char (arraysize 16*) needs character varying(16)")
                .contains("user_alice.checked.sneaked: the database table has this column, TAP_SCHEMA does not list it");
        assertThat(status(validate("bob", "tables/user_alice.checked", "validate"))).isEqualTo(404);
        assertThat(status(validate("alice", "tables/user_alice.checked", "drop"))).isEqualTo(400);
    }

    static Response validate(String user, String path, String action) {
        return TestApp.as(user, TestApp.target(APP, path).queryParam("action", action)).get();
    }

    @Test
    void capabilitiesListSecurityMethodsForInterfacesThatTakeCredentials() {
        String xml = TestApp.target(APP, "capabilities").request().get(String.class);
        String tables = xml.substring(xml.indexOf("VOSI#tables-1.1"), xml.indexOf("</capability>",
                xml.indexOf("VOSI#tables-1.1")));
        assertThat(tables).contains("<securityMethod/>")
                .contains("<securityMethod standardID=\"ivo://ivoa.net/sso#token\"/>");
        String availability = xml.substring(xml.indexOf("VOSI#availability"), xml.indexOf("</capability>",
                xml.indexOf("VOSI#availability")));
        assertThat(availability).doesNotContain("securityMethod");
    }

    /**
     * VODataService lets a column carry attributes of other namespaces, but validates them
     * strictly: an offline validator without CADC's extension schema can only say that the
     * attribute is the one thing it does not know.
     */
    @Test
    void aColumnIdIsTheOnlyThingOfTheTableAValidatorDoesNotKnow() {
        String document = table("user_alice.ids_valid", "ra double").replace("<column><name>ra</name>",
                "<column vte:columnID=\"validRa\"><name>ra</name>");
        assertThat(status(put("alice", "user_alice.ids_valid", document))).isEqualTo(201);
        String xml = as("alice", "tables/user_alice.ids_valid").get(String.class);
        assertThat(new XsdValidator("VOSITables-v1.1.xsd", "VODataService-v1.2.xsd").errors(xml)).singleElement()
                .asString().contains("Attribute 'vte:columnID' is not allowed");
        String without = xml.replace(" xmlns:vte=\"http://www.opencadc.org/xml/VOSITablesExt/v1.0\"", "")
                .replace(" vte:columnID=\"validRa\"", "");
        assertThat(new XsdValidator("VOSITables-v1.1.xsd", "VODataService-v1.2.xsd").errors(without)).isEmpty();
    }
}
