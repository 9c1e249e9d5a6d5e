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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits that hold when one owner's requests arrive together: what requests in flight hold is
 * counted by every other, so side by side they get no further than one after another.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QuotaConcurrencyTest {

    static final long QUOTA = 6_000_000;
    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("userTables.quotaOverrides.frank.maxTables", "40"),
            ConfigOverride.config("userTables.quotaOverrides.frank.maxBytes", String.valueOf(QUOTA)),
            ConfigOverride.config("userTables.quotaOverrides.carol.maxTables", "3"),
            ConfigOverride.config("userTables.quotaOverrides.carol.maxBytes", "1000000000"),
            ConfigOverride.config("uploads.maxBytesPerUser", "300000"),
            ConfigOverride.config("database.maxConnections", "6"));

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    /** A CSV of the test table's columns, of about {@code bytes} bytes, optionally ending in a bad value. */
    static byte[] csv(int bytes, boolean badAtTheEnd) {
        StringBuilder out = new StringBuilder("id,ra,label\n");
        for (int i = 0; out.length() < bytes; i++) {
            out.append(i).append(',').append(i * 0.001).append(",star number ").append(i).append('\n');
        }
        if (badAtTheEnd) {
            out.append("oops,1.0,bad\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static void create(String user, String table) {
        Response r = TestApp.as(user, TestApp.target(APP, "tables/" + table))
                .put(Entity.entity(UserTablesTest.vosiTable(table), "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static HttpResponse<String> load(String user, String table, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/load/" + table))
                .header("Authorization", "Bearer " + TestApp.tokenOf(user)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode quota(String user) throws IOException {
        return JSON.readTree(TestApp.as(user, TestApp.target(APP, "quota")).accept("application/json").get(String.class));
    }

    /** Runs the calls at once (released together) and gives their answers' status codes. */
    static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parallelLoadsGetNoFurtherThanLoadsOneAfterAnother() throws Exception {
        byte[] body = csv(1_500_000, false);
        int sequential = 0;
        for (int i = 0; i < 6; i++) {
            create("frank", "user_frank.seq" + i);
        }
        for (int i = 0; i < 6; i++) {
            if (load("frank", "user_frank.seq" + i, body).statusCode() == 200) {
                sequential++;
            }
        }
        long sequentialBytes = quota("frank").get("bytes").asLong();
        assertThat(sequential).as("one after another, the quota stops some").isBetween(1, 5);
        for (int i = 0; i < 6; i++) {
            assertThat(TestApp.as("frank", TestApp.target(APP, "tables/user_frank.seq" + i)).delete().getStatus())
                    .isEqualTo(204);
        }

        for (int i = 0; i < 6; i++) {
            create("frank", "user_frank.par" + i);
        }
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String table = "user_frank.par" + i;
            calls.add(() -> load("frank", table, body));
        }
        List<HttpResponse<String>> answers = together(calls);
        long succeeded = answers.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(200, 413));
        assertThat(answers).filteredOn(r -> r.statusCode() == 413)
                .allSatisfy(r -> assertThat(r.body()).containsAnyOf("byte quota of frank", "the tables of frank"));
        assertThat(succeeded).as("some get in").isPositive();
        // the guarantee: no further past the quota than one load one after another goes (one table's
        // bytes beyond what its body was counted as), and never the six loads' worth the old check let in
        long oneTable = sequentialBytes / sequential;
        assertThat(quota("frank").get("bytes").asLong()).as("%d loads in", succeeded)
                .isLessThanOrEqualTo(Math.max(sequentialBytes, QUOTA + oneTable));
    }

    @Test
    void parallelUploadsStayWithinTheUploadLimit() throws Exception {
        byte[] file = csv(100_000, false);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = "u" + i;
            calls.add(() -> UploadsTest.send(APP, "bob", Map.of("UPLOAD", name + ",param:f"),
                    Map.of("f", new Object[] {"text/csv", file})));
        }
        List<HttpResponse<String>> answers = together(calls);
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(201, 413));
        long made = answers.stream().filter(r -> r.statusCode() == 201).count();
        assertThat(made).as("300 kB of 100 kB uploads").isBetween(1L, 2L);
        assertThat(answers).filteredOn(r -> r.statusCode() == 413)
                .allSatisfy(r -> assertThat(r.body()).contains("each user may hold 300000 bytes of uploads"));
    }

    @Test
    void parallelCreatesStayWithinTheTableQuota() throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String table = "user_carol.t" + i;
            calls.add(() -> {
                Response r = TestApp.as("carol", TestApp.target(APP, "tables/" + table))
                        .put(Entity.entity(UserTablesTest.vosiTable(table), "text/xml"));
                r.readEntity(String.class);
                return r.getStatus();
            });
        }
        List<Integer> statuses = together(calls);
        assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(201, 413));
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(3);
        assertThat(quota("carol").get("tables").asInt()).isEqualTo(3);
    }

    @Test
    void aRefusedLoadLeavesNoBytesCountedAgainstTheQuota() throws Exception {
        create("alice", "user_alice.kept");
        assertThat(load("alice", "user_alice.kept", csv(200_000, false)).statusCode()).isEqualTo(200);
        long before = quota("alice").get("bytes").asLong();
        HttpResponse<String> refused = load("alice", "user_alice.kept", csv(3_000_000, true));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("'oops'");
        long after = quota("alice").get("bytes").asLong();
        assertThat(after - before).as("the dead rows of the refused load are given back").isLessThan(100_000);
    }

    /** The same limit held by two instances sharing the database: uploads sent to both at once. */
    @Test
    void parallelUploadsToTwoInstancesStayWithinTheUploadLimit() throws Exception {
        var other = TestApp.instance("quota-other.", DATABASE, "uploads.maxBytesPerUser", "300000");
        other.before();
        try {
            byte[] file = csv(100_000, false);
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String name = "w" + i;
                int port = i % 2 == 0 ? APP.getLocalPort() : other.getLocalPort();
                calls.add(() -> UploadsTest.send(port, "frank", Map.of("UPLOAD", name + ",param:f"),
                        Map.of("f", new Object[] {"text/csv", file})));
            }
            List<HttpResponse<String>> answers = together(calls);
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isIn(201, 413));
            assertThat(answers.stream().filter(r -> r.statusCode() == 201).count()).as("300 kB of 100 kB uploads, "
                    + "on two instances").isBetween(1L, 2L);
        } finally {
            other.after();
        }
    }
}
