package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.felicette.FelicetteApplication;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service with its database taken away: a PostgreSQL of the test's own, stopped while the
 * service runs. Reads and writes answer 503 in the one error shape, without SQL or the address.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseDownTest {

    static final EmbeddedPostgres POSTGRES = start();

    static final DropwizardAppExtension<FelicetteConfiguration> APP = new DropwizardAppExtension<>(
            FelicetteApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
            ConfigOverride.config("database.url", POSTGRES.getJdbcUrl("postgres", "postgres")));

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withoutItsDatabaseTheServiceAnswers503AndNoSql() throws IOException {
        assertThat(TestApp.target(APP, "tables").request().get().getStatus()).isEqualTo(200);
        POSTGRES.close();

        Response json = TestApp.target(APP, "tables/tap_schema.columns").request("application/json").get();
        assertThat(json.getStatus()).isEqualTo(503);
        String body = json.readEntity(String.class);
        assertThat(body).contains("\"error\":\"unavailable\"").doesNotContain("SELECT")
                .doesNotContain("localhost:" + POSTGRES.getPort()).doesNotContain("Exception");

        Response text = TestApp.as("alice", TestApp.target(APP, "quota")).get();
        assertThat(text.getStatus()).isEqualTo(503);
        assertThat(text.readEntity(String.class)).doesNotContain("SELECT").doesNotContain("Exception");

        String availability = TestApp.target(APP, "availability").request().get(String.class);
        assertThat(availability).contains("<vosi:available>false</vosi:available>");
    }
}
