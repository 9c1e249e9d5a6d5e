package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class GatewayAuthenticationTest {

    private static Map<?, ?> whoami(DropwizardAppExtension<?> app, String user, String groups) {
        var request = TestApp.target(app, "whoami").request();
        if (user != null) {
            request = request.header("X-Auth-Request-User", user);
        }
        if (groups != null) {
            request = request.header("X-Auth-Request-Groups", groups);
        }
        return request.get(Map.class);
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class FromTrustedProxy {
        static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
                TestDatabase.freshMigratedDatabase(), ConfigOverride.config("auth.mode", "gateway"));

        @Test
        void headersIdentifyTheCaller() {
            Map<?, ?> me = whoami(APP, "erin", "astro, lsst ,,dp1");
            assertThat(me.get("user")).isEqualTo("erin");
            assertThat(me.get("groups")).isEqualTo(List.of("astro", "dp1", "lsst"));
        }

        @Test
        void adminGroupFromHeaders() {
            assertThat(whoami(APP, "frank", "felicette-admins").get("admin")).isEqualTo(true);
        }

        @Test
        void noUserHeaderIsAnonymous() {
            assertThat(whoami(APP, null, "astro").get("anonymous")).isEqualTo(true);
        }
    }

    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class FromUntrustedAddress {
        // The service is reached from 127.0.0.1, which is not the configured proxy here.
        static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
                TestDatabase.freshMigratedDatabase(), ConfigOverride.config("auth.mode", "gateway"),
                ConfigOverride.config("auth.trustedProxies", "192.0.2.10"));

        @Test
        void headersAreIgnored() {
            Map<?, ?> me = whoami(APP, "mallory", "felicette-admins");
            assertThat(me.get("anonymous")).isEqualTo(true);
            assertThat(me.get("admin")).isEqualTo(false);
        }
    }

    /** Two peers on loopback: the proxy at 127.0.0.1 is trusted, a process at 127.0.0.2 is not. */
    @Nested
    @ExtendWith(DropwizardExtensionsSupport.class)
    class FromAnotherLoopbackPeer {
        static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
                TestDatabase.freshMigratedDatabase(), ConfigOverride.config("auth.mode", "gateway"),
                ConfigOverride.config("auth.trustedProxies", "127.0.0.1"));

        private String whoamiFrom(String source) throws IOException {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", APP.getLocalPort()), 10_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("GET /whoami HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Auth-Request-User: mallory\r\nX-Auth-Request-Groups: felicette-admins\r\n"
                        + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Test
        void headersFromAPeerNotTrustedAreIgnored() throws IOException {
            String untrusted = whoamiFrom("127.0.0.2");
            assertThat(untrusted).startsWith("HTTP/1.1 200").contains("\"anonymous\":true").doesNotContain("mallory");
            String trusted = whoamiFrom("127.0.0.1");
            assertThat(trusted).startsWith("HTTP/1.1 200").contains("\"user\":\"mallory\"").contains("\"admin\":true");
        }
    }
}
