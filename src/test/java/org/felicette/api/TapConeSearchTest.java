package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cone search on the embedded PostgreSQL, which has no pg_sphere: the rows a cone holds are
 * the rows within its radius on the sphere, checked against separations known in advance
 * (across RA 0/360 and near a pole too), and DISTANCE gives those separations.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapConeSearchTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);

    @BeforeAll
    static void points() {
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.points")).put(Entity.entity(
                LoadTest.table("user_alice.points", new String[] {"id", "int"}, new String[] {"ra", "double"},
                        new String[] {"dec", "double"}), "text/xml"));
        assertThat(made.getStatus()).isEqualTo(201);
        // from (10, 20): 1 at 0.5°, 2 at 0.6·cos 20° = 0.5638°, 3 at 1.01°, 4 near the antipode;
        // from (359.9, 0): 5 at 0.15° across RA 0; from (45, 89.9): 6 at 0.2° over the pole
        Response loaded = TestApp.as("alice", TestApp.target(APP, "load/user_alice.points")).post(Entity.entity(
                "id,ra,dec\n1,10,20.5\n2,10.6,20\n3,10,21.01\n4,190,-20\n5,0.05,0\n6,225,89.9\n", "text/csv"));
        assertThat(loaded.getStatus()).isEqualTo(200);
    }

    static List<String> ids(String where) {
        String csv = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL")
                .queryParam("RESPONSEFORMAT", "csv").queryParam("QUERY", "SELECT id FROM user_alice.points WHERE "
                        + where + " ORDER BY id")).get(String.class);
        List<String> lines = Arrays.asList(csv.split("\n"));
        return lines.subList(1, lines.size());
    }

    @Test
    void aConeHoldsTheRowsWithinItsRadiusOnTheSphere() {
        assertThat(ids("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.6)) = 1")).containsExactly("1", "2");
        assertThat(ids("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.55)) = 1")).containsExactly("1");
        assertThat(ids("1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 1.02))"))
                .containsExactly("1", "2", "3");
        assertThat(ids("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 359.9, 0, 0.2)) = 1")).containsExactly("5");
        assertThat(ids("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 45, 89.9, 0.25)) = 1")).containsExactly("6");
        assertThat(ids("CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 0.6)) = 0"))
                .containsExactly("3", "4", "5", "6");
        assertThat(ids("DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 10, 20)) < 0.56")).containsExactly("1");
    }

    @Test
    void distanceGivesTheSeparationInDegrees() {
        String csv = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL")
                .queryParam("RESPONSEFORMAT", "csv").queryParam("QUERY", "SELECT id, DISTANCE(POINT('ICRS', ra, dec), "
                        + "POINT('ICRS', 10, 20)) AS sep FROM user_alice.points WHERE id <= 2 ORDER BY id"))
                .get(String.class);
        String[] lines = csv.split("\n");
        assertThat(lines[0]).isEqualTo("id,sep");
        assertThat(Double.parseDouble(lines[1].split(",")[1])).isCloseTo(0.5, within(1e-9));
        assertThat(Double.parseDouble(lines[2].split(",")[1])).isCloseTo(0.563815, within(1e-5));
    }

    @Test
    void otherGeometryIsRefusedSayingItNeedsPgSphere() {
        Response r = TestApp.as("alice", TestApp.target(APP, "sync").queryParam("LANG", "ADQL").queryParam("QUERY",
                "SELECT id FROM user_alice.points WHERE INTERSECTS(CIRCLE('ICRS', ra, dec, 1), "
                        + "CIRCLE('ICRS', 10, 20, 1)) = 1")).get();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(String.class)).contains("needs pg_sphere");
    }
}
