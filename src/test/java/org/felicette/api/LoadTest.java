package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
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
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /load/{table}}: CSV and TSV through COPY, all or nothing, with errors that name the row. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LoadTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("userTables.maxLoadBytes", String.valueOf(4 * 1024 * 1024)));
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    /** A VOSI table document with these columns: name, datatype, arraysize (or null), xtype (or null). */
    static String table(String name, String[]... columns) {
        StringBuilder out = new StringBuilder("""
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output"><name>%s</name>
                """.formatted(name));
        for (String[] c : columns) {
            out.append("<column><name>").append(c[0]).append("</name><dataType xsi:type=\"vs:VOTableType\"")
                    .append(c.length > 2 && c[2] != null ? " arraysize=\"" + c[2] + "\"" : "")
                    .append(c.length > 3 && c[3] != null ? " extendedType=\"" + c[3] + "\"" : "")
                    .append(">").append(c[1]).append("</dataType></column>\n");
        }
        return out.append("</vosi:table>\n").toString();
    }

    static void create(String user, String name, String[]... columns) {
        Response r = TestApp.as(user, TestApp.target(APP, "tables/" + name)).put(Entity.entity(table(name, columns),
                "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static final String[][] STARS = {{"id", "long"}, {"ra", "double"}, {"name", "char", "*"}, {"flag", "boolean"},
        {"seen", "char", "*", "timestamp"}, {"count", "int"}, {"mag", "float"}, {"small", "short"}};

    @BeforeAll
    static void tables() {
        create("alice", "user_alice.stars", STARS);
        String felis = "name: survey\ntables:\n- name: t\n  columns:\n  - {name: c, datatype: int}\n";
        new SchemaPublisher(Db.of(JDBI)).publish(Fixtures.loadText("survey.yaml", felis, FelisOptions.DEFAULT),
                FelisOptions.DEFAULT, new SchemaPublisher.Request(1, null, "test"));
    }

    static Invocation.Builder load(String user, String table) {
        return TestApp.as(user, TestApp.target(APP, "load/" + table));
    }

    static Response post(String user, String table, byte[] body, String type) {
        return load(user, table).post(Entity.entity(body, type));
    }

    static Response post(String user, String table, String body, String type) {
        return post(user, table, body.getBytes(StandardCharsets.UTF_8), type);
    }

    /** A request as a plain HTTP client sends it, headers as given (Content-Encoding included). */
    static HttpResponse<String> raw(String table, byte[] body, String type, String encoding) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort()
                + "/load/" + table)).header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static long count(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    static List<Map<String, Object>> rows(String sql) {
        return JDBI.withHandle(h -> h.createQuery(sql).mapToMap().list());
    }

    static String body(Response r) {
        return r.readEntity(String.class);
    }

    @Test
    void csvColumnsAreMatchedByNameInAnyOrderWithQuotesNullsAndExtremes() {
        create("alice", "user_alice.csv1", STARS);
        String csv = "NAME,Id,ra,flag,seen,\"count\",mag,small\r\n"
                + "\"a, \"\"quoted\"\"\nname\",1,10.5,T,2024-01-31T12:00:00,7,1.5,-32768\r\n"
                + ",9223372036854775807,NaN,false,2024-01-31T12:00:00.123Z,,Infinity,32767\r\n"
                + "Ünïcødé ✓,-9223372036854775808,-Infinity,1,,2147483647,-Infinity,\r\n";
        Response r = post("alice", "user_alice.csv1", csv, "text/csv");
        assertThat(body(r)).isEqualTo("Inserted 3 rows to table user_alice.csv1\n");
        assertThat(r.getStatus()).isEqualTo(200);
        List<Map<String, Object>> rows = rows("SELECT * FROM user_alice.csv1 ORDER BY ra NULLS LAST");
        assertThat(rows).hasSize(3);
        Map<String, Object> first = rows("SELECT * FROM user_alice.csv1 WHERE id = 1").get(0);
        assertThat(first.get("name")).isEqualTo("a, \"quoted\"\nname");
        assertThat(first.get("flag")).isEqualTo(true);
        assertThat(first.get("seen").toString()).isEqualTo("2024-01-31 12:00:00.0");
        assertThat(first.get("small")).isEqualTo(-32768);
        Map<String, Object> second = rows("SELECT * FROM user_alice.csv1 WHERE id = 9223372036854775807").get(0);
        assertThat(second.get("name")).isNull();
        assertThat((Double) second.get("ra")).isNaN();
        assertThat(second.get("count")).isNull();
        assertThat(second.get("mag")).isEqualTo(Float.POSITIVE_INFINITY);
        Map<String, Object> third = rows("SELECT * FROM user_alice.csv1 WHERE id = -9223372036854775808").get(0);
        assertThat(third.get("name")).isEqualTo("Ünïcødé ✓");
        assertThat(third.get("ra")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(third.get("seen")).isNull();
        assertThat(third.get("count")).isEqualTo(Integer.MAX_VALUE);
        assertThat(third.get("small")).isNull();
    }

    @Test
    void tsvAndAMissingNullableColumnAndJsonAnswer() {
        create("alice", "user_alice.tsv1", STARS);
        String tsv = "id\tname\n1\tone\n2\t\n";
        Response r = load("alice", "user_alice.tsv1").accept("application/json")
                .post(Entity.entity(tsv, "text/tab-separated-values"));
        Map<?, ?> json = r.readEntity(Map.class);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(json.get("table")).isEqualTo("user_alice.tsv1");
        assertThat(json.get("rows")).isEqualTo(2);
        assertThat(json.get("bytes")).isEqualTo(tsv.length());
        assertThat(json.get("seconds")).isInstanceOf(Number.class);
        assertThat(rows("SELECT id, name, ra FROM user_alice.tsv1 ORDER BY id")).containsExactly(row(1L, "one"),
                row(2L, null));
    }

    private static Map<String, Object> row(long id, String name) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("ra", null);
        return m;
    }

    @Test
    void everyDatatypeThroughTsvIncludingArraysAndGeometriesInTheirVotableSerialisation() {
        create("alice", "user_alice.types1", new String[] {"b", "boolean"}, new String[] {"u", "unsignedByte"},
                new String[] {"s", "short"}, new String[] {"i", "int"}, new String[] {"l", "long"},
                new String[] {"f", "float"}, new String[] {"d", "double"}, new String[] {"c", "char", "4"},
                new String[] {"v", "char", "8*"}, new String[] {"t", "unicodeChar", "*"},
                new String[] {"ts", "char", "*", "timestamp"}, new String[] {"p", "double", "2", "point"},
                new String[] {"circ", "double", "3", "circle"}, new String[] {"poly", "double", "*", "polygon"},
                new String[] {"fa", "float", "3"}, new String[] {"ia", "int", "*"});
        String tsv = "b\tu\ts\ti\tl\tf\td\tc\tv\tt\tts\tp\tcirc\tpoly\tfa\tia\n"
                + "F\t255\t-32768\t-2147483648\t-9223372036854775808\t1.5\t-2.25\tabcd\tshort\tΩmega\t"
                + "2024-01-31T12:00:00Z\t10.5 -20.25\t1 2 0.5\t0 0 1 0 1 1\t1 NaN 3\t1 2 3 4\n"
                + "true\t0\t32767\t2147483647\t9223372036854775807\tNaN\tInfinity\t\t\t\t\t\t\t\t\t\n";
        Response r = post("alice", "user_alice.types1", tsv, "text/tab-separated-values");
        assertThat(body(r)).isEqualTo("Inserted 2 rows to table user_alice.types1\n");
        Map<String, Object> first = rows("SELECT b, u, s, i, l, c, v, t, ts::text AS ts, p::text AS p, circ::text AS circ, "
                + "poly::text AS poly, fa::text AS fa, ia::text AS ia FROM user_alice.types1 WHERE b = false").get(0);
        assertThat(first).containsEntry("u", 255).containsEntry("s", -32768).containsEntry("i", Integer.MIN_VALUE)
                .containsEntry("l", Long.MIN_VALUE).containsEntry("c", "abcd").containsEntry("v", "short")
                .containsEntry("t", "Ωmega").containsEntry("ts", "2024-01-31 12:00:00")
                .containsEntry("p", "{10.5,-20.25}").containsEntry("circ", "{1,2,0.5}")
                .containsEntry("poly", "{0,0,1,0,1,1}").containsEntry("fa", "{1,NaN,3}").containsEntry("ia", "{1,2,3,4}");
        Map<String, Object> second = rows("SELECT l, f, d, c, p, fa FROM user_alice.types1 WHERE b = true").get(0);
        assertThat(second.get("l")).isEqualTo(Long.MAX_VALUE);
        assertThat((Float) second.get("f")).isNaN();
        assertThat(second.get("d")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Arrays.asList(second.get("c"), second.get("p"), second.get("fa"))).containsOnlyNulls();
        Response bad = post("alice", "user_alice.types1", "b\tp\nT\t1 x\n", "text/tab-separated-values");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(body(bad)).startsWith("row 1, column 'p': ").contains("is not an array of double (point)");
        assertThat(count("user_alice.types1")).isEqualTo(2);
    }

    /** As YouCat's LoadTableDataTest: a load to a name that is not schema.table, or to no table, is a 404. */
    @ParameterizedTest
    @ValueSource(strings = {"user_alice.invalid.table.name", "justaname", "user_alice.noSuchTable"})
    void aLoadToANameThatIsNoTableIs404(String name) {
        Response r = post("alice", name, "id,ra\n1,2\n", "text/csv");
        assertThat(r.getStatus()).as(body(r)).isEqualTo(404);
        Response async = TestApp.as("alice", TestApp.target(APP, "load/" + name).queryParam("async", "true"))
                .post(Entity.entity("id,ra\n1,2\n", "text/csv"));
        assertThat(async.getStatus()).isEqualTo(404);
    }

    @Test
    void aBadValueNamesRowColumnAndValueAndLeavesTheTableAsItWas() {
        create("alice", "user_alice.bad1", STARS);
        assertThat(post("alice", "user_alice.bad1", "id,ra\n1,2\n", "text/csv").getStatus()).isEqualTo(200);
        Response r = post("alice", "user_alice.bad1", "id,ra\n2,3\n3,abc\n", "text/csv");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body(r)).startsWith("row 2, column 'ra': 'abc' is not a double");
        assertThat(count("user_alice.bad1")).isEqualTo(1);

        Response wide = post("alice", "user_alice.bad1", "id,ra\n4,5,6\n", "text/csv");
        assertThat(wide.getStatus()).isEqualTo(400);
        assertThat(body(wide))
                .startsWith("row 1: it has more fields than the header names");
        Response unknown = post("alice", "user_alice.bad1", "id,dec\n4,5\n", "text/csv");
        assertThat(unknown.getStatus()).isEqualTo(400);
        assertThat(body(unknown)).contains("column 'dec' of the file is not "
                + "in table user_alice.bad1; its columns are 'id', 'ra', 'name', 'flag', 'seen', 'count', 'mag', 'small'");
        Response range = post("alice", "user_alice.bad1", "small\n40000\n", "text/csv");
        assertThat(body(range))
                .startsWith("row 1, column 'small': '40000' is out of range for short");
        Response bool = post("alice", "user_alice.bad1", "id,flag\n1,maybe\n", "text/csv");
        assertThat(body(bool))
                .startsWith("row 1, column 'flag': 'maybe' is not a boolean");
        Response quote = post("alice", "user_alice.bad1", "id,name\n1,\"open\n", "text/csv");
        assertThat(quote.getStatus()).isEqualTo(400);
        assertThat(body(quote)).contains("unterminated quote");
        Response empty = post("alice", "user_alice.bad1", "", "text/csv");
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(count("user_alice.bad1")).isEqualTo(1);
    }

    static Response renamed(String table, String body, String... renames) {
        return TestApp.as("alice", TestApp.target(APP, "load/" + table).queryParam("rename", (Object[]) renames))
                .post(Entity.entity(body, "text/csv"));
    }

    @Test
    void renamesLoadFileColumnsIntoTableColumnsOfOtherNames() {
        create("alice", "user_alice.ren1", STARS);
        // a name that is no identifier, one with = in it, and a rename that only changes case
        String csv = "RA (J2000),Id,a=b,Name\n10.5,1,7,one\n-3,2,,two\n";
        Response r = renamed("user_alice.ren1", csv, "ra (j2000)=ra", "a=b=count", "Name=NAME");
        assertThat(body(r)).isEqualTo("Inserted 2 rows to table user_alice.ren1\n");
        assertThat(rows("SELECT id, ra, coalesce(count, -1) AS count, name FROM user_alice.ren1 ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "ra", 10.5, "count", 7, "name", "one"),
                        Map.of("id", 2L, "ra", -3.0, "count", -1, "name", "two"));
        // a bad value names its row, the table's column and the file's name for it
        Response bad = renamed("user_alice.ren1", "RA (J2000),id\nabc,3\n", "RA (J2000)=ra");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(body(bad)).startsWith("row 1, column 'ra' (the file's 'RA (J2000)'): 'abc' is not a double");
        Response badJson = TestApp.as("alice", TestApp.target(APP, "load/user_alice.ren1")
                .queryParam("rename", "RA (J2000)=ra")).accept("application/json")
                .post(Entity.entity("RA (J2000),id\nabc,3\n", "text/csv"));
        Map<?, ?> details = (Map<?, ?>) badJson.readEntity(Map.class).get("details");
        assertThat(details.get("row")).isEqualTo(1);
        assertThat(details.get("column")).isEqualTo("ra");
        assertThat(details.get("file_column")).isEqualTo("RA (J2000)");
        // the same through POST /tables/{name}
        Response appended = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.ren1")
                .queryParam("rename", "Obj-ID=id")).post(Entity.entity("Obj-ID\n5\n", "text/csv"));
        assertThat(body(appended)).isEqualTo("Inserted 1 rows to table user_alice.ren1\n");
        assertThat(count("user_alice.ren1")).isEqualTo(3);
    }

    @Test
    void aRenameThatCannotApplyIsA400NamingItAndLoadsNothing() {
        create("alice", "user_alice.ren2", STARS);
        String csv = "RA (J2000),id\n1,2\n";
        Map<String[], String> refused = new java.util.LinkedHashMap<>();
        refused.put(new String[] {"RA J2000=ra"}, "rename names file column 'RA J2000', which the file does not "
                + "have; its columns are 'RA (J2000)', 'id'");
        refused.put(new String[] {"RA (J2000)=dec"}, "file column 'RA (J2000)' is renamed to 'dec', which is not a "
                + "column of table user_alice.ren2; its columns are 'id', 'ra'");
        refused.put(new String[] {"RA (J2000)=id"}, "file columns 'RA (J2000)' and 'id' would both go to column 'id' "
                + "of table user_alice.ren2");
        refused.put(new String[] {"RA (J2000)"}, "rename 'RA (J2000)' is not FILE_COLUMN=table_column");
        refused.put(new String[] {"=ra"}, "rename '=ra' is not FILE_COLUMN=table_column");
        refused.put(new String[] {"RA (J2000)=2ra"}, "rename 'RA (J2000)=2ra': the column name '2ra' is not a regular "
                + "identifier");
        refused.put(new String[] {"RA (J2000)=ra", "ra (j2000)=mag"}, "file column 'ra (j2000)' is renamed twice (to "
                + "'ra' and to 'mag')");
        refused.put(new String[] {"RA (J2000)=ra", "id=RA"}, "file columns 'RA (J2000)' and 'id' are both renamed to "
                + "'RA'");
        refused.forEach((renames, message) -> {
            Response r = renamed("user_alice.ren2", csv, renames);
            assertThat(r.getStatus()).as(String.join(" ", renames)).isEqualTo(400);
            assertThat(body(r)).as(String.join(" ", renames)).contains(message);
        });
        // without a rename, the message says how to rename
        Response plain = post("alice", "user_alice.ren2", csv, "text/csv");
        assertThat(body(plain)).contains("column 'RA (J2000)' of the file is not in table user_alice.ren2")
                .contains("rename=FILE_COLUMN=table_column");
        assertThat(count("user_alice.ren2")).isZero();
    }

    @Test
    void aSmallBodyRefusedForAParameterLeavesTheConnectionForTheNextRequest() throws Exception {
        // a client's pool takes the connection again at once: had its unread body closed it, the
        // next request would fail with no answer (it did, about one time in eight)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] csv = "RA (J2000),id\n1,2\n".getBytes(StandardCharsets.UTF_8);
        int unanswered = 0;
        for (int i = 0; i < 40; i++) {
            for (String query : List.of("?rename=nothing", "?async=maybe")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort()
                        + "/load/user_alice.stars" + query)).header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build();
                try {
                    assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
                } catch (IOException e) {
                    unanswered++;
                }
            }
        }
        assertThat(unanswered).isZero();
        assertThat(count("user_alice.stars")).isZero();
    }

    @Test
    void anErrorInTheLastOf100000RowsLoadsNothing() {
        create("alice", "user_alice.big1", STARS);
        StringBuilder csv = new StringBuilder("id,ra,name\n");
        for (int i = 1; i < 100_000; i++) {
            csv.append(i).append(',').append(i * 0.5).append(",star ").append(i).append('\n');
        }
        csv.append("100000,oops,last\n");
        Response r = post("alice", "user_alice.big1", csv.toString(), "text/csv");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(body(r))
                .startsWith("row 100000, column 'ra': 'oops' is not a double");
        assertThat(count("user_alice.big1")).isZero();
    }

    @Test
    void twoConcurrentLoadsIntoOneTableBothCommit() {
        create("alice", "user_alice.conc1", STARS);
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append('\n');
        }
        List<CompletableFuture<Integer>> loads = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            Response r = post("alice", "user_alice.conc1", csv.toString(), "text/csv");
            r.readEntity(String.class);
            return r.getStatus();
        })).toList();
        assertThat(loads.stream().map(CompletableFuture::join)).containsExactly(200, 200);
        assertThat(count("user_alice.conc1")).isEqualTo(40_000);
    }

    @Test
    void gzipBodiesLoadAndABodyThatIsNotGzipIsRefused() throws IOException {
        create("alice", "user_alice.gz1", STARS);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("id,name\n1,one\n2,two\n".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = raw("user_alice.gz1", zipped.toByteArray(), "text/csv", "gzip");
        assertThat(r.body()).isEqualTo("Inserted 2 rows to table user_alice.gz1\n");
        HttpResponse<String> notGzip = raw("user_alice.gz1", "id\n3\n".getBytes(StandardCharsets.UTF_8), "text/csv",
                "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(notGzip.body()).contains("is not gzip");
        assertThat(count("user_alice.gz1")).isEqualTo(2);
    }

    @Test
    void aCharsetIsHonouredAndAsciiThatHoldsUtf8IsReadAsUtf8() {
        create("alice", "user_alice.cs1", STARS);
        byte[] latin1 = "id,name\n1,café\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(post("alice", "user_alice.cs1", latin1, "text/csv; charset=ISO-8859-1").getStatus()).isEqualTo(200);
        byte[] utf8 = "id,name\n2,naïve\n".getBytes(StandardCharsets.UTF_8);
        assertThat(post("alice", "user_alice.cs1", utf8, "text/csv; charset=US-ASCII").getStatus()).isEqualTo(200);
        assertThat(rows("SELECT name FROM user_alice.cs1 ORDER BY id")).extracting(m -> m.get("name"))
                .containsExactly("café", "naïve");
        Response bad = post("alice", "user_alice.cs1", latin1, "text/csv");
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("not valid UTF-8");
    }

    @Test
    void aBodyOverTheLimitIsRefusedMidStreamAndLoadsNothing() {
        create("alice", "user_alice.lim1", STARS);
        StringBuilder csv = new StringBuilder("id,name\n");
        while (csv.length() < 5 * 1024 * 1024) {
            csv.append(csv.length()).append(",xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
        }
        Response r = post("alice", "user_alice.lim1", csv.toString(), "text/csv");
        assertThat(r.getStatus()).isEqualTo(413);
        assertThat(body(r)).contains("the load limit of 4194304 bytes");
        assertThat(count("user_alice.lim1")).isZero();
    }

    @Test
    void whoMayLoadAndWhatIsRefused() {
        create("alice", "user_alice.who1", STARS);
        assertThat(post(null, "user_alice.who1", "id\n1\n", "text/csv").getStatus()).isEqualTo(401);
        assertThat(post("bob", "user_alice.who1", "id\n1\n", "text/csv").getStatus()).isEqualTo(404);
        Response share = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.who1"))
                .header("x-vosi-group-rw", "astro").post(Entity.text(""));
        assertThat(share.getStatus()).as(body(share)).isEqualTo(204);
        assertThat(post("bob", "user_alice.who1", "id\n1\n", "text/csv").getStatus()).isEqualTo(200);
        assertThat(post("carol", "user_alice.who1", "id\n1\n", "text/csv").getStatus()).isEqualTo(404);
        Response open = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.who1"))
                .header("x-vosi-auth-read", "false").post(Entity.text(""));
        assertThat(open.getStatus()).as(body(open)).isEqualTo(204);
        Response readOnly = post("carol", "user_alice.who1", "id\n1\n", "text/csv"); // may read, may not write
        assertThat(readOnly.getStatus()).isEqualTo(403);
        assertThat(body(readOnly)).contains("you may not change table 'user_alice.who1'");
        assertThat(post("root", "user_alice.who1", "id\n2\n", "text/csv").getStatus()).isEqualTo(200);
        Response felis = post("root", "survey.t", "c\n1\n", "text/csv");
        assertThat(felis.getStatus()).isEqualTo(403);
        assertThat(body(felis)).contains("published from Felis");
        Response missing = post("alice", "user_alice.none", "id\n1\n", "text/csv");
        assertThat(missing.getStatus()).isEqualTo(404);
        Response badName = post("alice", "user_alice.no-way", "id\n1\n", "text/csv");
        assertThat(badName.getStatus()).isEqualTo(400);
        Response type = post("alice", "user_alice.who1", "id\n1\n", "application/octet-stream");
        assertThat(type.getStatus()).isEqualTo(415);
        assertThat(body(type)).contains("text/csv", "application/fits",
                "application/x-votable+xml");
        assertThat(count("user_alice.who1")).isEqualTo(2);
    }

    @Test
    void aTableDroppedUnderTheLoadIsNotFoundNotAServerError() {
        create("alice", "user_alice.gone1", STARS);
        JDBI.useHandle(h -> h.execute("DROP TABLE user_alice.gone1")); // as a drop that won the race would
        Response r = post("alice", "user_alice.gone1", "id\n1\n", "text/csv");
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(body(r)).contains("no table 'user_alice.gone1'");
    }

    @Test
    void capabilitiesListTheSynchronousLoad() {
        String capabilities = TestApp.target(APP, "capabilities").request().get(String.class);
        assertThat(capabilities).contains("ivo://ivoa.net/std/VOSI#table-load-sync-1.x").contains("/load</accessURL>");
    }

    /** Issue 25: the format is recognised from the body, not taken from a name or trusted from a type. */
    @Test
    void aBodyIsLoadedAsWhatItIsAndWhatIsNoTableIsNamed() {
        create("alice", "user_alice.sniffed", new String[][] {{"id", "long"}, {"ra", "double"}});
        // a CSV named .txt, which a browser sends as text/plain
        Response txt = post("alice", "user_alice.sniffed", "id,ra\n1,1.5\n2,2.5\n", "text/plain");
        assertThat(txt.getStatus()).as(body(txt)).isEqualTo(200);
        // a FITS file sent as text/csv is read as the FITS file it is
        Response fits = post("alice", "user_alice.sniffed", ValueRangesTest.fits(3, 3), "text/csv");
        assertThat(fits.getStatus()).as(body(fits)).isEqualTo(200);
        assertThat(count("user_alice.sniffed")).isEqualTo(5);

        Response note = post("alice", "user_alice.sniffed", "Dear all,\nhere is my catalogue.\nThanks\n", "text/plain");
        assertThat(note.getStatus()).isEqualTo(415);
        assertThat(body(note)).contains("looks like plain text, not a table").contains("text/csv");
        byte[] random = new byte[10_000];
        new java.util.Random(3).nextBytes(random);
        Response noise = post("alice", "user_alice.sniffed", random, "application/x-votable+xml");
        assertThat(noise.getStatus()).isEqualTo(415);
        assertThat(body(noise)).contains("binary data that is none of the formats read here")
                .contains("application/fits");
        Response html = post("alice", "user_alice.sniffed", "<html><body>oops</body></html>", "application/x-votable+xml");
        assertThat(html.getStatus()).isEqualTo(415);
        assertThat(body(html)).contains("root element is <html>, not a VOTABLE");
        assertThat(count("user_alice.sniffed")).isEqualTo(5);
    }
}
