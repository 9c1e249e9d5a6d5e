package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.felicette.db.SchemaWriter;
import org.felicette.db.TapSchemaDao;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapRows;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The diff of a publish compares a new column's fingerprint, computed in Java, with the stored
 * column's, computed in SQL: the two must agree for every value, null or not, or every publish
 * would report every column changed.
 */
class SchemaDiffTest {

    @Test
    void javaAndSqlFingerprintsAgreeForEveryShapeOfColumn() {
        Jdbi jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        String t = "fp.T";
        java.util.List<ColumnInfo> columns = java.util.List.of(
                new ColumnInfo(t, "all_null", null, null, null, null, "int", null, null, false, false, false, null,
                        null, false, 1, null),
                new ColumnInfo(t, "all_set", "u:x", "pos.eq.ra", "deg", "Right ascension | with a bar", "double",
                        "2", "point", true, true, true, 7, true, true, 2, "c1"),
                new ColumnInfo(t, "sized", null, null, null, "é ü unicode", "char", "12*", null, true, false, false,
                        3, false, false, 3, null));
        TapRows rows = new TapRows(new SchemaInfo("fp", null, null, null, Access.PUBLIC, false),
                java.util.List.of(new TableInfo("fp", t, "table", null, null, 0, Access.PUBLIC, false, null)), columns,
                java.util.List.of());
        jdbi.useTransaction(h -> new SchemaWriter(h.getConnection()).replace(rows, new SchemaWriter.NewVersion("fp",
                null, "x", "sha", "[]", "{}", null, null, 1, 3, 0, "test"), "doc", "{}"));
        Map<String, String> stored = jdbi.withExtension(TapSchemaDao.class, dao -> dao.fingerprints("fp")).stream()
                .filter(f -> f.fingerprint() != null)
                .collect(Collectors.toMap(TapSchemaDao.Fingerprint::name, TapSchemaDao.Fingerprint::fingerprint));
        assertThat(stored).hasSize(3);
        for (ColumnInfo c : columns) {
            assertThat(SchemaDiff.fingerprint(c)).as(c.name()).isEqualTo(stored.get(t + "." + c.name()));
        }
        ColumnInfo moved = columns.get(1).withOrdinal(9);
        assertThat(SchemaDiff.sameDescription(columns.get(1), moved)).isTrue();
        assertThat(SchemaDiff.fingerprint(moved)).isEqualTo(SchemaDiff.fingerprint(columns.get(1)));
    }
}
