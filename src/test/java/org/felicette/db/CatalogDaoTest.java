package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state string behind every ETag: it moves when a row the viewer sees changes, and only
 * then (another user's private changes leave it as it is).
 */
class CatalogDaoTest {

    private static Jdbi jdbi;
    private static final Viewer ALICE = new Viewer("alice", new String[0], false);

    @BeforeAll
    static void rows() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created) VALUES "
                    + "('st_a', 'alice', 0, 1), ('st_b', 'bob', 0, 1)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                    + "api_created) VALUES ('st_a', 'st_a.t', 'table', 'alice', 0, 1), "
                    + "('st_b', 'st_b.t', 'table', 'bob', 0, 1)");
        });
    }

    private static String state() {
        return jdbi.withExtension(CatalogDao.class, dao -> dao.state(ALICE));
    }

    @Test
    void aChangeToAVisibleRowMovesTheState() {
        String before = state();
        jdbi.useHandle(h -> h.execute("UPDATE tap_schema.tables11 SET description = 'x' WHERE table_name = 'st_a.t'"));
        assertThat(state()).isNotEqualTo(before);
    }

    @Test
    void anotherUsersPrivateChangeLeavesTheStateAsItIs() {
        String before = state();
        jdbi.useHandle(h -> h.execute("UPDATE tap_schema.tables11 SET description = 'y' WHERE table_name = 'st_b.t'"));
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void sharingWithTheViewerMovesTheStateAndCountsTheTable() {
        String before = state();
        long tablesBefore = Long.parseLong(before.substring(0, before.indexOf('-')));
        jdbi.useHandle(h -> h.execute("UPDATE tap_schema.tables11 SET read_anon = 1 WHERE table_name = 'st_b.t'"));
        String after = state();
        assertThat(after).isNotEqualTo(before);
        assertThat(Long.parseLong(after.substring(0, after.indexOf('-')))).isEqualTo(tablesBefore + 1);
        jdbi.useHandle(h -> h.execute("UPDATE tap_schema.tables11 SET read_anon = 0 WHERE table_name = 'st_b.t'"));
    }
}
