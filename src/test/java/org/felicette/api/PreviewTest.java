package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /preview} as an API client gets what the ingest page shows: the columns, the UCDs
 * proposed from their names, and the near misses of type inference, with where they are; and the
 * choices a near miss leaves: the load refuses the value by its line, or loads it as NULL when
 * asked ({@code nullIfInvalid}), saying how many.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PreviewTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());

    /** The file: 2,000 rows of RA (J2000), Dec, mag-G and id, with 'oops' for a Dec on line 1500. */
    static String stars() {
        StringBuilder csv = new StringBuilder("RA (J2000),Dec,mag-G,id\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append(10 + i / 1000.0).append(',').append(i == 1499 ? "oops" : String.valueOf(-5 + i / 1000.0))
                    .append(',').append(12 + i % 50 / 10.0).append(',').append(i).append('\n');
        }
        return csv.toString();
    }

    @Test
    void aNumericColumnWithOneBadValueStaysNumericAndTheValueIsNamedWithItsLine() throws Exception {
        Response r = TestApp.as("alice", TestApp.target(APP, "preview")).post(Entity.entity(stars(), "text/csv"));
        assertThat(r.getStatus()).isEqualTo(200);
        JsonNode preview = new ObjectMapper().readTree(r.readEntity(String.class));
        List<String> types = new ArrayList<>();
        preview.get("columns").forEach(c -> types.add(c.get("name").asText() + ":" + c.get("datatype").asText()));
        assertThat(types).containsExactly("RA (J2000):double", "Dec:double", "mag-G:double", "id:int");
        JsonNode miss = preview.get("near_misses").get(0);
        assertThat(miss.get("column").asText()).isEqualTo("Dec");
        assertThat(miss.get("line").asLong()).isEqualTo(1500);
        assertThat(miss.get("message").asText()).isEqualTo("1 of 2,000 values is not a number: line 1500, 'oops'");
        List<String> proposals = new ArrayList<>();
        preview.get("proposals").forEach(p -> proposals.add(p.get("column").asText() + "=" + p.get("ucd").asText()));
        assertThat(proposals).containsExactly("RA (J2000)=pos.eq.ra;meta.main", "Dec=pos.eq.dec;meta.main",
                "mag-G=phot.mag", "id=meta.id;meta.main");
    }

    @Test
    void aLoadRefusesTheNearMissByItsLineOrLoadsItAsNullWhenAskedAndSaysHowMany() throws Exception {
        String doc = LoadTest.table("user_alice.stars", new String[] {"RA_J2000", "double"},
                new String[] {"Dec", "double"}, new String[] {"mag_G", "double"}, new String[] {"id", "int"});
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars")).put(Entity.entity(doc,
                "text/xml")).getStatus()).isEqualTo(201);
        var load = TestApp.target(APP, "load/user_alice.stars").queryParam("rename", "RA (J2000)=RA_J2000")
                .queryParam("rename", "mag-G=mag_G");
        Response refused = TestApp.as("alice", load).post(Entity.entity(stars(), "text/csv"));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.readEntity(String.class)).contains("oops", "Dec");
        // a column the table does not have is named back, not silently ignored
        Response typo = TestApp.as("alice", load.queryParam("nullIfInvalid", "Decl")).post(Entity.entity(stars(),
                "text/csv"));
        assertThat(typo.getStatus()).isEqualTo(400);
        assertThat(typo.readEntity(String.class)).contains("nullIfInvalid names column 'decl'");
        Response lenient = TestApp.as("alice", load.queryParam("nullIfInvalid", "Dec")).post(Entity.entity(stars(),
                "text/csv"));
        assertThat(lenient.getStatus()).isEqualTo(200);
        assertThat(lenient.readEntity(String.class)).isEqualTo("Inserted 2000 rows to table user_alice.stars; 1 values "
                + "that were not of their column's type were loaded as NULL, as nullIfInvalid asked\n");
        String nulls = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL").queryParam("QUERY",
                "SELECT id FROM user_alice.stars WHERE Dec IS NULL").queryParam("RESPONSEFORMAT", "csv"))
                .get(String.class);
        assertThat(nulls).isEqualTo("id\n1499\n");
        // the same asked of an asynchronous load: the job says it too
        org.felicette.testing.UwsClient uws = new org.felicette.testing.UwsClient(APP.getLocalPort(), "alice");
        java.net.http.HttpResponse<String> queued = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(load.queryParam("nullIfInvalid", "Dec").queryParam("async", "true")
                        .getUri()).header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                        .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                stars())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(303);
        String location = queued.headers().firstValue("Location").orElseThrow();
        var done = uws.waitFinal(location);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(done.xml()).contains("1 values that were not of their column's type were loaded as NULL");
    }

    /** The page's live check of a description's units and UCDs, in the Felis rules' words, with the unit likely meant. */
    @Test
    void aDescriptionsUnitsAndUcdsAreCheckedByTheFelisRules() throws Exception {
        Response r = TestApp.as("alice", TestApp.target(APP, "preview/columns")).post(Entity.json(
                "{\"columns\": [{\"unit\": \"mJansky\", \"ucd\": \"phot.flux\"}, {\"unit\": \"deg\", \"ucd\": "
                        + "\"pos.eq.nowhere\"}, {\"unit\": \"\", \"ucd\": null}]}"));
        assertThat(r.getStatus()).isEqualTo(200);
        JsonNode columns = new ObjectMapper().readTree(r.readEntity(String.class)).get("columns");
        assertThat(columns.get(0).get("unit").get("message").asText()).startsWith("invalid unit 'mJansky'")
                .endsWith("did you mean 'mJy'?");
        assertThat(columns.get(0).get("unit").get("suggestion").asText()).isEqualTo("mJy");
        assertThat(columns.get(0).get("ucd").isNull()).isTrue();
        assertThat(columns.get(1).get("unit").isNull()).isTrue();
        assertThat(columns.get(1).get("ucd").get("message").asText()).isEqualTo(
                "invalid UCD 'pos.eq.nowhere': unknown word 'pos.eq.nowhere'");
        assertThat(columns.get(2).get("unit").isNull()).isTrue();
        Response none = TestApp.as("alice", TestApp.target(APP, "preview/columns")).post(Entity.json("{}"));
        assertThat(none.getStatus()).isEqualTo(400);
        assertThat(none.readEntity(String.class)).contains("give the columns to check");
    }
}
