package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The read rule at schema and table level, for every kind of caller, on every read endpoint.
 * Rows are inserted directly (owner erin; group astro holds bob, group survey holds alice).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class VisibilityTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);

    static {
        Jdbi.create(TestDatabase.dataSource(DATABASE)).useTransaction(h -> {
            // schema name, owner, read_anon, ro group, rw group — and one table "t" with the same permissions
            Object[][] objects = {
                {"pub", null, 1, null, null},
                {"priv", "erin", 0, null, null},
                {"ro", "erin", 0, "astro", null},
                {"rw", "erin", 0, null, "survey"},
                {"anon", "erin", 1, null, null},
            };
            for (Object[] o : objects) {
                h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, read_only_group, "
                        + "read_write_group, api_created) VALUES (?, ?, ?, ?, ?, 1)", o);
                h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                        + "read_only_group, read_write_group, api_created) VALUES (?, ? || '.t', 'table', ?, ?, ?, ?, 1)",
                        o[0], o[0], o[1], o[2], o[3], o[4]);
                h.execute("INSERT INTO tap_schema.columns11 (table_name, column_name, datatype, principal, indexed, std) "
                        + "VALUES (? || '.t', 'x', 'int', 1, 0, 0)", o[0]);
            }
            // table level: a private table in a public schema, a public table in a private schema
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                    + "api_created) VALUES ('pub', 'pub.secret', 'table', 'erin', 0, 1)");
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created) "
                    + "VALUES ('hidden', 'erin', 0, 1)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                    + "api_created) VALUES ('hidden', 'hidden.shared', 'table', 'erin', 1, 1)");
            // a key between two of erin's tables: visible only with both
            h.execute("INSERT INTO tap_schema.keys11 (key_id, from_table, target_table) VALUES ('k_ro_priv', 'ro.t', 'priv.t')");
            h.execute("INSERT INTO tap_schema.key_columns11 (key_id, from_column, target_column) VALUES ('k_ro_priv', 'x', 'x')");
        });
    }

    private static Set<String> tableset(String user) {
        String xml = TestApp.as(user, TestApp.target(APP, "tables")).get(String.class);
        return java.util.regex.Pattern.compile("<table type=\"base_table\"><name>([^<]+)</name>").matcher(xml).results()
                .map(m -> m.group(1)).filter(n -> !n.startsWith("tap_schema.")).collect(Collectors.toSet());
    }

    private static Set<String> tapSchemaTables(String user) {
        List<?> rows = TestApp.as(user, TestApp.target(APP, "tap_schema/tables").queryParam("FORMAT", "json"))
                .get(List.class);
        return rows.stream().map(r -> (String) ((Map<?, ?>) r).get("table_name"))
                .filter(n -> !n.startsWith("tap_schema.")).collect(Collectors.toSet());
    }

    private static Set<String> tapSchemaSchemas(String user) {
        List<?> rows = TestApp.as(user, TestApp.target(APP, "tap_schema/schemas").queryParam("FORMAT", "json"))
                .get(List.class);
        return rows.stream().map(r -> (String) ((Map<?, ?>) r).get("schema_name"))
                .filter(n -> !n.equals("tap_schema")).collect(Collectors.toSet());
    }

    /** Who sees which tables: anonymous, owner, ro member, rw member, another user, admin. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -     | pub.t anon.t hidden.shared
            erin  | pub.t priv.t ro.t rw.t anon.t pub.secret hidden.shared
            bob   | pub.t ro.t anon.t hidden.shared
            alice | pub.t ro.t rw.t anon.t hidden.shared
            carol | pub.t anon.t hidden.shared
            root  | pub.t priv.t ro.t rw.t anon.t pub.secret hidden.shared
            """)
    void eachCallerSeesExactlyTheirTables(String who, String expected) {
        String user = who.equals("-") ? null : who;
        Set<String> want = Set.of(expected.split(" "));
        assertThat(tableset(user)).isEqualTo(want);
        assertThat(tapSchemaTables(user)).isEqualTo(want);
        for (String table : List.of("pub.t", "priv.t", "ro.t", "rw.t", "anon.t", "pub.secret", "hidden.shared")) {
            Response response = TestApp.as(user, TestApp.target(APP, "tables/" + table)).get();
            String body = response.readEntity(String.class);
            if (want.contains(table)) {
                assertThat(response.getStatus()).as(table).isEqualTo(200);
            } else {
                assertThat(response.getStatus()).as(table).isEqualTo(404);
                assertThat(body).isEqualTo("no table or schema '" + table + "'\n");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            -     | pub anon hidden
            erin  | pub priv ro rw anon hidden
            bob   | pub ro anon hidden
            carol | pub anon hidden
            root  | pub priv ro rw anon hidden
            """)
    void schemasAreVisibleByTheirOwnRuleOrThroughAVisibleTable(String who, String expected) {
        String user = who.equals("-") ? null : who;
        assertThat(tapSchemaSchemas(user)).isEqualTo(Set.of(expected.split(" ")));
        for (String schema : List.of("pub", "priv", "ro", "rw", "anon", "hidden")) {
            int status = TestApp.as(user, TestApp.target(APP, "tables/" + schema)).get().getStatus();
            assertThat(status).as(schema).isEqualTo(expected.contains(schema) ? 200 : 404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-,0", "bob,0", "erin,1", "root,1"})
    void keysNeedBothTablesVisible(String who, int expected) {
        String user = who.equals("-") ? null : who;
        List<?> keys = TestApp.as(user, TestApp.target(APP, "tap_schema/keys").queryParam("FORMAT", "json")).get(List.class);
        List<?> keyColumns = TestApp.as(user, TestApp.target(APP, "tap_schema/key_columns").queryParam("FORMAT", "json"))
                .get(List.class);
        long mine = keys.stream().filter(k -> "k_ro_priv".equals(((Map<?, ?>) k).get("key_id"))).count();
        long mineColumns = keyColumns.stream().filter(k -> "k_ro_priv".equals(((Map<?, ?>) k).get("key_id"))).count();
        assertThat(mine).isEqualTo(expected);
        assertThat(mineColumns).isEqualTo(expected);
    }
}
