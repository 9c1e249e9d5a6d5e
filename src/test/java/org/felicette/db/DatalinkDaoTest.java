package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DataLink's stored artefacts and its column lists, read with the viewer's rule. */
class DatalinkDaoTest {

    private static Jdbi jdbi;
    private static DatalinkDao dao;
    private static final Viewer ANON = new Viewer(null, new String[0], false);
    private static final Viewer ALICE = new Viewer("alice", new String[0], false);
    private static final Viewer ADMIN = new Viewer("root", new String[0], true);

    @BeforeAll
    static void rows() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        dao = jdbi.onDemand(DatalinkDao.class);
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, api_created) VALUES ('dl_pub', 0)");
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created) "
                    + "VALUES ('dl_a', 'alice', 0, 1)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, api_created) "
                    + "VALUES ('dl_pub', 'dl_pub.T', 'table', 0)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                    + "api_created) VALUES ('dl_a', 'dl_a.Mine', 'table', 'alice', 0, 1)");
            h.execute("INSERT INTO tap_schema.columns11 (table_name, column_name, datatype, principal, indexed, std, "
                    + "column_index, ordinal) VALUES ('dl_pub.T', 'z', 'int', 1, 0, 0, NULL, 1), "
                    + "('dl_pub.T', 'b', 'int', 0, 0, 0, 2, 2), ('dl_pub.T', 'a', 'int', 1, 0, 0, 1, 3), "
                    + "('dl_a.Mine', 'x', 'int', 1, 0, 0, 1, 1)");
        });
    }

    @Test
    void columnsComeInListOrderAndOnlyFromVisibleTables() {
        List<DatalinkDao.TableColumnName> pub = dao.columns(ANON, null);
        pub = pub.stream().filter(c -> c.tableName().startsWith("dl_")).toList(); // TAP_SCHEMA describes itself too
        assertThat(pub).extracting(c -> c.tableName() + "." + c.columnName() + (c.principal() ? "*" : ""))
                .containsExactly("dl_pub.T.a*", "dl_pub.T.b", "dl_pub.T.z*");
        assertThat(dao.columns(ALICE, "DL_A.mine"))
                .extracting(DatalinkDao.TableColumnName::columnName).containsExactly("x");
        assertThat(dao.columns(ANON, "dl_a.Mine")).isEmpty();
        assertThat(dao.tables(ANON)).filteredOn(t -> t.startsWith("dl_")).containsExactly("dl_pub.T");
        assertThat(dao.tables(ADMIN)).filteredOn(t -> t.startsWith("dl_")).containsExactly("dl_a.Mine", "dl_pub.T");
    }

    @Test
    void aSnippetIsWrittenOnlyWhenItChangesAndTheVersionFollows() {
        String v0 = dao.version();
        assertThat(dao.putSnippet("s1", "<a/>", "alice")).isEqualTo(1);
        String v1 = dao.version();
        assertThat(v1).isNotEqualTo(v0);
        assertThat(dao.putSnippet("s1", "<a/>", "bob")).isZero();
        assertThat(dao.version()).isEqualTo(v1);
        assertThat(dao.putSnippet("s1", "<b/>", "bob")).isEqualTo(1);
        assertThat(dao.snippets())
                .containsExactly(new DatalinkDao.StoredSnippet("s1", "<b/>"));
        assertThat(dao.version()).isNotEqualTo(v1);
        assertThat(dao.deleteSnippet("s1")).isEqualTo(1);
        assertThat(dao.deleteSnippet("s1")).isZero();
    }

    @Test
    void minimalListsAreJsonFoundWithoutCaseAndRewrittenOnlyWhenTheyChange() {
        assertThat(dao.putMinimal("dl_pub.T", "[\"a\", \"b\"]", "x"))
                .isEqualTo(1);
        assertThat(dao.putMinimal("dl_pub.T", "[\"a\",\"b\"]", "y"))
                .isZero(); // the same JSON, spelt differently
        assertThat(dao.minimalList("DL_PUB.t")).hasValue("[\"a\", \"b\"]");
        assertThat(dao.minimalList("dl_pub.none")).isEmpty();
    }
}
