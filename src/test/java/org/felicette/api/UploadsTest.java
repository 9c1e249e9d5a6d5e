package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.felicette.testing.XsdValidator;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /uploads}: TAP UPLOAD tables ingested inline or from URLs, with limits, expiry, reuse and SSRF safety. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UploadsTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("uploads.allowLoopback", "true"),
            ConfigOverride.config("uploads.maxBytesPerTable", String.valueOf(256 * 1024)),
            ConfigOverride.config("uploads.maxRowsPerTable", "1000"),
            ConfigOverride.config("uploads.maxTablesPerRequest", "3"),
            ConfigOverride.config("uploads.maxBytesPerUser", String.valueOf(600 * 1024)),
            ConfigOverride.config("jobs.sweepSeconds", "1"),
            ConfigOverride.config("uploads.readTimeoutSeconds", "1"),
            ConfigOverride.config("jobs.heartbeatMillis", "200"));
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final AtomicReference<byte[]> REMOTE = new AtomicReference<>();
    static final AtomicReference<String> REMOTE_ETAG = new AtomicReference<>("\"v1\"");
    static HttpServer server;

    @BeforeAll
    static void remote() throws IOException {
        REMOTE.set(StilLoadTest.file("tabledata"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/stars.vot", exchange -> {
            String etag = REMOTE_ETAG.get();
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/x-votable+xml");
                exchange.sendResponseHeaders(200, REMOTE.get().length);
                exchange.getResponseBody().write(REMOTE.get());
            }
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000); // longer than the service's read timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/to-private", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://10.11.12.13/inside.vot");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/hop", exchange -> {
            exchange.getResponseHeaders().add("Location", "/stars.vot");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/big.csv", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            byte[] line = "1,2,3\n".getBytes(StandardCharsets.US_ASCII);
            try {
                exchange.getResponseBody().write("a,b,c\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 100_000; i++) {
                    exchange.getResponseBody().write(line);
                }
            } catch (IOException e) {
                // the service stopped reading at its limit
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // /slow must not hold up the rest
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String remote(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A multipart/form-data body: fields (name → text) and files (name → content type, bytes). */
    static HttpResponse<String> multipart(String user, Map<String, String> fields, Map<String, Object[]> files) {
        return send(APP, user, fields, files);
    }

    /** The same, to any instance of the service. */
    static HttpResponse<String> send(DropwizardAppExtension<?> app, String user, Map<String, String> fields,
            Map<String, Object[]> files) {
        return send(app.getLocalPort(), user, fields, files);
    }

    /** The same, to the instance on this port. */
    static HttpResponse<String> send(int port, String user, Map<String, String> fields, Map<String, Object[]> files) {
        String boundary = "felicette-test-boundary-42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                        + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, Object[]> f : files.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                        + "\"; filename=\"" + f.getKey() + ".dat\"\r\n"
                        + (f.getValue()[0] == null ? "" : "Content-Type: " + f.getValue()[0] + "\r\n") + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                body.write((byte[]) f.getValue()[1]);
                body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/uploads"));
            if (user != null) {
                request.header("Authorization", "Bearer " + TestApp.tokenOf(user));
            }
            return HTTP.send(request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> form(String user, Map<String, String> fields) {
        try {
            return HTTP.send(request(user, "uploads").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(UwsClient.form(fields))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(String user, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/" + path));
        return user == null ? b : b.header("Authorization", "Bearer " + TestApp.tokenOf(user));
    }

    static JsonNode uploaded(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("uploads");
    }

    static Map<String, String> types(String table) {
        Map<String, String> types = new LinkedHashMap<>();
        JDBI.useHandle(h -> h.createQuery("SELECT attname, format_type(atttypid, atttypmod) AS t FROM pg_attribute "
                + "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 ORDER BY attnum").bind("t", table)
                .mapToMap().forEach(m -> types.put((String) m.get("attname"), (String) m.get("t"))));
        return types;
    }

    static long count(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    static int uploadTables() {
        return JDBI.withHandle(h -> h.createQuery("SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'tap_upload')"
                + " + (SELECT count(*) FROM felicette.uploads)").mapTo(Integer.class).one());
    }

    @Test
    void anInlineVotableBecomesATableWithTheFilesTypes() throws IOException {
        JsonNode t = uploaded(multipart("alice", Map.of("UPLOAD", "stars,param:starsfile"),
                Map.of("starsfile", new Object[] {"application/x-votable+xml", StilLoadTest.file("tabledata")}))).get(0);
        assertThat(t.get("name").asText()).isEqualTo("stars");
        assertThat(t.get("tap_upload").asText()).isEqualTo("TAP_UPLOAD.stars");
        String table = t.get("table").asText();
        assertThat(table).matches("tap_upload\\.stars_[0-9a-f]{12}");
        assertThat(t.get("rows").asLong()).isEqualTo(3);
        assertThat(count(table)).isEqualTo(3);
        assertThat(types(table)).containsEntry("id", "bigint").containsEntry("ra", "double precision")
                .containsEntry("mag", "real").containsEntry("small", "smallint").containsEntry("count", "integer")
                .containsEntry("flag", "boolean").containsEntry("name", "text").containsEntry("seen", "timestamp without time zone")
                .containsEntry("pos", "double precision[]").containsEntry("flux", "real[]");
        JsonNode pos = t.get("columns").get(8);
        assertThat(pos.get("name").asText()).isEqualTo("pos");
        assertThat(pos.get("xtype").asText()).isEqualTo("point");
        assertThat((String) JDBI.withHandle(h -> h.createQuery("SELECT name FROM " + table + " WHERE id = 1").mapTo(String.class).one()))
                .isEqualTo("Ünïcødé ✓ tab\there");
        // the owner sees it; nobody else does, and it is in no TAP_SCHEMA view
        assertThat(HTTP_GET("alice", "uploads/" + t.get("id").asText()).statusCode()).isEqualTo(200);
        assertThat(HTTP_GET("bob", "uploads/" + t.get("id").asText()).statusCode()).isEqualTo(404);
        assertThat(HTTP_GET("bob", "uploads").body()).doesNotContain(t.get("id").asText());
        assertThat(HTTP_GET("alice", "uploads").body()).contains(t.get("id").asText());
        assertThat(HTTP_GET("alice", "tables").body()).doesNotContain("tap_upload").doesNotContain("stars_");
        assertThat(HTTP_GET("alice", "tap_schema/tables").body()).doesNotContain("tap_upload");
        String vosi = HTTP_GET_XML("alice", "uploads/" + t.get("id").asText());
        assertThat(vosi).contains("<name>TAP_UPLOAD.stars</name>").contains("extendedType=\"point\"");
    }

    static HttpResponse<String> HTTP_GET(String user, String path) {
        try {
            return HTTP.send(request(user, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String HTTP_GET_XML(String user, String path) {
        try {
            return HTTP.send(request(user, path).header("Accept", "text/xml").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void threeTablesInOneRequestCsvTsvAndFitsWithTypesFromTheValues() throws IOException {
        byte[] csv = ("id,ra,name,ok,seen,\"ra (deg)\",2mass,empty\n"
                + "1,10.5,a,T,2024-01-31T12:00:00,1.5,x,\n"
                + "3000000000,-1e3,\"b, c\",F,2024-02-01,2,y,\n").getBytes(StandardCharsets.UTF_8);
        byte[] tsv = "k\tv\n1\t2.5\n2\t3\n".getBytes(StandardCharsets.UTF_8);
        JsonNode made = uploaded(multipart("alice", Map.of("UPLOAD", "c1,param:a;t2,param:b", "upload", "f3,param:c"),
                Map.of("a", new Object[] {"text/csv", csv}, "b", new Object[] {null, tsv},
                        "c", new Object[] {null, StilLoadTest.file("fits")})));
        assertThat(made).hasSize(3);
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        made.forEach(n -> byName.put(n.get("name").asText(), n));
        String c1 = byName.get("c1").get("table").asText();
        assertThat(types(c1)).containsExactly(Map.entry("id", "bigint"), Map.entry("ra", "double precision"),
                Map.entry("name", "text"), Map.entry("ok", "boolean"), Map.entry("seen", "timestamp without time zone"),
                Map.entry("col6", "double precision"), Map.entry("col7", "text"), Map.entry("empty", "text"));
        JsonNode delimited = byName.get("c1").get("columns").get(5);
        assertThat(delimited.get("name").asText()).isEqualTo("ra (deg)");
        assertThat(delimited.get("physical_name").asText()).isEqualTo("col6");
        assertThat(count(c1)).isEqualTo(2);
        assertThat(types(byName.get("t2").get("table").asText())).containsExactly(Map.entry("k", "integer"),
                Map.entry("v", "double precision"));
        assertThat(count(byName.get("f3").get("table").asText())).isEqualTo(3);
        String vosi = HTTP_GET_XML("alice", "uploads/" + byName.get("c1").get("id").asText());
        assertThat(vosi).contains("<name>\"ra (deg)\"</name>");
    }

    @Test
    void aParquetFileIsAnUploadWithItsTypesArraysAndColumnMetadata() throws Exception {
        byte[] lists = ParquetLoadTest.fixture("nested.parquet"); // pyarrow's: an id and a list of doubles
        byte[] vo = ParquetLoadTest.fixture("voparquet.parquet");
        JsonNode made = uploaded(multipart("alice", Map.of("UPLOAD", "pq,param:a;vo,param:b", "expires", "7200"),
                Map.of("a", new Object[] {"application/vnd.apache.parquet", lists}, "b", new Object[] {null, vo})));
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        made.forEach(n -> byName.put(n.get("name").asText(), n));
        String pq = byName.get("pq").get("table").asText();
        assertThat(count(pq)).isEqualTo(2);
        assertThat(types(pq)).containsExactly(Map.entry("id", "bigint"), Map.entry("values", "double precision[]"));
        assertThat(types(byName.get("vo").get("table").asText())).containsExactly(Map.entry("id", "bigint"),
                Map.entry("ra", "double precision"), Map.entry("label", "text"));
        // what the file says of its columns is kept: in the upload's JSON and VOSI views, and in a query's FIELDs
        JsonNode ra = byName.get("vo").get("columns").get(1);
        assertThat(ra.get("unit").asText()).isEqualTo("deg");
        assertThat(ra.get("ucd").asText()).isEqualTo("pos.eq.ra");
        assertThat(HTTP_GET_XML("alice", "uploads/" + byName.get("vo").get("id").asText()))
                .contains("<name>ra</name><unit>deg</unit><ucd>pos.eq.ra</ucd>");
        HttpResponse<String> fields = HTTP.send(request("alice", "sync?LANG=ADQL&QUERY=SELECT%20ra%20FROM%20TAP_UPLOAD.vo")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fields.body()).contains("<FIELD name=\"ra\" datatype=\"double\" unit=\"deg\" ucd=\"pos.eq.ra\"");
    }

    @Test
    void anUploadIsKeptLongerWhenItsOwnerAsksWithinTheLongestAnUploadIsKept() throws Exception {
        JsonNode made = uploaded(multipart("alice", Map.of("UPLOAD", "brief,param:a", "expires", "600"),
                Map.of("a", new Object[] {"text/csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)}))).get(0);
        String id = made.get("id").asText();
        java.time.Instant before = java.time.Instant.parse(made.get("expires").asText());
        HttpResponse<String> longer = HTTP.send(request("alice", "uploads/" + id).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("expires=7200")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(longer.statusCode()).as(longer.body()).isEqualTo(200);
        java.time.Instant after = java.time.Instant.parse(new ObjectMapper().readTree(longer.body()).get("expires")
                .asText());
        assertThat(after).isAfter(before.plusSeconds(6000));
        // past the longest an upload is kept: the longest
        HttpResponse<String> forever = HTTP.send(request("alice", "uploads/" + id).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("expires=99999999"))
                .build(), HttpResponse.BodyHandlers.ofString());
        java.time.Instant capped = java.time.Instant.parse(new ObjectMapper().readTree(forever.body()).get("expires")
                .asText());
        assertThat(capped).isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(8)));
        // another user's upload is no upload of theirs
        HttpResponse<String> bob = HTTP.send(request("bob", "uploads/" + id).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("expires=7200")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bob.statusCode()).isEqualTo(404);
        HttpResponse<String> none = HTTP.send(request("alice", "uploads/" + id).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(400);
    }

    @Test
    void aUrlUploadIsFetchedAndReusedWhileUnchanged() throws IOException {
        JsonNode first = uploaded(form("carol", Map.of("UPLOAD", "remote," + remote("/stars.vot")))).get(0);
        assertThat(first.get("reused").asBoolean()).isFalse();
        assertThat(first.get("source_url").asText()).isEqualTo(remote("/stars.vot"));
        assertThat(count(first.get("table").asText())).isEqualTo(3);
        JsonNode again = uploaded(form("carol", Map.of("UPLOAD", "remote," + remote("/stars.vot")))).get(0);
        assertThat(again.get("reused").asBoolean()).isTrue();
        assertThat(again.get("table").asText()).isEqualTo(first.get("table").asText());
        REMOTE_ETAG.set("\"v2\"");
        JsonNode changed = uploaded(form("carol", Map.of("UPLOAD", "remote," + remote("/stars.vot")))).get(0);
        assertThat(changed.get("reused").asBoolean()).isFalse();
        assertThat(changed.get("table").asText()).isNotEqualTo(first.get("table").asText());
        // a redirect on the same (allowed) host is followed
        assertThat(uploaded(form("carol", Map.of("UPLOAD", "hop," + remote("/hop")))).get(0).get("rows").asLong())
                .isEqualTo(3);
    }

    @Test
    void badRequestsAreA4xxSayingWhyAndLeaveNoTable() {
        int before = uploadTables();
        Map<String, Object[]> file = Map.of("f", new Object[] {"text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)});
        assertRefused(multipart("alice", Map.of("UPLOAD", "nocomma"), file), 400, "is not name,URI");
        assertRefused(multipart("alice", Map.of("UPLOAD", "1abc,param:f"), file), 400,
                "Wrong uploaded item name syntax: '1abc'");
        assertRefused(multipart("alice", Map.of("UPLOAD", "a,param:f;A,param:f"), file), 400,
                "Wrong uploaded item name syntax: 'A' is given twice");
        assertRefused(multipart("alice", Map.of("UPLOAD", "a,param:nothere"), file), 400, "has no part named 'nothere'");
        for (String uri : List.of("file:///etc/passwd", "ftp://example.org/t.vot", "jar:file:/x.jar!/t.vot")) {
            assertRefused(form("alice", Map.of("UPLOAD", "a," + uri)), 400, "is not accepted; use param:");
        }
        assertRefused(form("alice", Map.of("UPLOAD", "a," + remote("/missing"))), 400,
                "HTTP 404 from " + remote("/missing"));
        assertRefused(form("alice", Map.of("UPLOAD", "a," + remote("/slow"))), 400,
                "timed out after 1 s fetching " + remote("/slow"));
        assertRefused(form("alice", Map.of("UPLOAD", "a," + remote("/to-private"))), 400,
                "http://10.11.12.13/inside.vot resolves to 10.11.12.13, a private or link-local address");
        assertRefused(form("alice", Map.of("UPLOAD", "a," + remote("/big.csv"))), 413, "the upload limit of 262144 bytes");
        assertRefused(multipart("alice", Map.of("UPLOAD", "a,param:f"), Map.of("f", new Object[] {"text/csv",
                ("x\n" + "1\n".repeat(140_000)).getBytes(StandardCharsets.US_ASCII)})), 413, "upload limit of 262144 bytes");
        assertRefused(multipart("alice", Map.of("UPLOAD", "a,param:f"), Map.of("f", new Object[] {"text/csv",
                ("x\n" + "1\n".repeat(1001)).getBytes(StandardCharsets.US_ASCII)})), 413, "more than the 1000 rows");
        assertRefused(multipart("alice", Map.of("UPLOAD", "a,param:f;b,param:f;c,param:f;d,param:f"), file), 413,
                "at most 3 may go in one request");
        // the second table is bad: the first, made already, goes too
        assertRefused(multipart("alice", Map.of("UPLOAD", "good,param:f;bad,param:g"), Map.of("f", file.get("f"),
                "g", new Object[] {"text/csv", "a,b\n1\n".getBytes(StandardCharsets.US_ASCII)})), 400,
                "UPLOAD bad: row 1 has 1 fields; the header has 2");
        assertRefused(multipart("alice", Map.of("UPLOAD", "v,param:f"), Map.of("f", new Object[] {
            "application/x-votable+xml", ("<VOTABLE><RESOURCE><TABLE><FIELD name=\"x\" datatype=\"int\"/><DATA><TABLEDATA>"
                    + "<TR><TD>zz</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8)})),
                400, "'zz' is not an int");
        assertRefused(multipart(null, Map.of("UPLOAD", "a,param:f"), file), 401, "");
        assertThat(uploadTables()).as("no table left behind").isEqualTo(before);
    }

    static void assertRefused(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).contains(message).doesNotContain("Exception").doesNotContain("SQL");
    }

    @Test
    void anExpiredUploadIsDroppedByTheSweepAndADeleteDropsOneAtOnce() throws Exception {
        Map<String, Object[]> file = Map.of("f", new Object[] {"text/csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)});
        JsonNode brief = uploaded(multipart("alice", Map.of("UPLOAD", "brief,param:f", "expires", "1"), file)).get(0);
        String table = brief.get("table").asText();
        for (int i = 0; i < 100 && tableExists(table); i++) {
            Thread.sleep(100);
        }
        assertThat(tableExists(table)).as("dropped when it expired").isFalse();
        assertThat(HTTP_GET("alice", "uploads/" + brief.get("id").asText()).statusCode()).isEqualTo(404);

        JsonNode kept = uploaded(multipart("alice", Map.of("UPLOAD", "kept,param:f", "expires",
                "2100-01-01T00:00:00Z"), file)).get(0);
        assertThat(java.time.Instant.parse(kept.get("expires").asText()))
                .isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(8))); // capped at the maximum
        assertThat(HTTP.send(request("bob", "uploads/" + kept.get("id").asText()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(request("alice", "uploads/" + kept.get("id").asText()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(tableExists(kept.get("table").asText())).isFalse();
        assertRefused(multipart("alice", Map.of("UPLOAD", "x,param:f", "expires", "soon"), file), 400,
                "expires must be a number of seconds");
        assertThat(uploaded(multipart("alice", Map.of("UPLOAD", "long,param:f", "expires", String.valueOf(Long.MAX_VALUE)),
                file)).get(0).get("expires").asText()).as("capped, not an overflow").startsWith("20");
        assertRefused(multipart("alice", Map.of("UPLOAD", "y,param:f", "expires", "-5"), file), 400,
                "expires must be in the future");
    }

    @Test
    void anEcsvUploadIsReadWithItsHeadersTypes() throws IOException {
        JsonNode t = uploaded(multipart("dave", Map.of("UPLOAD", "e,param:f"),
                Map.of("f", new Object[] {null, StilLoadTest.file("ecsv")}))).get(0); // told by its first bytes
        assertThat(t.get("rows").asLong()).isEqualTo(3);
        assertThat(types(t.get("table").asText())).containsEntry("id", "bigint").containsEntry("flag", "boolean");
    }

    @Test
    void aUserPastTheirUploadBytesGetsA413() {
        byte[] csv = ("x\n" + ("y".repeat(999) + "\n").repeat(250)).getBytes(StandardCharsets.US_ASCII); // 250 kB
        Map<String, Object[]> file = Map.of("f", new Object[] {"text/csv", csv});
        HttpResponse<String> first = multipart("frank", Map.of("UPLOAD", "a,param:f"), file);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> second = multipart("frank", Map.of("UPLOAD", "b,param:f"), file);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertRefused(multipart("frank", Map.of("UPLOAD", "c,param:f"), file), 413,
                "each user may hold " + 600 * 1024 + " bytes of uploads");
    }

    static boolean tableExists(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table)
                .mapTo(Boolean.class).one());
    }

    @Test
    void theCapabilitiesAdvertiseTheUploadMethodsAndLimit() {
        String xml = HTTP_GET(null, "capabilities").body();
        assertThat(xml).contains("standardID=\"ivo://ivoa.net/std/TAP\"").contains("xsi:type=\"tr:TableAccess\"")
                .contains("<uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-inline\"")
                .contains("<uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-https\"")
                .contains("<uploadLimit><hard unit=\"byte\">262144</hard></uploadLimit>");
        if (Files.isDirectory(Path.of("../shared/xsd"))) {
            assertThat(new XsdValidator("VOSICapabilities-v1.0.xsd", "VODataService-v1.1.xsd",
                    "TAPRegExt-v1.0-with-erratum1.xsd").errors(xml))
                    .isEmpty();
        }
    }

    @Test
    void withoutLoopbackAllowedAUrlToThisMachineIsRefusedByNameOrNumber() throws Exception {
        DropwizardTestSupport<FelicetteConfiguration> strict = TestApp.instance("strict.", DATABASE);
        strict.before();
        try {
            for (String url : List.of(remote("/stars.vot"), "http://localhost:" + server.getAddress().getPort()
                    + "/stars.vot", "http://[::1]:1/x.vot", "http://0.0.0.0:1/x.vot")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + strict.getLocalPort() + "/uploads")).header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(UwsClient.form(Map.of("UPLOAD", "a," + url)))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertRefused(r, 400, "an address of this machine; the service does not fetch from there");
            }
        } finally {
            strict.after();
        }
    }
}
