package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a write returns, every read that follows sees it: on the instance that wrote at once,
 * on another instance sharing the database as soon as its change notification arrives.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReadYourWritesTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> ONE = TestApp.extension(DATABASE);
    static final DropwizardAppExtension<FelicetteConfiguration> OTHER = TestApp.extension(DATABASE);

    /** Each round of the table loop writes and reads three times: 300 write-then-read pairs. */
    static final int ROUNDS = 100;

    static int status(Response response) {
        response.readEntity(String.class);
        return response.getStatus();
    }

    static Response get(DropwizardAppExtension<?> app, String path) {
        return TestApp.as("alice", TestApp.target(app, path)).get();
    }

    static String document(String name, String description) {
        return UserTablesTest.vosiTable(name).replace("Stars I like", description);
    }

    @Test
    void everyReadOnTheWritingInstanceSeesTheWriteBeforeIt() {
        String name = "user_alice.loop";
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name))
                    .put(Entity.entity(document(name, "round " + i), "text/xml")))).isEqualTo(201);
            Response created = get(ONE, "tables/" + name);
            assertThat(created.getStatus()).as("GET after PUT, round %d", i).isEqualTo(200);
            assertThat(created.readEntity(String.class)).contains("round " + i);
            if (i % 10 == 0) {
                // the tableset too
                assertThat(TestApp.as("alice", TestApp.target(ONE, "tables")).get(String.class))
                        .as("tableset after PUT, round %d", i).contains("<name>" + name + "</name>");
            }

            assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name))
                    .post(Entity.entity(document(name, "changed " + i), "text/xml")))).isEqualTo(204);
            assertThat(get(ONE, "tables/" + name).readEntity(String.class)).as("GET after POST, round %d", i)
                    .contains("changed " + i);

            assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name)).delete())).isEqualTo(204);
            assertThat(status(get(ONE, "tables/" + name))).as("GET after DELETE, round %d", i).isEqualTo(404);
            if (i % 10 == 0) {
                assertThat(TestApp.as("alice", TestApp.target(ONE, "tables")).get(String.class))
                        .as("tableset after DELETE, round %d", i).doesNotContain("<name>" + name + "</name>");
            }
        }
    }

    @Test
    void permissionChangesAreSeenAtOnce() {
        String name = "user_alice.shared_loop";
        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name))
                .put(Entity.entity(document(name, "x"), "text/xml")))).isEqualTo(201);
        for (int i = 0; i < 3 * ROUNDS; i++) {
            boolean open = i % 2 == 0;
            assertThat(status(TestApp.as("alice", TestApp.target(ONE, "permissions/" + name))
                    .post(Entity.entity("public=" + open + "\n", "text/plain")))).isEqualTo(200);
            assertThat(status(TestApp.target(ONE, "tables/" + name).request().get()))
                    .as("anonymous GET after public=%s, round %d", open, i).isEqualTo(open ? 200 : 404);
        }
    }

    @Test
    void anotherInstanceSeesTheWriteWithinABoundedWait() throws InterruptedException {
        String name = "user_alice.across";
        // the other instance has answered (and remembered) the table's absence
        assertThat(status(get(OTHER, "tables/" + name))).isEqualTo(404);
        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name))
                .put(Entity.entity(document(name, "made on one"), "text/xml")))).isEqualTo(201);
        assertThat(eventually(() -> status(get(OTHER, "tables/" + name)) == 200)).isTrue();

        assertThat(status(TestApp.as("alice", TestApp.target(OTHER, "tables/" + name))
                .post(Entity.entity(document(name, "changed on the other"), "text/xml")))).isEqualTo(204);
        assertThat(eventually(() -> get(ONE, "tables/" + name).readEntity(String.class)
                .contains("changed on the other"))).isTrue();

        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name)).delete())).isEqualTo(204);
        assertThat(eventually(() -> status(get(OTHER, "tables/" + name)) == 404)).isTrue();
        Map<?, ?> whoami = TestApp.as("alice", TestApp.target(OTHER, "whoami")).get(Map.class);
        assertThat(whoami.get("user")).isEqualTo("alice");
    }

    /**
     * A notification that is late: while the other instance has not heard of a change, it may
     * answer from what it knew, but what it renders from the database meanwhile must not be
     * kept under the label of before the change. Here the table is made with the announcing
     * triggers off (the other instance never hears of it) and dropped with them on; the drop
     * brings the caller's state back to what it was before the table existed.
     */
    @Test
    void aRenderingMadeWhileANotificationIsLateIsNotServedAfterTheChangeIsUndone() throws InterruptedException {
        String name = "user_alice.late";
        // the caller's schema exists already, so that the drop brings the state back exactly
        String first = "user_alice.before_late";
        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + first))
                .put(Entity.entity(document(first, "x"), "text/xml")))).isEqualTo(201);
        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + first)).delete())).isEqualTo(204);
        assertThat(eventually(() -> status(get(OTHER, "tables/" + first)) == 404)).isTrue();
        assertThat(status(get(OTHER, "tables/" + name))).isEqualTo(404);
        org.jdbi.v3.core.Jdbi jdbi = TestDatabase.jdbi(DATABASE);
        try {
            announce(jdbi, false);
            assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name))
                    .put(Entity.entity(document(name, "made unannounced"), "text/xml")))).isEqualTo(201);
        } finally {
            announce(jdbi, true);
        }
        // the other instance reads the database when it renders, and finds the table
        Response late = get(OTHER, "tables/" + name);
        assertThat(late.getStatus()).isEqualTo(200);
        assertThat(late.readEntity(String.class)).contains("made unannounced");

        assertThat(status(TestApp.as("alice", TestApp.target(ONE, "tables/" + name)).delete())).isEqualTo(204);
        assertThat(eventually(() -> status(get(OTHER, "tables/" + name)) == 404)).isTrue();
    }

    private static void announce(org.jdbi.v3.core.Jdbi jdbi, boolean on) {
        for (String table : List.of("schemas11", "tables11", "columns11")) {
            jdbi.useHandle(h -> h.execute("ALTER TABLE tap_schema." + table + (on ? " ENABLE" : " DISABLE")
                    + " TRIGGER " + table + "_notify"));
        }
    }

    /** Polls for up to ten seconds. */
    private static boolean eventually(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
