package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every limit of PostgreSQL's that a request can reach is a 400 naming it, before any DDL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class PgLimitsTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    static String vosiTable(String name, int columns) {
        StringBuilder out = new StringBuilder("""
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>""").append(name).append("</name>");
        for (int i = 1; i <= columns; i++) {
            out.append("<column><name>c").append(i)
                    .append("</name><dataType xsi:type=\"vs:VOTableType\">double</dataType></column>");
        }
        return out.append("</vosi:table>").toString();
    }

    static String votable(int columns) {
        StringBuilder out = new StringBuilder("<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">"
                + "<RESOURCE><TABLE>");
        for (int i = 1; i <= columns; i++) {
            out.append("<FIELD name=\"c").append(i).append("\" datatype=\"double\"/>");
        }
        out.append("<DATA><TABLEDATA><TR>");
        for (int i = 1; i <= columns; i++) {
            out.append("<TD>").append(i).append("</TD>");
        }
        return out.append("</TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>").toString();
    }

    static String csv(int columns) {
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            header.append(i == 1 ? "" : ",").append('c').append(i);
            row.append(i == 1 ? "" : ",").append(i).append(".5");
        }
        return header + "\n" + row + "\n";
    }

    static Response put(String table, String body, String type) {
        return TestApp.as("alice", TestApp.target(APP, "tables/" + table)).put(Entity.entity(body, type));
    }

    @Test
    void aTableOfMoreThan1600ColumnsIs400ThroughEveryDoor() {
        for (Object[] door : new Object[][] {{"user_alice.wide_vosi", vosiTable("user_alice.wide_vosi", 1700), "text/xml"},
                {"user_alice.wide_vot", votable(1700), "application/x-votable+xml"}}) {
            Response r = put((String) door[0], (String) door[1], (String) door[2]);
            assertThat(r.getStatus()).isEqualTo(400);
            assertThat(r.readEntity(String.class)).contains("1700 columns").contains("at most 1600");
            assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + door[0])).get().getStatus()).isEqualTo(404);
        }
        for (Object[] file : new Object[][] {{"text/csv", csv(1700)}, {"application/x-votable+xml", votable(1700)}}) {
            HttpResponse<String> r = UploadsTest.send(APP, "alice", Map.of("UPLOAD", "wide,param:f"),
                    Map.of("f", new Object[] {file[0], ((String) file[1]).getBytes(StandardCharsets.UTF_8)}));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("UPLOAD wide").contains("1700 columns").contains("at most 1600");
        }
        assertThat(put("user_alice.wide_enough", vosiTable("user_alice.wide_enough", 1600), "text/xml").getStatus())
                .isEqualTo(201);
    }

    @Test
    void aRowLargerThanAPostgresRowIs400NamingTheLimit() {
        assertThat(put("user_alice.many", vosiTable("user_alice.many", 1200), "text/xml").getStatus()).isEqualTo(201);
        Response r = TestApp.as("alice", TestApp.target(APP, "load/user_alice.many"))
                .post(Entity.entity(csv(1200), "text/csv"));
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("a row takes").contains("more than the 8160 bytes a PostgreSQL table row")
                .contains("nothing was loaded");
    }

    @Test
    void anIndexOverAValueWiderThanABtreeEntryEndsInErrorNamingTheColumnAndTheLimit() {
        String table = "user_alice.wide_labels";
        Response made = put(table, """
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>user_alice.wide_labels</name>
                  <column><name>label</name><dataType xsi:type="vs:VOTableType" arraysize="*">char</dataType></column>
                </vosi:table>""", "text/xml");
        assertThat(made.getStatus()).isEqualTo(201);
        // random text does not compress: the entry stays wider than btree's 2704 bytes
        StringBuilder wide = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (wide.length() < 6000) {
            wide.append((char) ('a' + random.nextInt(26)));
        }
        Response loaded = TestApp.as("alice", TestApp.target(APP, "load/" + table))
                .post(Entity.entity("label\nshort\n" + wide + "\n", "text/csv"));
        assertThat(loaded.getStatus()).as(loaded.readEntity(String.class)).isEqualTo(200);
        UwsClient uws = new UwsClient(APP.getLocalPort(), "alice");
        UwsClient.Job job = uws.runAndWait(uws.create("table-update", Map.of("table", table, "index", "label")));
        assertThat(job.phase()).isEqualTo("ERROR");
        assertThat(job.error()).contains("label").contains("2704 bytes").contains("btree")
                .doesNotContain("failed unexpectedly");
    }
}
