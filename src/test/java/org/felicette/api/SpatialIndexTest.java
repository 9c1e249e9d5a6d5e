package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.DropwizardTestSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.felicette.FelicetteConfiguration;
import org.felicette.jobs.Jobs;
import org.felicette.testing.TestApp;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spatial indexes on a real PostgreSQL with pg_sphere (the embedded server has no extensions):
 * {@code FELICETTE_PGSPHERE_URL} names its server, whose database {@code sphere_template} has
 * pg_sphere ({@code .ci/pgsphere} starts one with Debian's postgresql-15-pgsphere); without it the
 * test is skipped. A long-lat index is a GiST index on
 * {@code spoint(radians(lon), radians(lat))}, which a cone query in pg_sphere's terms uses.
 */
class SpatialIndexTest {

    static final String SERVER = System.getenv("FELICETTE_PGSPHERE_URL");
    static final String USER = System.getenv().getOrDefault("FELICETTE_PGSPHERE_USER", "felicette");
    static String url;
    static DropwizardTestSupport<FelicetteConfiguration> app;
    static Jdbi jdbi;

    @BeforeAll
    static void server() throws Exception {
        Assumptions.assumeTrue(SERVER != null && !SERVER.isBlank(), "FELICETTE_PGSPHERE_URL is not set");
        String database = "sphere_" + Jobs.newId().substring(0, 10);
        try (Connection c = DriverManager.getConnection(SERVER, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " TEMPLATE sphere_template");
        }
        url = SERVER.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
        jdbi = Jdbi.create(url, USER, "");
        app = TestApp.instance("sphere.", null, "database.url", url, "database.user", USER);
        app.before();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.after();
        }
    }

    @Test
    void aLongLatIndexIsAGistIndexThatAConeQueryUses() throws InterruptedException {
        String doc = LoadTest.table("user_alice.cone", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"});
        Response created = TestApp.client().target("http://127.0.0.1:" + app.getLocalPort()).path("tables/user_alice.cone")
                .request().header("Authorization", "Bearer " + TestApp.tokenOf("alice")).put(Entity.entity(doc, "text/xml"));
        assertThat(created.getStatus()).as(created.readEntity(String.class)).isEqualTo(201);
        StringBuilder csv = new StringBuilder("id,ra,dec\n");
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            csv.append(i).append(',').append(random.nextDouble() * 360).append(',')
                    .append(Math.toDegrees(Math.asin(2 * random.nextDouble() - 1))).append('\n');
        }
        Response loaded = TestApp.client().target("http://127.0.0.1:" + app.getLocalPort()).path("load/user_alice.cone")
                .request().header("Authorization", "Bearer " + TestApp.tokenOf("alice"))
                .post(Entity.entity(csv.toString(), "text/csv"));
        assertThat(loaded.getStatus()).as(loaded.readEntity(String.class)).isEqualTo(200);

        UwsClient uws = new UwsClient(app.getLocalPort(), "alice");
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("table", "user_alice.cone", "index",
                "ra,dec", "INDEX_TYPE", "long-lat")));
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        String definition = jdbi.withHandle(h -> h.createQuery("SELECT indexdef FROM pg_indexes WHERE indexname = "
                + "'cone_ra_dec_spt'").mapTo(String.class).one());
        assertThat(definition).contains("USING gist").contains("spoint(radians(ra), radians(\"dec\"))");

        String cone = "FROM user_alice.cone WHERE spoint(radians(ra), radians(dec)) "
                + "@ scircle(spoint(radians(10.0), radians(20.0)), radians(2.0))";
        List<String> plan = jdbi.withHandle(h -> {
            h.execute("ANALYZE user_alice.cone");
            return h.createQuery("EXPLAIN SELECT id " + cone).mapTo(String.class).list();
        });
        assertThat(String.join("\n", plan)).contains("cone_ra_dec_spt");
        long viaIndex = jdbi.withHandle(h -> h.createQuery("SELECT count(*) " + cone).mapTo(Long.class).one());
        long bruteForce = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM user_alice.cone WHERE "
                + "degrees(acos(least(1, sin(radians(dec)) * sin(radians(20.0)) + cos(radians(dec)) * cos(radians(20.0)) "
                + "* cos(radians(ra - 10.0))))) <= 2.0").mapTo(Long.class).one());
        assertThat(viaIndex).isPositive().isEqualTo(bruteForce);

        // the same cone in ADQL through /sync: translated for pg_sphere here, the same rows, by the index
        long scansBefore = indexScans();
        String adql = TestApp.client().target("http://127.0.0.1:" + app.getLocalPort()).path("sync")
                .queryParam("LANG", "ADQL").queryParam("RESPONSEFORMAT", "csv").queryParam("MAXREC", "100000")
                .queryParam("QUERY", "SELECT COUNT(*) AS n FROM user_alice.cone WHERE "
                        + "CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10.0, 20.0, 2.0)) = 1")
                .request().header("Authorization", "Bearer " + TestApp.tokenOf("alice")).get().readEntity(String.class);
        assertThat(adql).isEqualTo("n\n" + bruteForce + "\n");
        for (int i = 0; i < 50 && indexScans() == scansBefore; i++) {
            Thread.sleep(100); // the statistics are written when the query's transaction ends
        }
        assertThat(indexScans()).as("the ADQL cone used the long-lat index").isGreaterThan(scansBefore);

        // DISTANCE, which CADC's converter does not translate, as pg_sphere's distance in degrees
        String near = TestApp.client().target("http://127.0.0.1:" + app.getLocalPort()).path("sync")
                .queryParam("LANG", "ADQL").queryParam("RESPONSEFORMAT", "csv").queryParam("QUERY", "SELECT COUNT(*) "
                        + "AS n FROM user_alice.cone WHERE DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 10.0, 20.0)) "
                        + "<= 2.0").request().header("Authorization", "Bearer " + TestApp.tokenOf("alice")).get()
                .readEntity(String.class);
        assertThat(near).isEqualTo("n\n" + bruteForce + "\n");
    }

    static long indexScans() {
        return jdbi.withHandle(h -> h.createQuery("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = "
                + "'cone_ra_dec_spt'").mapTo(Long.class).one());
    }
}
