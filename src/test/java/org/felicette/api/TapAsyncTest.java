package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /async}: a query as a UWS job on the service's job machinery, run by the worker, its
 * result kept in the database and served with its length; refusals as the job's error.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapAsyncTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final org.jdbi.v3.core.Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    @BeforeAll
    static void table() {
        TapSyncTest.starsWithThreeRows(APP);
    }

    @Test
    void aQueryJobRunsAndItsResultIsServedWithItsLength() throws Exception {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id, name FROM user_alice.stars "
                + "ORDER BY id", "RESPONSEFORMAT", "csv", "PHASE", "RUN"));
        UwsClient.Job done = alice.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(done.parameters()).containsEntry("query", "SELECT id, name FROM user_alice.stars ORDER BY id");
        String href = done.results().get("result");
        assertThat(href).endsWith("/async/" + done.id() + "/results/result");
        HttpResponse<String> result = alice.get(href);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).isEqualTo("id,name\n1,Vega\n2,Deneb\n3,Altair\n");
        assertThat(result.headers().firstValue("Content-Length")).contains(String.valueOf(result.body().length()));
        assertThat(result.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        // a part of it, as a client resuming a download asks
        HttpResponse<String> part = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(href)).header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .header("Range", "bytes=3-6").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("name");
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 3-6/" + result.body().length());
        for (String[] range : new String[][] {{"bytes=999-", "416"}, {"bytes=99999999999999999999-", "200"}}) {
            HttpResponse<String> odd = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(href)).header("Authorization", "Bearer "
                            + TestApp.tokenOf("alice")).header("Range", range[0]).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(odd.statusCode()).as(range[0]).isEqualTo(Integer.parseInt(range[1])); // never a 500
        }

        // another user sees neither the job nor its result; deleting the job deletes its result
        UwsClient bob = new UwsClient(APP.getLocalPort(), "bob");
        assertThat(bob.get(href).statusCode()).isEqualTo(404);
        assertThat(alice.delete(job).statusCode()).isEqualTo(303);
        assertThat(alice.get(href).statusCode()).isEqualTo(404);
    }

    @Test
    void aResultIsSentGzippedToAClientThatAsksAndWholeToOneThatDoesNot() throws Exception {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT table_name, column_name, datatype "
                + "FROM tap_schema.columns ORDER BY table_name, column_name", "PHASE", "RUN"));
        UwsClient.Job done = alice.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        java.net.URI href = java.net.URI.create(done.results().get("result"));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<byte[]> plain = client.send(java.net.http.HttpRequest.newBuilder(href).header("Authorization",
                "Bearer " + TestApp.tokenOf("alice")).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> zipped = client.send(java.net.http.HttpRequest.newBuilder(href).header("Authorization",
                "Bearer " + TestApp.tokenOf("alice")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("<TD>tap_schema.columns"
                + "</TD><TD>column_name</TD>");
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length);
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(
                zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
    }

    @Test
    void aPendingJobRunsWhenToldAndAMaxrecCutSaysOverflow() {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id FROM user_alice.stars",
                "MAXREC", "1"));
        assertThat(alice.job(job).phase()).isEqualTo("PENDING");
        UwsClient.Job done = alice.runAndWait(job);
        assertThat(done.phase()).isEqualTo("COMPLETED");
        assertThat(alice.get(done.results().get("result")).body()).contains("value=\"OVERFLOW\"");
    }

    @Test
    void aRefusedQueryEndsInErrorWithItsReason() {
        UwsClient bob = new UwsClient(APP.getLocalPort(), "bob");
        String job = bob.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id FROM user_alice.stars",
                "PHASE", "RUN"));
        UwsClient.Job done = bob.waitFinal(job);
        assertThat(done.phase()).isEqualTo("ERROR");
        assertThat(done.error()).contains("no table 'user_alice.stars'");
        assertThat(bob.get(job + "/results/result").statusCode()).isEqualTo(404);
        // its error document is a VOTable, as TAP says
        HttpResponse<String> error = bob.get(job + "/error");
        assertThat(error.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-votable+xml");
        assertThat(error.body()).contains("value=\"ERROR\">no table 'user_alice.stars'");
        // a parameter mistake, too, is the job's error when it runs (taplint expects the job to be made)
        String bad = bob.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT 1", "RESPONSEFORMAT", "pdf",
                "PHASE", "RUN"));
        assertThat(bob.waitFinal(bad).error()).contains("RESPONSEFORMAT=pdf");
    }

    @Test
    void anAnonymousQueryJobBelongsToWhoeverHoldsItsUrl() {
        UwsClient anonymous = new UwsClient(APP.getLocalPort(), null);
        String job = anonymous.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT TOP 1 table_name FROM "
                + "tap_schema.tables WHERE table_name = 'tap_schema.tables'", "RESPONSEFORMAT", "csv", "PHASE", "RUN"));
        UwsClient.Job done = anonymous.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(anonymous.get(done.results().get("result")).body()).isEqualTo("table_name\ntap_schema.tables\n");
        // it runs as the anonymous caller: alice's private table is not there for it
        String peek = anonymous.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id FROM user_alice.stars",
                "PHASE", "RUN"));
        assertThat(anonymous.waitFinal(peek).error()).contains("no table 'user_alice.stars'");
        // and it is in no one's list
        assertThat(anonymous.get("async").body()).doesNotContain(done.id());
        assertThat(new UwsClient(APP.getLocalPort(), "alice").get("async").body()).doesNotContain(done.id());
    }

    @Test
    void aResultSavedAsATableKeepsItsRowsAndColumnsAndIsPrivate() {
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id, ra, name FROM user_alice.stars "
                + "WHERE id < 3", "DESTINATION", "user_alice.bright", "PHASE", "RUN"));
        UwsClient.Job done = alice.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(done.results().get("table")).endsWith("/tables/user_alice.bright");
        String csv = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL")
                .queryParam("RESPONSEFORMAT", "csv").queryParam("QUERY", "SELECT id, ra, name FROM user_alice.bright "
                        + "ORDER BY id")).get(String.class);
        assertThat(csv).isEqualTo("id,ra,name\n1,10.5,Vega\n2,20.25,Deneb\n");
        String vosi = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.bright")).get(String.class);
        assertThat(vosi).contains("<name>ra</name>").contains("long").contains("double");
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables/user_alice.bright")).get().getStatus())
                .isEqualTo(404);

        // a second save to the same name fails, and a failing query leaves no table behind
        String again = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id FROM user_alice.stars",
                "DESTINATION", "user_alice.bright", "PHASE", "RUN"));
        assertThat(alice.waitFinal(again).phase()).isEqualTo("ERROR");
        String bad = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT id / 0 AS x FROM user_alice.stars",
                "DESTINATION", "user_alice.broken", "PHASE", "RUN"));
        UwsClient.Job failed = alice.waitFinal(bad);
        assertThat(failed.phase()).isEqualTo("ERROR");
        assertThat(failed.error()).contains("divides by zero");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.broken")).get().getStatus())
                .isEqualTo(404);
    }

    @Test
    void abortingAJobCancelsItsRunningStatement() throws Exception {
        TapSyncTest.manyRows(APP);
        UwsClient alice = new UwsClient(APP.getLocalPort(), "alice");
        // eight billion rows to count: minutes of work that sends no row until it ends
        String job = alice.create("async", Map.of("LANG", "ADQL", "QUERY", "SELECT COUNT(*) AS n FROM "
                + "user_alice.many a, user_alice.many b, user_alice.many c", "PHASE", "RUN"));
        for (int i = 0; i < 200 && TapSyncTest.running(JDBI) == 0; i++) {
            Thread.sleep(50);
        }
        assertThat(TapSyncTest.running(JDBI)).isEqualTo(1);
        assertThat(alice.post(job + "/phase", Map.of("PHASE", "ABORT")).statusCode()).isEqualTo(303);
        assertThat(alice.waitFinal(job).phase()).isEqualTo("ABORTED");
        for (int i = 0; i < 100 && TapSyncTest.running(JDBI) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(TapSyncTest.running(JDBI)).as("the statement is cancelled, not left to run out its time").isZero();
    }
}
