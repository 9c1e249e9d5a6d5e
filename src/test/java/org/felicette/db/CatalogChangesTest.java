package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The catalogue version: it moves for this instance's own commits at once ({@code touch}), and
 * for anyone's committed change of TAP_SCHEMA through the trigger's NOTIFY.
 */
class CatalogChangesTest {

    private static final long PATIENCE_MS = 20_000;

    /** Waits (not a timing assertion: the bound only stops a broken listener from hanging the build). */
    private static long waitForMoreThan(CatalogChanges changes, long version) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MS;
        while (changes.version() <= version && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        return changes.version();
    }

    @Test
    void touchMovesTheVersionAtOnceAndACommitElsewhereMovesItThroughNotify() throws InterruptedException {
        String db = TestDatabase.freshMigratedDatabase();
        Jdbi jdbi = TestDatabase.jdbi(db);
        try (Notifications notifications = new Notifications(TestDatabase.jdbcUrl(db), TestDatabase.user(), null)) {
            CatalogChanges changes = new CatalogChanges(notifications);
            notifications.start();
            long listening = waitForMoreThan(changes, 0); // the listener moves it once it has connected
            assertThat(listening).isPositive();

            long before = changes.version();
            changes.touch();
            assertThat(changes.version()).isEqualTo(before + 1);

            long beforeWrite = changes.version();
            jdbi.useHandle(h -> h.execute("INSERT INTO tap_schema.schemas11 (schema_name, api_created) VALUES ('cc_s', 1)"));
            assertThat(waitForMoreThan(changes, beforeWrite)).isGreaterThan(beforeWrite);

            // a rolled-back change announces nothing: the version stays until the next commit
            long beforeRollback = changes.version();
            jdbi.useHandle(h -> {
                h.begin();
                h.execute("UPDATE tap_schema.schemas11 SET description = 'x' WHERE schema_name = 'cc_s'");
                h.rollback();
            });
            jdbi.useHandle(h -> h.execute("UPDATE tap_schema.schemas11 SET description = 'y' WHERE schema_name = 'cc_s'"));
            long afterCommit = waitForMoreThan(changes, beforeRollback);
            assertThat(afterCommit).isEqualTo(beforeRollback + 1);
        }
    }
}
