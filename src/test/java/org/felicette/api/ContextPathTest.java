package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service under a path prefix ({@code server.applicationContextPath: /youcat}), as cadc-tap
 * users reach it ({@code cadc-tap -s http://host:port/youcat}): capabilities, Location headers,
 * job URLs and the page all carry the prefix, and cadc-tap's {@code POST …//sync} runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ContextPathTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase(), ConfigOverride.config("server.applicationContextPath", "/youcat"));
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    static HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void capabilitiesAndLocationsCarryThePrefix() throws Exception {
        String base = "http://127.0.0.1:" + APP.getLocalPort() + "/youcat/";
        HttpResponse<String> capabilities = send("GET", "/youcat/capabilities", null, null);
        assertThat(capabilities.statusCode()).isEqualTo(200);
        assertThat(capabilities.body()).contains(">" + base + "tables<").contains(">" + base + "availability<")
                .contains(">" + base.substring(0, base.length() - 1) + "<").doesNotContain("127.0.0.1:" + APP.getLocalPort() + "/tables");
        assertThat(send("GET", "/tables", null, null).statusCode()).as("nothing outside the prefix").isEqualTo(404);

        String table = "<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" "
                + "xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><name>user_alice.prefixed</name>"
                + "<column><name>id</name><dataType xsi:type=\"vs:VOTableType\">long</dataType></column></vosi:table>";
        HttpResponse<String> created = send("PUT", "/youcat/tables/user_alice.prefixed", "text/xml", table);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location").orElseThrow()).isEqualTo(base + "tables/user_alice.prefixed");
        HttpResponse<String> loaded = send("POST", "/youcat/load/user_alice.prefixed", "text/csv", "id\n1\n2\n");
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);

        HttpResponse<String> job = send("POST", "/youcat/table-update", "application/x-www-form-urlencoded",
                "table=user_alice.prefixed&index=id");
        assertThat(job.statusCode()).isEqualTo(303);
        String location = job.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(base + "table-update/");
        assertThat(send("GET", location.substring(location.indexOf("/youcat/")), null, null).body())
                .contains("<uws:phase>PENDING</uws:phase>");
    }

    @Test
    void cadcTapsQueryToDoubleSlashSyncRunsUnderThePrefix() throws Exception {
        HttpResponse<String> r = send("POST", "/youcat//sync", "application/x-www-form-urlencoded",
                "LANG=ADQL&FORMAT=csv&QUERY=SELECT+schema_name+FROM+tap_schema.schemas+WHERE+schema_name%3D%27tap_schema%27");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("schema_name\ntap_schema\n");
    }

    @Test
    void thePageAndItsModulesAreServedUnderThePrefix() throws Exception {
        HttpResponse<String> redirect = send("GET", "/youcat/ui", null, null);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/youcat/ui/");
        HttpResponse<String> page = send("GET", "/youcat/ui/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\"");
        java.util.regex.Matcher src = java.util.regex.Pattern.compile("src=\"([^\"]+\\.js)\"").matcher(page.body());
        assertThat(src.find()).isTrue();
        String module = src.group(1);
        assertThat(module).doesNotStartWith("/"); // relative: resolved under the prefix
        assertThat(send("GET", "/youcat/ui/" + module, null, null).statusCode()).isEqualTo(200);
        // the API client takes the service's root from the page's own address: /youcat/
        assertThat(send("GET", "/youcat/ui/api.js", null, null).body())
                .contains("location.pathname.replace(/\\/ui(\\/.*)?$/, '/')");
    }
}
