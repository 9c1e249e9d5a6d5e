package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.felicette.auth.Caller;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The read rule is one rule: for every combination of owner, public flag and groups of a schema
 * and its tables, and for every kind of caller, the rows the SQL rendering of {@link Access}
 * returns from the database are exactly the objects its Java evaluation lets the caller see.
 */
class ReadRuleTest {

    private static Jdbi jdbi;
    private static final Map<String, Access> SCHEMAS = new java.util.LinkedHashMap<>();
    private static final Map<String, Access> TABLES = new java.util.LinkedHashMap<>();

    private static final List<Access> KINDS = List.of(Access.PUBLIC, new Access(null, false, null, null),
            Access.privateTo("alice"), new Access("alice", true, null, null), new Access("alice", false, "astro", null),
            new Access("alice", false, null, "team"), new Access("bob", false, "astro", "team"),
            new Access("bob", false, null, null));

    private static final List<Caller> CALLERS = List.of(Caller.ANONYMOUS, new Caller("alice", Set.of(), false),
            new Caller("bob", Set.of("astro"), false), new Caller("carol", Set.of("team"), false),
            new Caller("erin", Set.of("other"), false), new Caller("root", Set.of(), true));

    @BeforeAll
    static void rows() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        jdbi.useHandle(h -> {
            for (int s = 0; s < KINDS.size(); s++) {
                String schema = "rule_s" + s;
                SCHEMAS.put(schema, KINDS.get(s));
                insert(h, "INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, read_only_group, "
                        + "read_write_group, api_created) VALUES (?, ?, ?, ?, ?, 1)", schema, KINDS.get(s));
                for (int t = 0; t < KINDS.size(); t++) {
                    String table = schema + ".t" + t;
                    TABLES.put(table, KINDS.get(t));
                    insert(h, "INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, "
                            + "read_anon, read_only_group, read_write_group, api_created) "
                            + "VALUES ('" + schema + "', ?, 'table', ?, ?, ?, ?, 1)", table, KINDS.get(t));
                }
            }
        });
    }

    private static void insert(org.jdbi.v3.core.Handle h, String sql, String name, Access a) {
        h.createUpdate(sql).bind(0, name).bind(1, a.ownerId()).bind(2, a.isPublic() ? 1 : 0)
                .bind(3, a.readOnlyGroup()).bind(4, a.readWriteGroup()).execute();
    }

    private static Viewer viewer(Caller c) {
        return new Viewer(c.user(), c.memberships().toArray(String[]::new), c.admin());
    }

    @Test
    void tablesTheSqlFindsAreTheTablesJavaAllows() {
        for (Caller caller : CALLERS) {
            List<String> tables = jdbi.withExtension(CatalogDao.class, dao -> dao.tableList(viewer(caller), null)
                    .stream().map(TableInfo::name).filter(n -> n.startsWith("rule_")).toList());
            Set<String> bySql = new TreeSet<>(tables);
            Set<String> byJava = new TreeSet<>();
            TABLES.forEach((table, access) -> {
                Access schema = SCHEMAS.get(table.substring(0, table.indexOf('.')));
                if (access.readableBy(caller, schema)) {
                    byJava.add(table);
                }
            });
            assertThat(bySql).as("tables of %s", caller.user()).isEqualTo(byJava);
        }
    }

    @Test
    void schemasTheSqlFindsAreTheSchemasJavaAllowsOrThatHoldAVisibleTable() {
        for (Caller caller : CALLERS) {
            List<String> schemas = jdbi.withExtension(CatalogDao.class, dao -> dao.schemas(viewer(caller))
                    .stream().map(SchemaInfo::name).filter(n -> n.startsWith("rule_")).toList());
            Set<String> bySql = new TreeSet<>(schemas);
            Set<String> byJava = new TreeSet<>();
            SCHEMAS.forEach((schema, access) -> {
                boolean aTableShows = TABLES.entrySet().stream().anyMatch(t -> t.getKey().startsWith(schema + ".")
                        && t.getValue().readableBy(caller, access));
                if (access.readableBy(caller) || aTableShows) {
                    byJava.add(schema);
                }
            });
            assertThat(bySql).as("schemas of %s", caller.user()).isEqualTo(byJava);
        }
    }

    @Test
    void everyBranchOfTheRuleIsExercised() {
        List<Access.Branch> used = new ArrayList<>();
        for (Caller caller : CALLERS) {
            for (Access schema : KINDS) {
                for (Access table : KINDS) {
                    for (Access.Branch branch : Access.TABLE_READ) {
                        if (table.holds(branch, caller, schema) && !used.contains(branch)) {
                            used.add(branch);
                        }
                    }
                }
            }
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(Access.TABLE_READ);
    }
}
