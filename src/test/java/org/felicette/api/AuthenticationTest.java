package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class AuthenticationTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    private Response whoami(String authorization) {
        var request = TestApp.target(APP, "whoami").request();
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.get();
    }

    @Test
    void validTokenIdentifiesUserAndGroups() {
        Map<?, ?> me = whoami("Bearer alice-token").readEntity(Map.class);
        assertThat(me.get("user")).isEqualTo("alice");
        assertThat(me.get("groups")).isEqualTo(java.util.List.of("astro", "survey"));
        assertThat(me.get("admin")).isEqualTo(false);
        assertThat(me.get("anonymous")).isEqualTo(false);
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(whoami("bearer bob-token").readEntity(Map.class).get("user")).isEqualTo("bob");
    }

    @Test
    void noCredentialsIsAnonymous() {
        Response response = whoami(null);
        assertThat(response.getStatus()).isEqualTo(200);
        Map<?, ?> me = response.readEntity(Map.class);
        assertThat(me.get("user")).isNull();
        assertThat(me.get("anonymous")).isEqualTo(true);
    }

    @Test
    void wrongTokenIs401WithChallenge() {
        Response response = whoami("Bearer not-a-token");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.readEntity(String.class)).isEqualTo("the bearer token is not valid\n");
    }

    @Test
    void wrongTokenIs401EvenOnAPublicReadAndOnUnknownPaths() {
        assertThat(TestApp.target(APP, "availability").request().header("Authorization", "Bearer nope").get()
                .getStatus()).isEqualTo(401);
        assertThat(TestApp.target(APP, "no/such/path").request().header("Authorization", "Bearer nope").get()
                .getStatus()).isEqualTo(401);
    }

    @Test
    void otherSchemeIs401() {
        Response response = whoami("Basic YWxpY2U6c2VjcmV0");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.readEntity(String.class)).contains("Bearer");
    }

    @Test
    void adminByUserAndByGroup() {
        assertThat(whoami("Bearer root-token").readEntity(Map.class).get("admin")).isEqualTo(true);
        assertThat(whoami("Bearer dave-token").readEntity(Map.class).get("admin")).isEqualTo(true);
    }

    @Test
    void gatewayHeadersAreIgnoredInTokenMode() {
        Response response = TestApp.target(APP, "whoami").request()
                .header("X-Auth-Request-User", "mallory").get();
        assertThat(response.readEntity(Map.class).get("anonymous")).isEqualTo(true);
    }
}
