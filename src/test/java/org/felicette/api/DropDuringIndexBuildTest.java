package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A drop of a table while one of its indexes is being built goes first; the build's job says why it ended. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DropDuringIndexBuildTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    static boolean buildWaiting() {
        return JDBI.withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pg_stat_activity
                WHERE query ILIKE '%CREATE%INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'
                """).mapTo(Integer.class).one()) > 0;
    }

    @Test
    void aDropDuringAnIndexBuildEndsTheJobInErrorNamingTheTable() throws Exception {
        String table = "user_alice.dropped_midway";
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .put(Entity.entity(UserTablesTest.vosiTable(table), "text/xml"));
        assertThat(made.getStatus()).isEqualTo(201);
        Response loaded = TestApp.as("alice", TestApp.target(APP, "load/" + table))
                .post(Entity.entity("id,ra,label\n1,1.5,a\n2,2.5,b\n", "text/csv"));
        assertThat(loaded.getStatus()).isEqualTo(200);

        UwsClient uws = new UwsClient(APP.getLocalPort(), "alice");
        String job;
        CompletableFuture<Integer> drop;
        try (Handle reader = JDBI.open()) {
            // a reader whose snapshot the build must outwait: the build stays in progress while it reads
            reader.setTransactionIsolationLevel(org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ);
            reader.begin();
            reader.createQuery("SELECT count(*) FROM user_alice.dropped_midway").mapTo(Integer.class).one();
            job = uws.create("table-update", Map.of("table", table, "index", "ra"));
            uws.runAndWaitless(job);
            for (int i = 0; i < 200 && !buildWaiting(); i++) {
                Thread.sleep(50);
            }
            assertThat(buildWaiting()).as("the build is in progress").isTrue();
            drop = CompletableFuture.supplyAsync(() -> {
                Response r = TestApp.as("alice", TestApp.target(APP, "tables/" + table)).delete();
                r.readEntity(String.class);
                return r.getStatus();
            });
            for (int i = 0; i < 100 && buildWaiting(); i++) {
                Thread.sleep(50);
            }
            assertThat(buildWaiting()).as("the drop cancelled the build").isFalse();
            reader.rollback();
        }
        assertThat(drop.get()).isEqualTo(204);
        UwsClient.Job ended = uws.waitFinal(job);
        assertThat(ended.phase()).isEqualTo("ERROR");
        assertThat(ended.error()).isEqualTo("table user_alice.dropped_midway was dropped while its index on ra was being "
                + "built");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/" + table)).get().getStatus()).isEqualTo(404);
    }
}
