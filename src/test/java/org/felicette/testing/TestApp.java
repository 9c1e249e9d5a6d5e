package org.felicette.testing;

import io.dropwizard.core.Application;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.jackson.JacksonFeature;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.felicette.FelicetteApplication;
import org.felicette.FelicetteConfiguration;

/** The real service on random ports, on a fresh database of the test JVM's PostgreSQL. */
public final class TestApp {

    private TestApp() {
    }

    /**
     * The bearer token of a user of test-config.yml: alice (groups astro, survey), bob (astro), carol,
     * root (admin), dave (admin group), erin (small quota), frank (team), gina (ivo://example.org/gms?astro).
     */
    public static String tokenOf(String user) {
        return user + "-token";
    }

    public static DropwizardAppExtension<FelicetteConfiguration> extension(String database, ConfigOverride... extra) {
        return extension(FelicetteApplication.class, database, extra);
    }

    public static DropwizardAppExtension<FelicetteConfiguration> extension(
            Class<? extends Application<FelicetteConfiguration>> app, String database, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.config("database.url", () -> TestDatabase.jdbcUrl(database)));
        overrides.add(ConfigOverride.config("jobs.spoolDirectory", "target/test-spool"));
        overrides.addAll(Arrays.asList(extra));
        return new DropwizardAppExtension<>(app, ResourceHelpers.resourceFilePath("test-config.yml"),
                overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * Another instance of the service on the same database, started by the test (before/after),
     * its settings kept apart from other instances' by its own system-property prefix.
     *
     * @param database a test database's name, or null when the settings give database.url
     * @param settings key, value, key, value, ...
     */
    public static DropwizardTestSupport<FelicetteConfiguration> instance(String prefix, String database,
            String... settings) {
        List<ConfigOverride> overrides = new ArrayList<>();
        if (database != null) {
            overrides.add(ConfigOverride.config(prefix, "database.url", () -> TestDatabase.jdbcUrl(database)));
        }
        overrides.add(ConfigOverride.config(prefix, "jobs.spoolDirectory", "target/test-spool"));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.add(ConfigOverride.config(prefix, settings[i], settings[i + 1]));
        }
        return new DropwizardTestSupport<>(FelicetteApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
                prefix, overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * One plain JAX-RS client (JDK HTTP connection, no pool) for all tests: a test that leaves a
     * response unread or is cut off mid-upload cannot starve the next one of connections.
     */
    private static final Client CLIENT = ClientBuilder.newBuilder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .register(new JacksonFeature(Jackson.newObjectMapper()))
            .build();

    public static Client client() {
        return CLIENT;
    }

    public static WebTarget target(DropwizardAppExtension<?> app, String path) {
        return CLIENT.target("http://127.0.0.1:" + app.getLocalPort()).path(path);
    }

    /** A request as the given user (null for anonymous). */
    public static Invocation.Builder as(String user, WebTarget target) {
        Invocation.Builder request = target.request();
        return user == null ? request : request.header("Authorization", "Bearer " + tokenOf(user));
    }
}
