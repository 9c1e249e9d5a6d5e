package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;

/**
 * The requests pyvo's {@code TAPService.load_table(name, source, format)} sends, byte for byte
 * as python-requests writes them: {@code POST {base}/load/{name}} with the format's Content-Type,
 * the file as the body (Content-Length for a file of known size, chunked for a stream), into a
 * table with a column named {@code count}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PyvoLoadTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    @BeforeAll
    static void table() {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.counts")).put(Entity.entity(
                LoadTest.table("user_alice.counts", new String[] {"id", "long"}, new String[] {"count", "int"},
                        new String[] {"label", "char", "*"}), "text/xml"));
        assertThat(r.getStatus()).isEqualTo(201);
    }

    /** One HTTP/1.1 exchange on a fresh socket; the answer's status line and body. */
    static String[] send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                String text = answer.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0 && text.contains("Content-Length: ")) {
                    int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                    if (answer.size() >= end + 4 + length) {
                        break;
                    }
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            return new String[] {text.substring(0, text.indexOf("\r\n")), text.substring(text.indexOf("\r\n\r\n") + 4)};
        }
    }

    /** The request head python-requests 2.32 writes for {@code session.post(url, headers=..., data=file)}. */
    static byte[] head(String table, String type, String length) {
        return ("POST /load/" + table + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + APP.getLocalPort() + "\r\n"
                + "User-Agent: python-requests/2.32.3\r\n"
                + "Accept-Encoding: gzip, deflate\r\n"
                + "Accept: */*\r\n"
                + "Connection: keep-alive\r\n"
                + "Authorization: Bearer " + TestApp.tokenOf("alice") + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + (length == null ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String[] pyvoLoad(String format, byte[] file, boolean stream) throws IOException {
        String type = switch (format) {
            case "csv" -> "text/csv";
            case "tsv" -> "text/tab-separated-values";
            case "FITSTable" -> "application/fits";
            default -> throw new IllegalArgumentException(format);
        };
        if (!stream) {
            return send(head("user_alice.counts", type, String.valueOf(file.length)), file);
        }
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < file.length; at += 1000) {
            int n = Math.min(1000, file.length - at);
            chunked.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(file, at, n);
            chunked.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(head("user_alice.counts", type, null), chunked.toByteArray());
    }

    static long rows() {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM user_alice.counts").mapTo(Long.class).one());
    }

    @Test
    void csvTsvAndFitsAsPyvoSendsThem() throws IOException {
        long before = rows();
        // astropy's csv writer: a header, then the rows; pandas's to_csv quotes only what needs it
        String[] csv = pyvoLoad("csv", "id,count,label\n1,10,one\n2,20,\"two, too\"\n".getBytes(StandardCharsets.UTF_8),
                false);
        assertThat(csv).containsExactly("HTTP/1.1 200 OK", "Inserted 2 rows to table user_alice.counts\n");
        String[] tsv = pyvoLoad("tsv", "id\tcount\tlabel\n3\t30\tthree\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(tsv).containsExactly("HTTP/1.1 200 OK", "Inserted 1 rows to table user_alice.counts\n");
        RowListStarTable t = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, null),
            new ColumnInfo("count", Integer.class, null), new ColumnInfo("label", String.class, null)});
        for (int i = 4; i < 3004; i++) { // several thousand rows: more than YouCat's batch of 1000
            t.addRow(new Object[] {(long) i, i * 10, "row " + i});
        }
        ByteArrayOutputStream fits = new ByteArrayOutputStream();
        new FitsTableWriter().writeStarTable(t, fits);
        String[] fitsAnswer = pyvoLoad("FITSTable", fits.toByteArray(), true);
        assertThat(fitsAnswer).containsExactly("HTTP/1.1 200 OK", "Inserted 3000 rows to table user_alice.counts\n");
        assertThat(rows()).isEqualTo(before + 3003);
        List<String> labels = JDBI.withHandle(h -> h.createQuery("SELECT label FROM user_alice.counts WHERE count = 20")
                .mapTo(String.class).list());
        assertThat(labels).isEqualTo(List.of("two, too"));
    }

    @Test
    void aClientThatDisconnectsMidBodyLeavesNothing() throws Exception {
        long before = rows();
        StringBuilder csv = new StringBuilder("id,count,label\n");
        for (int i = 0; i < 50_000; i++) {
            csv.append(i).append(',').append(i).append(",row ").append(i).append('\n');
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head("user_alice.counts", "text/csv", String.valueOf(body.length * 4L)));
            out.write(body); // a quarter of what the head promised, then the client goes away
            out.flush();
        }
        // the server notices the early end and rolls back; wait until no load is running (bounded)
        for (int i = 0; i < 200 && JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity "
                + "WHERE query LIKE 'COPY %' AND state <> 'idle'").mapTo(Integer.class).one()) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(rows()).isEqualTo(before);
        String[] next = pyvoLoad("csv", "id,count\n99,99\n".getBytes(StandardCharsets.UTF_8), false);
        assertThat(next).containsExactly("HTTP/1.1 200 OK", "Inserted 1 rows to table user_alice.counts\n");
    }

    @Test
    void aDropWaitsForALoadInProgressWhichThenCommitsWhole() throws Exception {
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.busy")).put(Entity.entity(
                LoadTest.table("user_alice.busy", new String[] {"id", "long"}), "text/xml"));
        assertThat(made.getStatus()).isEqualTo(201);
        byte[] first = "id\n1\n2\n".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "3\n".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head("user_alice.busy", "text/csv", String.valueOf(first.length + rest.length)));
            out.write(first);
            out.flush();
            // the load is in its transaction, waiting for the rest of its body
            waitFor("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %busy%'");
            java.util.concurrent.CompletableFuture<Integer> drop = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> TestApp.as("alice", TestApp.target(APP, "tables/user_alice.busy")).delete().getStatus());
            waitFor("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'"); // the drop waits
            assertThat(drop).isNotDone();
            out.write(rest);
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            assertThat(drop.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(204);
        }
        boolean dropped = JDBI.withHandle(h -> h.createQuery("SELECT to_regclass('user_alice.busy') IS NULL")
                .mapTo(Boolean.class).one());
        assertThat(dropped).isTrue();
    }

    /** Waits until the query counts a row (bounded: it only keeps a broken build from hanging). */
    private static void waitFor(String countQuery) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (JDBI.withHandle(h -> h.createQuery(countQuery).mapTo(Integer.class).one()) > 0) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("never happened: " + countQuery);
    }

    @Test
    void aBadLineAnswersAClearTextErrorThatRequestsRaisesWith() throws IOException {
        long before = rows();
        String[] answer = pyvoLoad("csv", "id,count\n1,ten\n".getBytes(StandardCharsets.UTF_8), false);
        assertThat(answer[0]).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(answer[1]).startsWith("row 1, column 'count': 'ten' is not an int");
        assertThat(answer[1]).doesNotContain("COPY", "SQL", "Exception", "\tat ");
        assertThat(rows()).isEqualTo(before);
    }
}
