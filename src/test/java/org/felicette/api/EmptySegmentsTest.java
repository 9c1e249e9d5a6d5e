package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Paths with empty segments, as STILTS taplint and cadc-tap send them ({@code //tables},
 * {@code //sync}): served as their single-slash form. Sent raw, since HTTP clients may normalise them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EmptySegmentsTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());

    static String raw(String method, String path, String type, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setSoTimeout(20_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (type == null ? "" : "Content-Type: " + type + "\r\n")
                    + "Authorization: Bearer " + TestApp.tokenOf("alice") + "\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void vosiEndpointsAnswerUnderADoubleSlash() throws IOException {
        assertThat(raw("GET", "//availability", null, null)).startsWith("HTTP/1.1 200 ")
                .contains("<vosi:available>true</vosi:available>");
        assertThat(raw("GET", "//capabilities", null, null)).startsWith("HTTP/1.1 200 ").contains("ivo://ivoa.net/std/TAP");
        assertThat(raw("GET", "//tables?detail=min", null, null)).startsWith("HTTP/1.1 200 ")
                .contains("<name>tap_schema</name>");
        assertThat(raw("GET", "/tables//tap_schema.schemas", null, null)).startsWith("HTTP/1.1 200 ")
                .contains("<name>tap_schema.schemas</name>");
    }

    @Test
    void aQueryPostedToDoubleSlashSyncRunsWithItsBody() throws IOException {
        String answer = raw("POST", "//sync", "application/x-www-form-urlencoded",
                "LANG=ADQL&FORMAT=csv&QUERY=SELECT+TOP+1+schema_name+FROM+tap_schema.schemas+WHERE+schema_name%3D%27tap_schema%27");
        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("schema_name\ntap_schema\n");
        assertThat(raw("GET", "//sync?LANG=ADQL&FORMAT=csv&QUERY=SELECT+TOP+1+table_name+FROM+tap_schema.tables"
                + "+WHERE+table_name%3D%27tap_schema.keys%27", null, null)).startsWith("HTTP/1.1 200 ")
                .endsWith("table_name\ntap_schema.keys\n");
    }

    @Test
    void otherAmbiguousFormsAreStillRefused() throws IOException {
        assertThat(raw("GET", "//tables/%2e%2e", null, null)).startsWith("HTTP/1.1 400 ");
        assertThat(raw("GET", "/tables/x%2Fy", null, null)).startsWith("HTTP/1.1 400 ");
    }
}
