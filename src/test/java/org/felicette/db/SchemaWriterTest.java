package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapRows;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publish path's writer, against PostgreSQL: rows in, rows replaced, keys guarded, rows out. */
class SchemaWriterTest {

    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
    }

    static TapRows rows(String schema, String keyId, String... tables) {
        List<TableInfo> t = new java.util.ArrayList<>();
        List<ColumnInfo> c = new java.util.ArrayList<>();
        for (String table : tables) {
            String q = schema + "." + table;
            t.add(new TableInfo(schema, q, "table", null, "Table " + table, 1, Access.PUBLIC, false, null));
            c.add(new ColumnInfo(q, "id", null, "meta.id", null, "The id.", "long", null, null, true, true, false, 1,
                    false, true, 1, null));
            c.add(new ColumnInfo(q, "name", "u:n", null, null, null, "char", "16*", null, false, false, true, null,
                    null, false, 2, null));
        }
        List<KeyInfo> keys = keyId == null ? List.of() : List.of(new KeyInfo(keyId, schema + "." + tables[0],
                schema + "." + tables[0], null, "self", List.of(new KeyColumn("id", "id"))));
        return new TapRows(new SchemaInfo(schema, null, "Schema " + schema, 2, Access.PUBLIC, false), t, c, keys);
    }

    /** A checksum as a publish makes it: 64 hexadecimal digits (the column is char(64)). */
    static String sha(String seed) {
        return String.format("%64s", Integer.toHexString(seed.hashCode())).replace(' ', '0');
    }

    static SchemaWriter.NewVersion version(String name, String checksum) {
        return new SchemaWriter.NewVersion(name, "1.0", sha(checksum), "sha-" + checksum, "[]", "{}", 2, null, 1, 2, 0,
                "test");
    }

    private static List<String> strings(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private static Map<String, Object> row(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapToMap().one());
    }

    private static int integer(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }

    private static long write(Handle h, TapRows rows, String checksum) {
        return new SchemaWriter(h.getConnection()).replace(rows, version(rows.schema().name(), checksum),
                "doc " + checksum, "{}");
    }

    @Test
    void rowsGoInAsTap11RowsWithFlagsAsIntegersAndUnknownsAsNull() {
        jdbi.useTransaction(h -> write(h, rows("sw_a", "sw_a_fk", "T1"), "c1"));
        Map<String, Object> id = row("SELECT principal, indexed, std, \"nullable\", "
                + "primary_key, \"size\", ordinal FROM tap_schema.columns11 WHERE table_name = 'sw_a.T1' AND "
                + "column_name = 'id'");
        assertThat(id).containsEntry("principal", 1).containsEntry("indexed", 1).containsEntry("std", 0)
                .containsEntry("nullable", 0).containsEntry("primary_key", 1).containsEntry("ordinal", 1);
        assertThat(id.get("size")).isNull();
        Map<String, Object> name = row("SELECT std, \"nullable\", \"size\" FROM "
                + "tap_schema.columns11 WHERE table_name = 'sw_a.T1' AND column_name = 'name'");
        assertThat(name).containsEntry("std", 1).containsEntry("size", 16);
        assertThat(name.get("nullable")).isNull();
        assertThat(strings("SELECT from_column || '>' || target_column FROM "
                + "tap_schema.key_columns11 WHERE key_id = 'sw_a_fk'")).containsExactly("id>id");
        assertThat(integer("SELECT schema_index FROM tap_schema.schemas11 WHERE schema_name = "
                + "'sw_a'")).isEqualTo(2);
    }

    @Test
    void aReplacementLeavesOnlyTheNewRowsAndTheStateNamesItsVersion() {
        jdbi.useTransaction(h -> write(h, rows("sw_b", "sw_b_fk", "T1", "T2"), "b1"));
        jdbi.useTransaction(h -> write(h, rows("sw_b", null, "T3"), "b2"));
        assertThat(strings("SELECT table_name FROM tap_schema.tables11 WHERE schema_name = "
                + "'sw_b'")).containsExactly("sw_b.T3");
        assertThat(integer("SELECT count(*) FROM tap_schema.keys11 WHERE key_id = "
                + "'sw_b_fk'")).isZero();
        SchemaWriter.State state = jdbi.inTransaction(h -> new SchemaWriter(h.getConnection())
                .lockAndState("sw_b", List.of(), "sha-b2"));
        assertThat(state.currentChecksum()).isEqualTo(sha("b2"));
        assertThat(state.documentStored()).isTrue();
        assertThat(state.apiCreated()).isZero();
    }

    @Test
    void anotherSchemasKeyIdIsNamedInTheStateAndRefusedAtTheInsert() {
        jdbi.useTransaction(h -> write(h, rows("sw_c", "shared_fk", "T1"), "c1"));
        SchemaWriter.State state = jdbi.inTransaction(h -> new SchemaWriter(h.getConnection())
                .lockAndState("sw_d", List.of("shared_fk", "free_fk"), "sha-d1"));
        assertThat(state.takenKeys()).containsExactly("shared_fk (schema sw_c)");
        assertThat(state.currentChecksum()).isNull();
        assertThatThrownBy(() -> jdbi.useTransaction(h -> write(h, rows("sw_d", "shared_fk", "T1"), "d1")))
                .isInstanceOf(SchemaWriter.KeyIdTaken.class)
                .satisfies(e -> assertThat(((SchemaWriter.KeyIdTaken) e).keyId()).isEqualTo("shared_fk"));
        assertThat(integer("SELECT count(*) FROM tap_schema.schemas11 WHERE schema_name = "
                + "'sw_d'")).isZero();
    }

    @Test
    void deleteRemovesTheSchemaFromAllFiveTables() {
        jdbi.useTransaction(h -> write(h, rows("sw_e", "sw_e_fk", "T1", "T2"), "e1"));
        jdbi.useTransaction(h -> new SchemaWriter(h.getConnection()).delete("sw_e"));
        int left = integer("""
                SELECT (SELECT count(*) FROM tap_schema.schemas11 WHERE schema_name = 'sw_e')
                     + (SELECT count(*) FROM tap_schema.tables11 WHERE schema_name = 'sw_e')
                     + (SELECT count(*) FROM tap_schema.columns11 WHERE table_name LIKE 'sw\\_e.%')
                     + (SELECT count(*) FROM tap_schema.keys11 WHERE key_id = 'sw_e_fk')
                     + (SELECT count(*) FROM tap_schema.key_columns11 WHERE key_id = 'sw_e_fk')
                """);
        assertThat(left).isZero();
    }

    @Test
    void theKeyIdOfAUniqueViolationIsReadFromItsDetail() {
        assertThat(SchemaWriter.takenKey("Key (key_id)=(fk_x) already exists.")).isEqualTo("fk_x");
        assertThat(SchemaWriter.takenKey(null)).isEqualTo("some of its key ids");
    }
}
