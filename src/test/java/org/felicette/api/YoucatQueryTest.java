package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query steps of YouCat's own integration tests (opencadc/tap, youcat/src/intTest), replayed
 * as they send them: {@code AuthQueryTest} (an anonymous query of a private table, a job list, a
 * VOSpace destination) and {@code CreateTableTest}'s query checks, including its round trip of a
 * table of every type (geometry and arrays too) through a Parquet result and back into a table.
 * Where Felicette answers otherwise, the difference is named here: a create is 201, not 200.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class YoucatQueryTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());

    /** YouCat's SyncQueryAction: the content type it expects of a VOTable answer, spaces removed. */
    static final String TABLEDATA = "application/x-votable+xml;serialization=tabledata";

    static Response sync(String user, Map<String, String> params) {
        Form form = new Form();
        params.forEach(form::param);
        var target = TestApp.target(APP, "sync");
        return (user == null ? target.request() : TestApp.as(user, target)).post(Entity.form(form));
    }

    static void makePublic(String table) {
        Response r = TestApp.as("alice", TestApp.target(APP, "permissions/" + table)).post(Entity.entity(
                "public=true\n", "text/plain"));
        assertThat(r.getStatus()).isIn(200, 204);
    }

    @Test
    void authQueryTestAnAnonymousQueryOfAPrivateTableIsA400VotableWithItsReason() {
        TapSyncTest.create(APP, "alice", "user_alice.luausdss");
        Response r = sync(null, Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 1 * from user_alice.luausdss"));
        assertThat(r.getStatus()).isEqualTo(400);
        String body = r.readEntity(String.class);
        Matcher status = Pattern.compile("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">([^<]+)</INFO>").matcher(body);
        assertThat(status.find()).as(body).isTrue();
        assertThat(status.group(1)).contains("user_alice.luausdss");
    }

    @Test
    void authQueryTestTheCallersJobListReadsAsUws() {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 1 * FROM tap_schema.tables"));
        for (String list : new String[] {"async", "async?LAST=5"}) {
            var r = alice.get(list);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("<uws:jobs", "<uws:jobref");
            UwsClient.assertValid(r.body());
        }
    }

    @Test
    void authQueryTestAVospaceDestinationIsRefusedByNameNotSilentlyIgnored() {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        // YouCat's async action: create, then PHASE=RUN, then poll with WAIT
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT top 1 * from tap_schema.tables",
                "DEST", "vos://cadc.nrc.ca~vault/CADCAuthtest1/test/youcat-testVOSAuthQuery"));
        assertThat(alice.post(job + "/phase", Map.of("PHASE", "RUN")).statusCode()).isEqualTo(303);
        UwsClient.Job done = alice.waitFinal(job);
        assertThat(done.phase()).isEqualTo("ERROR");
        assertThat(done.xml()).contains("DEST");
    }

    @Test
    void createTableTestATableMadeAndSharedIsQueriedAnonymouslyAsTabledataWithNoRows() {
        TapSyncTest.create(APP, "alice", "user_alice.testCreateQueryUpdateDropVOSI");
        makePublic("user_alice.testCreateQueryUpdateDropVOSI");
        Response r = sync(null, Map.of("LANG", "ADQL", "QUERY", "SELECT * from user_alice.testCreateQueryUpdateDropVOSI"));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getMediaType().toString().replace(" ", "")).isEqualTo(TABLEDATA);
        assertThat(r.readEntity(String.class)).contains("<TABLEDATA>").doesNotContain("<TR>");
    }

    /** CreateTableTest's table of every type: text, integers, floats, timestamp, interval, point, circle, polygon, arrays. */
    static String everyType(int rows) {
        StringBuilder out = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3" version="1.4"><RESOURCE type="results"><TABLE>
                <FIELD name="c0" ID="bogus_id" datatype="char" arraysize="*"/>
                <FIELD name="c1" datatype="short"/><FIELD name="c2" datatype="int"/><FIELD name="c3" datatype="long"/>
                <FIELD name="c4" datatype="float"/><FIELD name="c5" datatype="double"/>
                <FIELD name="e6" datatype="char" arraysize="*" xtype="timestamp"/>
                <FIELD name="e7" datatype="double" arraysize="2" xtype="interval"/>
                <FIELD name="e8" datatype="double" arraysize="2" xtype="point"/>
                <FIELD name="e9" datatype="double" arraysize="3" xtype="circle"/>
                <FIELD name="e10" datatype="double" arraysize="*" xtype="polygon"/>
                <FIELD name="a11" datatype="short" arraysize="*"/><FIELD name="a12" datatype="int" arraysize="*"/>
                <FIELD name="a13" datatype="long" arraysize="*"/><FIELD name="a14" datatype="float" arraysize="*"/>
                <FIELD name="a15" datatype="double" arraysize="*"/>
                <DATA><TABLEDATA>
                """);
        for (int i = 0; i < rows; i++) {
            out.append("<TR><TD>string").append(i).append("</TD><TD>32767</TD><TD>2147483647</TD>")
                    .append("<TD>9223372036854775807</TD><TD>3.4028235E38</TD><TD>1.7976931348623157E308</TD>")
                    .append("<TD>2024-01-02T03:04:05.678</TD><TD>1.0 2.0</TD><TD>1.0 2.0</TD><TD>1.0 2.0 3.0</TD>")
                    .append("<TD>1.0 2.0 3.0 4.0 5.0 6.0</TD>");
            for (int a = 0; a < 5; a++) {
                out.append("<TD>").append(i).append(' ').append(i + 1).append("</TD>");
            }
            out.append("</TR>\n");
        }
        return out.append("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n").toString();
    }

    /** The rows of a TABLEDATA answer, each cell's text, numbers as numbers (so 3.4028235e+38 = 3.4028235E38). */
    static List<List<Object>> rows(String votable) {
        List<List<Object>> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<TR>(.*?)</TR>").matcher(votable);
        while (tr.find()) {
            List<Object> row = new ArrayList<>();
            Matcher td = Pattern.compile("<TD>(.*?)</TD>|<TD/>").matcher(tr.group(1));
            while (td.find()) {
                String text = td.group(1);
                List<Object> cell = new ArrayList<>();
                for (String part : text == null ? new String[0] : text.split(" ")) {
                    try {
                        cell.add(Double.parseDouble(part));
                    } catch (NumberFormatException notNumber) {
                        cell.add(part);
                    }
                }
                row.add(cell.size() == 1 ? cell.get(0) : cell);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void createTableTestEveryTypeRoundTripsThroughVotableAndThroughAParquetResult() {
        String name = "user_alice.testCreateQueryDropParquet";
        String document = everyType(10);
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).put(Entity.entity(document,
                "application/x-votable+xml"));
        assertThat(made.getStatus()).as(made.readEntity(String.class)).isEqualTo(201); // YouCat: 200
        makePublic(name);
        Response first = sync(null, Map.of("LANG", "ADQL", "QUERY", "SELECT * from " + name));
        assertThat(first.getMediaType().toString().replace(" ", "")).isEqualTo(TABLEDATA);
        String firstBody = first.readEntity(String.class);
        assertThat(firstBody).contains("<FIELD name=\"c0\"").doesNotContain("bogus_id"); // the ID attribute is ignored
        List<List<Object>> expected = rows(document);
        assertThat(rows(firstBody)).hasSize(10).isEqualTo(expected);

        // the owner's Parquet answer, the table dropped and made again from it
        Response parquet = sync("alice", Map.of("LANG", "ADQL", "QUERY", "SELECT * from " + name, "RESPONSEFORMAT",
                "parquet"));
        assertThat(parquet.getMediaType().toString()).isEqualTo("application/vnd.apache.parquet");
        byte[] file = parquet.readEntity(byte[].class);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + name)).delete().getStatus()).isIn(200, 204);
        Response again = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).put(Entity.entity(file,
                "application/vnd.apache.parquet"));
        assertThat(again.getStatus()).as(again.readEntity(String.class)).isEqualTo(201);
        makePublic(name);
        String vosi = TestApp.target(APP, "tables/" + name).request().get(String.class);
        assertThat(vosi).contains("extendedType=\"point\"", "extendedType=\"circle\"", "extendedType=\"polygon\"",
                "extendedType=\"interval\"", "extendedType=\"timestamp\"");
        String secondBody = sync(null, Map.of("LANG", "ADQL", "QUERY", "SELECT * from " + name)).readEntity(String.class);
        assertThat(Pattern.compile("<FIELD ").matcher(secondBody).results().count()).isEqualTo(16);
        assertThat(rows(secondBody)).isEqualTo(expected);
    }
}
