package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /load/{table}?async=true}: the body spooled, a job loads it with progress, all or nothing. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AsyncLoadTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final Path SPOOL = Path.of("target", "async-load-spool");
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("jobs.heartbeatMillis", "100"),
            ConfigOverride.config("jobs.spoolDirectory", SPOOL.toString()),
            ConfigOverride.config("userTables.maxLoadBytes", String.valueOf(48L * 1024 * 1024)));
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void tables() {
        for (String t : List.of("big", "bad", "pref", "blocked", "renamed", "slow")) {
            Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice." + t)).put(Entity.entity(
                    LoadTest.table("user_alice." + t, new String[] {"id", "long"}, new String[] {"ra", "double"},
                            new String[] {"name", "char", "*"}), "text/xml"));
            assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        }
    }

    static byte[] csv(int rows, int badRow) {
        StringBuilder out = new StringBuilder(rows * 24).append("id,ra,name\n");
        for (int i = 1; i <= rows; i++) {
            out.append(i).append(',').append(i == badRow ? "abc" : Double.toString(i * 0.001)).append(",star")
                    .append(i).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/" + path))
                .header("Authorization", "Bearer " + TestApp.tokenOf("alice")).header("Content-Type", "text/csv")
                .POST(body);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode job(String url) throws IOException {
        return JSON.readTree(new UwsClient(APP.getLocalPort(), "alice").get(url, "application/json").body());
    }

    static long rows(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    static boolean spoolEmpty() throws IOException {
        if (!Files.isDirectory(SPOOL)) {
            return true;
        }
        try (Stream<Path> files = Files.list(SPOOL)) {
            return files.findAny().isEmpty();
        }
    }

    @Test
    void aMillionRowsLoadAsynchronouslyWithRisingProgress() throws Exception {
        HttpResponse<String> created = post("load/user_alice.big?async=true", HttpRequest.BodyPublishers.ofByteArray(
                csv(1_000_000, -1)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String url = created.headers().firstValue("Location").orElseThrow();
        assertThat(url).contains("/load-jobs/");
        List<Double> percents = new ArrayList<>();
        List<Long> rowsSeen = new ArrayList<>();
        JsonNode doc = job(url);
        while (List.of("QUEUED", "EXECUTING").contains(doc.get("phase").asText())) {
            JsonNode p = doc.get("progress");
            if (doc.get("phase").asText().equals("EXECUTING") && p.hasNonNull("percent")) {
                percents.add(p.get("percent").asDouble());
                if (p.hasNonNull("rows")) {
                    rowsSeen.add(p.get("rows").asLong());
                }
            }
            Thread.sleep(20);
            doc = job(url);
        }
        assertThat(doc.get("phase").asText()).as(doc.toString()).isEqualTo("COMPLETED");
        assertThat(doc.get("progress").get("rows").asLong()).isEqualTo(1_000_000);
        assertThat(doc.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(doc.get("results").get(0).get("href").asText()).endsWith("/tables/user_alice.big");
        assertThat(rows("user_alice.big")).isEqualTo(1_000_000);
        assertThat(percents).as("progress reported while it ran").isNotEmpty().isSorted();
        assertThat(percents.stream().anyMatch(p -> p > 0 && p < 100)).as("progress part-way: " + percents).isTrue();
        assertThat(rowsSeen).isSorted();
        assertThat(spoolEmpty()).as("the spooled body is removed").isTrue();
        // the UWS view of the same job validates and shows the progress in jobInfo
        UwsClient.Job xml = new UwsClient(APP.getLocalPort(), "alice").job(url);
        assertThat(xml.progress().getAttribute("rows")).isEqualTo("1000000");
    }

    @Test
    void theBytesReportedAreThoseOfTheRowsWrittenNotOfTheBuffersAheadOfThem() throws Exception {
        // every 20th row waits a millisecond in the database: the file is read (into buffers) long before it is written
        JDBI.useHandle(h -> h.execute("""
                CREATE FUNCTION user_alice.slowly() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.id % 20 = 0 THEN PERFORM pg_sleep(0.001); END IF; RETURN NEW; END $$;
                CREATE TRIGGER slowly BEFORE INSERT ON user_alice.slow FOR EACH ROW EXECUTE FUNCTION user_alice.slowly();
                """));
        int total = 40_000;
        HttpResponse<String> created = post("load/user_alice.slow?async=true", HttpRequest.BodyPublishers.ofByteArray(
                csv(total, -1)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String url = created.headers().firstValue("Location").orElseThrow();
        List<String> seen = new ArrayList<>();
        JsonNode doc = job(url);
        while (List.of("QUEUED", "EXECUTING").contains(doc.get("phase").asText())) {
            JsonNode p = doc.get("progress");
            if (p != null && p.hasNonNull("rows") && p.get("rows").asLong() > 0) {
                double rowsDone = p.get("rows").asDouble() / total;
                double percentDone = p.get("percent").asDouble() / 100;
                seen.add(String.format("%.2f rows / %.2f bytes", rowsDone, percentDone));
                // PostgreSQL reads its input in 64 kB blocks: at most that far ahead of the rows (8% of this file)
                assertThat(Math.abs(rowsDone - percentDone)).as("rows and bytes agree: " + seen).isLessThan(0.12);
            }
            Thread.sleep(50);
            doc = job(url);
        }
        assertThat(doc.get("phase").asText()).as(doc.toString()).isEqualTo("COMPLETED");
        assertThat(seen.stream().filter(s -> !s.startsWith("1.00")).count()).as("seen part-way: " + seen)
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void oneBadRowEndsTheJobInErrorNamingItAndLoadsNothing() throws Exception {
        HttpResponse<String> created = post("load/user_alice.bad?async=true", HttpRequest.BodyPublishers.ofByteArray(
                csv(200_000, 150_000)));
        assertThat(created.statusCode()).isEqualTo(303);
        UwsClient.Job done = new UwsClient(APP.getLocalPort(), "alice").waitFinal(
                created.headers().firstValue("Location").orElseThrow());
        assertThat(done.phase()).isEqualTo("ERROR");
        assertThat(done.error()).startsWith("row 150000, column 'ra': 'abc' is not a double");
        assertThat(rows("user_alice.bad")).isZero();
        assertThat(spoolEmpty()).isTrue();
    }

    @Test
    void preferRespondAsyncAsksForAJobToo() throws Exception {
        HttpResponse<String> created = post("load/user_alice.pref", HttpRequest.BodyPublishers.ofByteArray(csv(10, -1)),
                "Prefer", "respond-async");
        assertThat(created.statusCode()).isEqualTo(303);
        String url = created.headers().firstValue("Location").orElseThrow();
        assertThat(new UwsClient(APP.getLocalPort(), "alice").waitFinal(url).phase()).isEqualTo("COMPLETED");
        assertThat(new UwsClient(APP.getLocalPort(), "bob").get(url).statusCode()).isEqualTo(404);
        assertThat(rows("user_alice.pref")).isEqualTo(10);
        assertThat(new UwsClient(APP.getLocalPort(), "alice").get("load-jobs").body()).contains(url);
        HttpResponse<String> deleted = new UwsClient(APP.getLocalPort(), "alice").delete(url);
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/load-jobs");
        assertThat(rows("user_alice.pref")).as("deleting the job leaves the rows it loaded").isEqualTo(10);
    }

    @Test
    void anAsynchronousLoadKeepsItsRenamesAmongItsParameters() throws Exception {
        byte[] csv = "Source ID,RA (J2000),name\n1,10.5,one\n2,11.5,two\n".getBytes(StandardCharsets.UTF_8);
        String query = "?async=true&rename=" + java.net.URLEncoder.encode("Source ID=id", StandardCharsets.UTF_8)
                + "&rename=" + java.net.URLEncoder.encode("RA (J2000)=ra", StandardCharsets.UTF_8);
        HttpResponse<String> created = post("load/user_alice.renamed" + query, HttpRequest.BodyPublishers.ofByteArray(csv));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String url = created.headers().firstValue("Location").orElseThrow();
        UwsClient.Job done = new UwsClient(APP.getLocalPort(), "alice").waitFinal(url);
        assertThat(done.phase()).as(done.error()).isEqualTo("COMPLETED");
        JsonNode parameters = job(url).get("parameters");
        assertThat(parameters.get("rename.id").asText()).isEqualTo("Source ID");
        assertThat(parameters.get("rename.ra").asText()).isEqualTo("RA (J2000)");
        List<Double> ras = JDBI.withHandle(h -> h.createQuery("SELECT ra FROM user_alice.renamed ORDER BY id")
                .mapTo(Double.class).list());
        assertThat(ras).containsExactly(10.5, 11.5);
        // a rename that cannot be read is refused before the body is kept
        HttpResponse<String> bad = post("load/user_alice.renamed?async=true&rename=nothing",
                HttpRequest.BodyPublishers.ofByteArray(csv));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("rename 'nothing' is not FILE_COLUMN=table_column");
        assertThat(spoolEmpty()).isTrue();
    }

    @Test
    void aBodyPastTheLimitIsA413WhileItStreamsAndQueuesNothing() throws Exception {
        long size = 64L * 1024 * 1024;
        HttpRequest.BodyPublisher endless = HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            long sent;

            @Override
            public int read() {
                return sent++ < size ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) '1');
                sent += n;
                return n;
            }
        });
        HttpResponse<String> refused;
        try {
            refused = post("load/user_alice.pref?async=true", endless);
        } catch (IOException e) {
            refused = null; // the server may close the connection before the client has sent everything
        }
        if (refused != null) {
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("the load limit of " + 48L * 1024 * 1024 + " bytes");
        }
        assertThat(spoolEmpty()).isTrue();
        assertThat((int) JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM felicette.jobs WHERE family = 'load' "
                + "AND parameters->>'table' = 'user_alice.pref' AND phase <> 'COMPLETED'").mapTo(Integer.class).one()))
                .isZero();
    }

    @Test
    void aLoadTheCallerCouldNotMakeIsRefusedBeforeItsBodyIsKept() throws Exception {
        HttpResponse<String> missing = post("load/user_alice.nothing?async=true",
                HttpRequest.BodyPublishers.ofByteArray(csv(10, -1)));
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpRequest bobs = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort()
                + "/load/user_alice.big?async=true")).header("Authorization", "Bearer " + TestApp.tokenOf("bob"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv(10, -1))).build();
        assertThat(HTTP.send(bobs, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(post("load/user_alice.big?async=maybe", HttpRequest.BodyPublishers.ofByteArray(csv(1, -1)))
                .statusCode()).isEqualTo(400);
        assertThat(spoolEmpty()).isTrue();
    }

    @Test
    void abortCancelsALoadInProgressAndTheTableStaysAsItWas() throws Exception {
        String url;
        try (Handle blocker = JDBI.open()) {
            blocker.begin();
            blocker.execute("LOCK TABLE user_alice.blocked IN ACCESS EXCLUSIVE MODE"); // the COPY waits for it
            HttpResponse<String> created = post("load/user_alice.blocked?async=true",
                    HttpRequest.BodyPublishers.ofByteArray(csv(1000, -1)));
            url = created.headers().firstValue("Location").orElseThrow();
            UwsClient uws = new UwsClient(APP.getLocalPort(), "alice");
            for (int i = 0; i < 50 && !uws.job(url).phase().equals("EXECUTING"); i++) {
                Thread.sleep(100);
            }
            assertThat(uws.job(url).phase()).isEqualTo("EXECUTING");
            assertThat(uws.post(url + "/phase", java.util.Map.of("PHASE", "ABORT")).statusCode()).isEqualTo(303);
            assertThat(uws.job(url).phase()).isEqualTo("ABORTED");
            blocker.rollback();
        }
        // the worker lets go of the job (its COPY cancelled, its transaction rolled back) and removes the body
        for (int i = 0; i < 100 && !spoolEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(spoolEmpty()).isTrue();
        assertThat(rows("user_alice.blocked")).isZero();
        Integer waiting = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
                + "'COPY%user_alice%blocked%' AND state = 'active'").mapTo(Integer.class).one());
        assertThat(waiting).isZero();
    }
}
