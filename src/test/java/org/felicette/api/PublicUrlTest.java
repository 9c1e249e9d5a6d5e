package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The URLs the service writes never come from a Host header it does not know. */
class PublicUrlTest {

    /** One HTTP/1.1 exchange with the given Host header (a client library would not let a test forge it). */
    static String exchange(DropwizardAppExtension<?> app, String method, String path, String host, String contentType,
            String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", app.getLocalPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Authorization: Bearer alice-token\r\nConnection: close\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String location(String response) {
        Matcher m = Pattern.compile("(?im)^Location: ([^\r\n]*)").matcher(response);
        return m.find() ? m.group(1) : null;
    }

    static String indexJob(DropwizardAppExtension<?> app, String table, String host) throws IOException {
        var created = TestApp.as("alice", TestApp.target(app, "tables/" + table))
                .put(Entity.entity(UserTablesTest.vosiTable(table), "text/xml"));
        assertThat(created.getStatus()).as(created.readEntity(String.class)).isEqualTo(201);
        return exchange(app, "POST", "/table-update", host, "application/x-www-form-urlencoded",
                "table=" + URLEncoder.encode(table, StandardCharsets.UTF_8) + "&index=id");
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class WithoutAPublicBase {
        static final DropwizardAppExtension<FelicetteConfiguration> APP =
                TestApp.extension(TestDatabase.freshMigratedDatabase());

        @Test
        void aForeignHostGetsARelativeLocationAndLinksOfTheAddressReached() throws IOException {
            String answer = indexJob(APP, "user_alice.hosted", "evil.example");
            assertThat(answer).startsWith("HTTP/1.1 303");
            assertThat(location(answer)).as(answer).startsWith("/table-update/").doesNotContain("evil");
            String job = exchange(APP, "GET", location(answer), "evil.example", null, null);
            assertThat(job).startsWith("HTTP/1.1 200").doesNotContain("evil.example");
            String capabilities = exchange(APP, "GET", "/capabilities", "evil.example:8080", null, null);
            assertThat(capabilities).startsWith("HTTP/1.1 200").doesNotContain("evil.example")
                    .contains("<accessURL use=\"full\">http://127.0.0.1:" + APP.getLocalPort() + "/tables</accessURL>");
            String created = exchange(APP, "PUT", "/tables/user_alice.made_here", "evil.example", "text/xml",
                    UserTablesTest.vosiTable("user_alice.made_here"));
            assertThat(location(created)).isEqualTo("/tables/user_alice.made_here");
        }

        @Test
        void aLoopbackHostIsTakenAsSent() throws IOException {
            String answer = indexJob(APP, "user_alice.on_loopback", "localhost:" + APP.getLocalPort());
            assertThat(location(answer)).startsWith("http://localhost:" + APP.getLocalPort() + "/table-update/");
        }
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class WithAPublicBase {
        static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
                TestDatabase.freshMigratedDatabase(),
                ConfigOverride.config("publicUrl.base", "https://data.example.org/felicette"));

        @Test
        void everyAbsoluteUrlStartsWithTheBase() throws IOException {
            for (String host : new String[] {"evil.example", "localhost:" + APP.getLocalPort()}) {
                String answer = indexJob(APP, "user_alice.t_" + host.length(), host);
                assertThat(location(answer)).startsWith("https://data.example.org/felicette/table-update/");
                String capabilities = exchange(APP, "GET", "/capabilities", host, null, null);
                assertThat(capabilities).doesNotContain("evil.example")
                        .contains("<accessURL use=\"full\">https://data.example.org/felicette/tables</accessURL>");
            }
        }
    }
}
