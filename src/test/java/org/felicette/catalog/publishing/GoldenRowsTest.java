package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.felicette.db.Db;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TAP_SCHEMA rows of the project's own Felis schemas ({@code src/test/resources/felis/golden})
 * stated in full, every column felis's {@code load-tap-schema} writes: schemas, tables, columns,
 * keys and key_columns. Each rule of the mapping shows in them: resources and columnRefs (plain,
 * with {@code ref_name}, with {@code overrides}), the column-index increment, generated ids, every
 * datatype's arraysize and xtype, units, indexed flags, keys, and no schema_index unless given.
 *
 * <p>After a deliberate change of the mapping, rewrite the files with
 * {@code ./mvnw test -Dtest=GoldenRowsTest -Dfelicette.golden.write=true} and review the diff.
 */
class GoldenRowsTest {

    private static final Path DIR = golden();
    private static Jdbi jdbi;
    private static SchemaPublisher publisher;

    private static final Map<String, String> VIEWS = Map.of(
            "schemas", "SELECT schema_name, utype, description, schema_index FROM tap_schema.schemas "
                    + "WHERE schema_name = :s ORDER BY schema_name",
            "tables", "SELECT schema_name, table_name, table_type, utype, description, table_index FROM tap_schema.tables "
                    + "WHERE schema_name = :s ORDER BY table_name",
            "columns", "SELECT c.table_name, column_name, c.utype, ucd, unit, c.description, datatype, arraysize, xtype, "
                    + "\"size\", principal, indexed, std, column_index FROM tap_schema.columns c "
                    + "JOIN tap_schema.tables t USING (table_name) WHERE t.schema_name = :s ORDER BY c.table_name, column_name",
            "keys", "SELECT key_id, from_table, target_table, k.utype, k.description FROM tap_schema.keys k "
                    + "JOIN tap_schema.tables t ON t.table_name = k.from_table WHERE t.schema_name = :s ORDER BY key_id",
            "key_columns", "SELECT kc.key_id, from_column, target_column FROM tap_schema.key_columns kc "
                    + "JOIN tap_schema.keys k USING (key_id) JOIN tap_schema.tables t ON t.table_name = k.from_table "
                    + "WHERE t.schema_name = :s ORDER BY kc.key_id, from_column");

    private static Path golden() {
        try {
            return Path.of(GoldenRowsTest.class.getResource("/felis/golden/golden_base.yaml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        publisher = new SchemaPublisher(Db.of(jdbi));
    }

    /** Publishes a golden schema as {@code felicette publish FILE} does (no --index). */
    private static void publish(String file, FelisOptions options) {
        FelisLoader.Loaded loaded = Fixtures.loadFile(DIR.resolve(file), options);
        assertThat(loaded.problems().errors()).isEmpty();
        assertThat(loaded.problems().warnings()).isEmpty();
        publisher.publish(loaded, options, new SchemaPublisher.Request(null, null, "golden"));
    }

    /** The schema's rows, view by view: a header line of column names, then one line a row. */
    private static String rows(String schema) {
        StringBuilder out = new StringBuilder();
        for (String view : List.of("schemas", "tables", "columns", "keys", "key_columns")) {
            out.append("# ").append(view).append('\n');
            List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery(VIEWS.get(view)).bind("s", schema)
                    .mapToMap().list());
            if (!rows.isEmpty()) {
                out.append(String.join("\t", rows.get(0).keySet())).append('\n');
            }
            for (Map<String, Object> row : rows) {
                out.append(String.join("\t", row.values().stream().map(v -> v == null ? "NULL" : v.toString())
                        .toList())).append('\n');
            }
        }
        return out.toString();
    }

    private static void assertGolden(String schema, String goldenFile) throws IOException {
        String actual = rows(schema);
        Path expectedFile = Path.of("src/test/resources/felis/golden").resolve(goldenFile);
        if (Boolean.getBoolean("felicette.golden.write")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    }

    @Test
    void baseSchemaRows() throws IOException {
        publish("golden_base.yaml", FelisOptions.DEFAULT);
        assertGolden("golden_base", "golden_base.rows");
    }

    @Test
    void derivedSchemaRows() throws IOException {
        publish("golden_derived.yaml", FelisOptions.DEFAULT);
        assertGolden("golden_derived", "golden_derived.rows");
    }

    @Test
    void derivedSchemaRowsWithAColumnIndexIncrement() throws IOException {
        publish("golden_derived.yaml", FelisOptions.DEFAULT.withColumnRefIndexIncrement(10));
        assertGolden("golden_derived", "golden_derived_increment10.rows");
        publish("golden_derived.yaml", FelisOptions.DEFAULT);
    }
}
