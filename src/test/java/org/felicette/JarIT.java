package org.felicette;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar, started as a user would start it, with the shipped config.yml. */
class JarIT {

    private static final Path JAR = Path.of("target/felicette.jar");
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    record Ports(int app, int admin, int postgres) {
    }

    private static Ports freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
            return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
        }
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(false);
        builder.redirectOutput(temp.resolve("stdout-" + started.size() + ".log").toFile());
        builder.redirectError(temp.resolve("stderr-" + started.size() + ".log").toFile());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String stderrOf(Process process) throws IOException {
        return Files.readString(temp.resolve("stderr-" + started.indexOf(process) + ".log"), StandardCharsets.UTF_8);
    }

    private String stdoutOf(Process process) throws IOException {
        return Files.readString(temp.resolve("stdout-" + started.indexOf(process) + ".log"), StandardCharsets.UTF_8);
    }

    private Map<String, String> embeddedEnv(Path data, Ports ports) {
        Map<String, String> env = new HashMap<>();
        env.put("FELICETTE_DATA", data.toString());
        env.put("FELICETTE_PORT", Integer.toString(ports.app()));
        env.put("FELICETTE_ADMIN_PORT", Integer.toString(ports.admin()));
        env.put("FELICETTE_SPOOL", data.resolveSibling("spool").toString()); // each server its own
        return env;
    }

    private String awaitAvailability(Process process, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server exited early: %s", stderrOf(process)).isTrue();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/availability")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no availability within 120 s: " + stderrOf(process));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void serverStartsOnShippedConfigAndKeepsItsDataAcrossRestarts() throws Exception {
        Path data = temp.resolve("data/postgres");
        Ports ports = freePorts();
        Map<String, String> env = embeddedEnv(data, ports);

        Process first = start(env, "server", "config.yml");
        assertThat(awaitAvailability(first, ports.app())).contains("<vosi:available>true</vosi:available>");
        HttpResponse<String> schemas = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.app() + "/schemas")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(schemas.body()).as("the shipped example is published at start-up").contains("\"name\":\"example_survey\"");
        HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports.app() + "/datalink/manifest")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(manifest.body()).as("the shipped snippet is loaded at start-up").contains("example_survey_Object_objectId");
        // the ADQL libraries work from the shaded jar: a query of TAP_SCHEMA through /sync
        HttpResponse<String> query = send(ports.app(), "POST", "/sync", "application/x-www-form-urlencoded",
                "LANG=ADQL&RESPONSEFORMAT=csv&QUERY=SELECT+table_name+FROM+tap_schema.tables+WHERE+schema_name"
                        + "+%3D+%27example_survey%27");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(query.body()).startsWith("table_name\n").contains("example_survey.Object");
        String jdbcUrl = embeddedJdbcUrl(data);
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO felicette.audit_log (action, object_type, object_name) VALUES ('mark', 'test', 'jar-it')");
        }

        // A second server on the same data directory refuses to start, in one line.
        Ports other = freePorts();
        Process second = start(embeddedEnv(data, other), "server", "config.yml");
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        String err = stderrOf(second);
        assertThat(err).contains("felicette: the embedded database directory").contains("is in use");
        assertThat(err).doesNotContain("\tat ");

        stop(first);
        Process again = start(env, "server", "config.yml");
        awaitAvailability(again, ports.app());
        try (Connection c = DriverManager.getConnection(embeddedJdbcUrl(data), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM felicette.audit_log WHERE object_name = 'jar-it'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        stop(again);
    }

    private static final String DEMO = "Bearer demo-token-change-me";

    private HttpResponse<String> send(int port, String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", DEMO).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void createTable(int port, String table) throws Exception {
        HttpResponse<String> made = send(port, "PUT", "/tables/" + table, "text/xml", """
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>%s</name>
                  <column><name>id</name><dataType xsi:type="vs:VOTableType">long</dataType></column>
                  <column><name>ra</name><dataType xsi:type="vs:VOTableType">double</dataType></column>
                </vosi:table>""".formatted(table));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    }

    private static String query(Path data, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(embeddedJdbcUrl(data), "postgres", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private String awaitPhase(int port, String job, String... phases) throws Exception {
        String doc = null;
        for (int i = 0; i < 600; i++) {
            doc = send(port, "GET", job, null, null).body();
            for (String phase : phases) {
                if (doc.contains("<uws:phase>" + phase + "</uws:phase>")) {
                    return doc;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " never reached " + List.of(phases) + ": " + doc);
    }

    /**
     * Issue 24, points 10 and 13: the embedded database acknowledges only what is on disk, and a
     * graceful stop ends this instance's running job itself (before the database stops), with no
     * stack trace in the log.
     */
    @Test
    void theEmbeddedDatabaseIsDurableAndAGracefulStopEndsRunningJobsFirst() throws Exception {
        Path data = temp.resolve("data/postgres");
        Ports ports = freePorts();
        Map<String, String> env = embeddedEnv(data, ports);
        Process first = start(env, "server", "config.yml");
        awaitAvailability(first, ports.app());
        assertThat(query(data, "SHOW fsync")).isEqualTo("on");
        assertThat(query(data, "SHOW synchronous_commit")).isEqualTo("on");
        assertThat(query(data, "SHOW full_page_writes")).isEqualTo("on");

        createTable(ports.app(), "user_demo.held");
        assertThat(send(ports.app(), "POST", "/load/user_demo.held", "text/csv", "id,ra\n1,1.5\n").statusCode())
                .isEqualTo(200);
        String job = null;
        try (Connection reader = DriverManager.getConnection(embeddedJdbcUrl(data), "postgres", "")) {
            // a reader whose snapshot the index build must outwait: the job runs until stopped
            reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("SELECT count(*) FROM user_demo.held").close();
            }
            HttpResponse<String> created = send(ports.app(), "POST", "/table-update",
                    "application/x-www-form-urlencoded", "table=user_demo.held&index=ra&PHASE=RUN");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
            job = created.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", "");
            awaitPhase(ports.app(), job, "EXECUTING");
            Thread.sleep(500); // into the build's wait
            first.destroy(); // SIGTERM
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } catch (java.sql.SQLException stoppedUnderIt) {
            // the database stopped last, closing the reader's session
        }
        String log = stderrOf(first) + stdoutOf(first);
        assertThat(log).doesNotContain("\tat ").doesNotContain("failed unexpectedly").doesNotContain("Exception:");
        assertThat(log).as("no logging library's report on itself (logback-access printed one at start-up)")
                .doesNotContain(" |-INFO in ").doesNotContain(" |-WARN in ").contains("\"GET /availability HTTP/1.1\" 200");

        Process again = start(env, "server", "config.yml");
        awaitAvailability(again, ports.app());
        String ended = send(ports.app(), "GET", job, null, null).body();
        assertThat(ended).contains("<uws:phase>ERROR</uws:phase>").contains("interrupted");
        assertThat(stderrOf(again) + stdoutOf(again)).as("the stopping instance ended its job itself")
                .doesNotContain("a process of this machine that is gone");
        stop(again);
    }

    /**
     * Issue 24, point 11: killed hard (SIGKILL, no stop at all) in the middle of a sync and an
     * async load, the service starts again at once, and nothing of either load remains.
     */
    @Test
    void afterAHardKillTheServiceStartsAgainAtOnceWithNothingHalfDone() throws Exception {
        Path data = temp.resolve("data/postgres");
        Ports ports = freePorts();
        Map<String, String> env = embeddedEnv(data, ports);
        Process first = start(env, "server", "config.yml");
        awaitAvailability(first, ports.app());
        createTable(ports.app(), "user_demo.interrupted");
        String tablesBefore = query(data, "SELECT count(*) FROM tap_schema.tables11");

        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", ports.app())) {
            // a sync load that sends its header and some rows, then nothing more
            java.io.OutputStream out = slow.getOutputStream();
            out.write(("POST /load/user_demo.interrupted HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + DEMO
                    + "\r\nContent-Type: text/csv\r\nContent-Length: 100000000\r\n\r\nid,ra\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                rows.append(i).append(',').append(i * 0.5).append('\n');
            }
            out.write(rows.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 600 && "0".equals(query(data, "SELECT count(*) FROM pg_stat_activity "
                    + "WHERE pid <> pg_backend_pid() AND query ILIKE 'COPY%interrupted%'")); i++) {
                Thread.sleep(50); // until the load's COPY runs (and holds the never-loaded table)
            }
            // an async load of the same table, which waits for the first load to end
            HttpResponse<String> async = send(ports.app(), "POST", "/load/user_demo.interrupted?async=true", "text/csv",
                    "id,ra\n1,1.5\n2,2.5\n");
            assertThat(async.statusCode()).as(async.body()).isEqualTo(303);
            String job = async.headers().firstValue("Location").orElseThrow().replaceAll("^https?://[^/]+", "");
            awaitPhase(ports.app(), job, "EXECUTING");

            first.destroyForcibly(); // SIGKILL: no stop, no hook
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long restart = System.nanoTime();
            Process again = start(env, "server", "config.yml");
            awaitAvailability(again, ports.app());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - restart);
            assertThat(seconds).as("up again in seconds, not after a minute's wait").isLessThan(45);
            assertThat(stderrOf(again)).doesNotContain("did not start");

            assertThat(query(data, "SELECT count(*) FROM user_demo.interrupted")).isEqualTo("0");
            String ended = send(ports.app(), "GET", job, null, null).body();
            assertThat(ended).contains("<uws:phase>ERROR</uws:phase>").contains("interrupted");
            assertThat(query(data, "SELECT count(*) FROM tap_schema.tables11")).isEqualTo(tablesBefore);
            assertThat(query(data, "SELECT count(*) FROM pg_tables WHERE schemaname = 'user_demo'")).isEqualTo("1");
            assertThat(query(data, "SELECT count(*) FROM felicette.quota_reservations r WHERE EXISTS (SELECT 1 FROM "
                    + "pg_stat_activity a WHERE a.pid = r.backend_pid AND a.xact_start = r.xact_start)")).isEqualTo("0");
            stop(again);
        }
    }

    /** The embedded server picks its port at each start; postmaster.pid says which. */
    private static String embeddedJdbcUrl(Path data) throws IOException {
        List<String> pid = Files.readAllLines(data.resolve("postmaster.pid"));
        return "jdbc:postgresql://localhost:" + pid.get(3).trim() + "/felicette";
    }

    @Test
    void validateExitsZeroForValidFilesAndOneWithMessages() throws Exception {
        Process ok = start(Map.of(), "validate", "felis-schemas/example_survey.yaml");
        assertThat(ok.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ok.exitValue()).isZero();
        assertThat(stdoutOf(ok)).contains("felis-schemas/example_survey.yaml: valid (schema example_survey, 4 tables");

        Path bad = temp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ntables:\n- name: t\n  columns:\n  - {name: c, datatype: string}\n");
        Process invalid = start(Map.of(), "validate", bad.toString());
        assertThat(invalid.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(invalid.exitValue()).isEqualTo(1);
        assertThat(stdoutOf(invalid)).contains(bad + ":5:5: column 't.c': a length is required for datatype 'string'");
        assertThat(stderrOf(invalid)).doesNotContain("\tat ");
    }

    @Test
    void publishFromTheCommandLine() throws Exception {
        String database = TestDatabase.freshEmptyDatabase();
        Map<String, String> env = embeddedEnv(temp.resolve("unused"), freePorts());
        env.put("FELICETTE_DATABASE_URL", TestDatabase.jdbcUrl(database));
        env.put("FELICETTE_DATABASE_USER", TestDatabase.user());
        Process process = start(env, "publish", "felis-schemas/example_survey.yaml", "--index", "3", "config.yml");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderrOf(process)).isZero();
        assertThat(stdoutOf(process)).contains("\"schema\":\"example_survey\"").contains("\"status\":\"created\"");
        try (Connection c = TestDatabase.dataSource(database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT schema_index FROM tap_schema.schemas WHERE schema_name = 'example_survey'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void datalinkExportOfflineFromFelisFiles() throws Exception {
        Path fixtures = Path.of("../shared/fixtures");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fixtures), "no ../shared");
        Path out = temp.resolve("export");
        Process process = start(Map.of(), "datalink", "export", "--out", out.toString(),
                "--snippets", fixtures.resolve("sdm_schemas/datalink").toString(),
                fixtures.resolve("sdm_schemas/schemas/dp02_dc2.yaml").toString());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderrOf(process)).isZero();
        assertThat(out.resolve("datalink-columns.zip")).exists();
        assertThat(out.resolve("datalink-snippets.zip")).exists();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(out.resolve("datalink-manifest.json").toFile()))
                .isEqualTo(json.readTree(fixtures.resolve("sdm_schemas/datalink/datalink-manifest.json").toFile()));
        // the principal list as datalinker's own test data has it
        String principal = Files.readString(out.resolve("columns-principal.yaml"));
        assertThat(principal).contains("""
                  dp02_dc2_catalogs.ForcedSourceOnDiaObject:
                    tap:principal:
                    - diaObjectId
                    - band
                    - psfFlux
                    - psfFluxErr
                    - psfDiffFlux
                    - psfDiffFluxErr
                    - ccdVisitId
                    - forcedSourceOnDiaObjectId
                """);
    }

    @Test
    void datalinkExportFromTheDatabaseOfAConfig() throws Exception {
        String database = TestDatabase.freshMigratedDatabase();
        Map<String, String> env = embeddedEnv(temp.resolve("unused"), freePorts());
        env.put("FELICETTE_DATABASE_URL", TestDatabase.jdbcUrl(database));
        env.put("FELICETTE_DATABASE_USER", TestDatabase.user());
        Process publish = start(env, "publish", "felis-schemas/example_survey.yaml", "config.yml");
        assertThat(publish.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Path out = temp.resolve("from-db");
        Process export = start(env, "datalink", "export", "--out", out.toString(), "--snippets", "felis-schemas/datalink",
                "--config", "config.yml");
        assertThat(export.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).as(stderrOf(export)).isZero();
        assertThat(Files.readString(out.resolve("columns-principal.yaml"))).contains("""
                  example_survey.Object:
                    tap:principal:
                    - objectId
                    - ra
                    - dec
                    - g_psfFlux
                    - r_psfFlux
                """);
        assertThat(Files.readString(out.resolve("datalink-manifest.json"))).contains("example_survey_Object_objectId");
    }

    @Test
    void unreachableExternalDatabaseIsOneLine() throws Exception {
        Ports ports = freePorts();
        Map<String, String> env = embeddedEnv(temp.resolve("unused"), ports);
        env.put("FELICETTE_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/felicette");
        Process process = start(env, "server", "config.yml");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
        String err = stderrOf(process);
        assertThat(err).contains("felicette: cannot reach the database at jdbc:postgresql://127.0.0.1:" + ports.postgres());
        assertThat(err).doesNotContain("\tat ");
    }

    @Test
    void dbMigrateFromTheCommandLine() throws Exception {
        String database = TestDatabase.freshEmptyDatabase();
        Map<String, String> env = embeddedEnv(temp.resolve("unused"), freePorts());
        env.put("FELICETTE_DATABASE_URL", TestDatabase.jdbcUrl(database));
        env.put("FELICETTE_DATABASE_USER", TestDatabase.user());
        Process process = start(env, "db", "migrate", "config.yml");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderrOf(process)).isZero();
        try (Connection c = TestDatabase.dataSource(database).getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM tap_schema.tables WHERE schema_name = 'tap_schema'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }
}
