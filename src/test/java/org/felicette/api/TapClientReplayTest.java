package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TAP clients that cannot be installed here, replayed byte for byte as their sources send their
 * requests: astroquery's {@code TapPlus} (used by its Gaia, ESA and ALMA modules) and CADC's
 * {@code cadc-tap query}. Neither follows redirects by itself nor forgives a trailing slash.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapClientReplayTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void stars() {
        TapSyncTest.starsWithThreeRows(APP);
    }

    private static String base() {
        return "http://127.0.0.1:" + APP.getLocalPort();
    }

    /** TapPlus's arguments, in its order: REQUEST, LANG, FORMAT, tapclient, QUERY (with its TOP 2000), then PHASE. */
    private static Map<String, String> tapPlusArgs(String query, String format) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("REQUEST", "doQuery");
        args.put("LANG", "ADQL");
        args.put("FORMAT", format);
        args.put("tapclient", "aqtappy-1.2.2");
        args.put("QUERY", query.replaceFirst("(?i)^SELECT ", "SELECT TOP 2000 "));
        return args;
    }

    private static String urlencoded(Map<String, String> args) {
        return args.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
                .header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer "
                + TestApp.tokenOf("alice")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tapPlusLaunchJobIsAVotableOfTheRows() throws Exception {
        Map<String, String> args = tapPlusArgs("SELECT id, name FROM user_alice.stars ORDER BY id", "votable");
        args.put("PHASE", "RUN"); // autorun, sent to /sync too
        HttpResponse<String> r = post("/sync", "application/x-www-form-urlencoded", urlencoded(args));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<TD>1</TD><TD>Vega</TD>", "<TD>3</TD><TD>Altair</TD>");
    }

    @Test
    void tapPlusLaunchJobAsyncIsA303ItsPhasePolledAsTextAndItsResultRead() throws Exception {
        Map<String, String> args = tapPlusArgs("SELECT id, name FROM user_alice.stars ORDER BY id", "votable");
        args.put("PHASE", "RUN");
        args.put("jobname", "stars");
        HttpResponse<String> made = post("/async", "application/x-www-form-urlencoded", urlencoded(args));
        assertThat(made.statusCode()).isEqualTo(303);
        String location = made.headers().firstValue("Location").orElseThrow();
        String jobId = location.substring(location.lastIndexOf('/') + 1); // taputils.get_jobid_from_location
        String phase = "";
        for (int i = 0; i < 100; i++) { // Job.wait_for_job_end: GET async/{id}/phase every half second
            HttpResponse<String> p = get("/async/" + jobId + "/phase");
            assertThat(p.statusCode()).isEqualTo(200);
            phase = p.body().toUpperCase().strip();
            if (!phase.equals("PENDING") && !phase.equals("QUEUED") && !phase.equals("EXECUTING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(phase).isEqualTo("COMPLETED");
        HttpResponse<String> result = get("/async/" + jobId + "/results/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body()).contains("<TD>2</TD><TD>Deneb</TD>");
    }

    @Test
    void tapPlusWithAnAstropyTableToUploadAsksForCsvInCapitalsAndVotableInLowerCase() throws Exception {
        Map<String, String> args = tapPlusArgs("SELECT s.name, t.note FROM TAP_UPLOAD.t AS t JOIN user_alice.stars "
                + "AS s ON s.id = t.id", "csv");
        args.put("UPLOAD", "t,param:t");
        args.put("PHASE", "RUN");
        args.put("format", "votable"); // the upload's format, as TapPlus adds it for an astropy Table
        String votable = """
                <?xml version="1.0" encoding="utf-8"?>
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
                 <RESOURCE type="results">
                  <TABLE>
                   <FIELD ID="id" datatype="long" name="id"/>
                   <FIELD ID="note" arraysize="*" datatype="unicodeChar" name="note"/>
                   <DATA><TABLEDATA><TR><TD>2</TD><TD>bright</TD></TR></TABLEDATA></DATA>
                  </TABLE>
                 </RESOURCE>
                </VOTABLE>
                """;
        String boundary = "===1733450000000===";
        StringBuilder body = new StringBuilder();
        args.forEach((k, v) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"t\"; filename=\"pytable\"\r\n")
                .append("Content-Type: None\r\n\r\n") // mimetypes.guess_extension("pytable"), as TapPlus writes it
                .append(votable).append("\r\n--").append(boundary).append("--\r\n\r\n");
        HttpResponse<String> r = post("/sync", "multipart/form-data; boundary=" + boundary, body.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("name,note\nDeneb,bright\n");
    }

    @Test
    void cadcTapQueryPostsToTheCapabilitysUrlWithSyncAppended() throws Exception {
        String capabilities = get("/capabilities").body();
        java.util.regex.Matcher tap = java.util.regex.Pattern.compile("standardID=\"ivo://ivoa.net/std/TAP\".*?"
                + "<accessURL use=\"[a-z]+\">([^<]+)</accessURL>", java.util.regex.Pattern.DOTALL).matcher(capabilities);
        assertThat(tap.find()).isTrue();
        String sync = tap.group(1) + "/sync"; // cadcutils appends the endpoint to the interface's URL
        assertThat(sync).doesNotContain("//sync");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sync))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .POST(HttpRequest.BodyPublishers.ofString(urlencoded(Map.of("LANG", "ADQL", "QUERY",
                        "SELECT name FROM user_alice.stars WHERE id = 3", "FORMAT", "tsv")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("name\nAltair\n");
    }
}
