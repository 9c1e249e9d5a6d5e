package org.felicette.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.felicette.FelicetteException;
import org.felicette.ingest.FileColumn;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapSchemaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ADQL into PostgreSQL's SQL, checked against a view of two tables (no database). */
class AdqlTranslatorTest {

    static ColumnInfo column(String table, String name, String datatype, String unit, int index) {
        return new ColumnInfo(table, name, null, null, unit, name + " of the star", datatype, null, null, true, false,
                false, index, true, false, index, null);
    }

    static TableDetail table(String schema, String name, ColumnInfo... columns) {
        return new TableDetail(new TableInfo(schema, name, "table", null, "a table", null, Access.PUBLIC, true, null),
                List.of(columns), List.of());
    }

    static final List<TableDetail> VIEW = List.of(
            table("user_alice", "user_alice.stars", column("user_alice.stars", "id", "long", null, 1),
                    column("user_alice.stars", "ra", "double", "deg", 2),
                    column("user_alice.stars", "dec", "double", "deg", 3)),
            table("tap_schema", "tap_schema.tables", column("tap_schema.tables", "schema_name", "char", null, 1),
                    column("tap_schema.tables", "table_name", "char", null, 2)));

    final AdqlTranslator translator = new AdqlTranslator(false);

    @Test
    void aSelectIsTranslatedWithItsColumnsMetadataAndTheRowLimitAsALimit() {
        AdqlTranslator.Translated t = translator.translate("SELECT TOP 5 id, ra FROM user_alice.stars WHERE dec > 0",
                VIEW, 101);
        assertThat(t.sql()).isEqualTo("SELECT id, ra FROM user_alice.stars WHERE dec > 0 LIMIT 5");
        assertThat(t.columns()).extracting(FileColumn::name).containsExactly("id", "ra");
        assertThat(t.columns().get(1).unit()).isEqualTo("deg");
        assertThat(t.columns().get(1).description()).isEqualTo("ra of the star");
        assertThat(t.tapSchemaTables()).isEmpty();
        assertThat(translator.translate("SELECT * FROM user_alice.stars", VIEW, 101).sql())
                .isEqualTo("SELECT user_alice.stars.id, user_alice.stars.ra, user_alice.stars.dec FROM user_alice.stars "
                        + "LIMIT 101");
    }

    @Test
    void tapSchemaTablesBecomeTheCallersViews() {
        AdqlTranslator.Translated t = translator.translate("SELECT table_name FROM tap_schema.tables", VIEW, 10);
        assertThat(t.sql()).contains("FROM " + TapSchemaTable.TABLES.viewName())
                .doesNotContain("tap_schema.tables");
        assertThat(t.tapSchemaTables()).containsExactly(TapSchemaTable.TABLES);
    }

    @Test
    void aTableOutsideTheViewIsTheSameAnswerAsOneThatDoesNotExist() {
        assertThatThrownBy(() -> translator.translate("SELECT id FROM user_bob.secret", VIEW, 10))
                .isInstanceOf(FelicetteException.class).hasMessage("no table 'user_bob.secret': it does not exist, "
                        + "or you may not see it (GET /tables lists those you may query)");
        assertThatThrownBy(() -> translator.translate("SELECT s.id FROM user_alice.stars s WHERE s.id IN "
                + "(SELECT id FROM user_bob.secret)", VIEW, 10)).hasMessageStartingWith("no table 'user_bob.secret'");
        assertThatThrownBy(() -> translator.translate("SELECT nope FROM user_alice.stars", VIEW, 10))
                .hasMessage("no column 'nope' in the tables the query names");
    }

    @Test
    void aSyntaxErrorNamesItsLineAndColumn() {
        assertThatThrownBy(() -> translator.translate("SELECT id\nFROM user_alice.stars WHER dec > 0", VIEW, 10))
                .isInstanceOf(FelicetteException.class)
                .hasMessageStartingWith("ADQL syntax error at line 2, column ")
                .satisfies(e -> assertThat(((FelicetteException) e).details()).containsEntry("line", 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT id FROM user_alice.stars; DELETE FROM user_alice.stars",
        "SELECT pg_sleep(10) FROM user_alice.stars", "SELECT lo_import('/etc/passwd') FROM user_alice.stars",
        "SELECT current_setting('data_directory') FROM user_alice.stars",
        "SELECT pg_read_file('/etc/passwd') FROM user_alice.stars", "DELETE FROM user_alice.stars",
        "SELECT id FROM pg_catalog.pg_authid", "SELECT id FROM information_schema.tables"})
    void whatIsNotAdqlOverTheViewIsRefused(String adql) {
        assertThatThrownBy(() -> translator.translate(adql, VIEW, 10)).isInstanceOf(FelicetteException.class)
                .satisfies(e -> assertThat(((FelicetteException) e).kind()).isEqualTo(FelicetteException.Kind.BAD_INPUT));
    }

    @Test
    void withoutPgSphereAConeIsADeclinationBandAndAnExactDistance() {
        String sql = translator.translate("SELECT id FROM user_alice.stars WHERE "
                + "CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 1)) = 1", VIEW, 10).sql();
        assertThat(sql).contains("(dec) BETWEEN (20) - (1) AND (20) + (1)").contains("degrees(2 * asin(")
                .doesNotContainIgnoringCase("contains(").doesNotContain("spoint");
        assertThat(translator.translate("SELECT id FROM user_alice.stars WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), "
                + "CIRCLE('ICRS', 10, 20, 1))", VIEW, 10).sql()).contains("BETWEEN");
        assertThat(translator.translate("SELECT id FROM user_alice.stars WHERE CONTAINS(POINT('ICRS', ra, dec), "
                + "CIRCLE('ICRS', 10, 20, 1)) = 0", VIEW, 10).sql()).contains("(NOT (");
        assertThat(translator.translate("SELECT id FROM user_alice.stars WHERE DISTANCE(POINT('ICRS', ra, dec), "
                + "POINT('ICRS', 10, 20)) < 0.5", VIEW, 10).sql()).contains("(dec) BETWEEN (20) - (0.5)");
        AdqlTranslator.Translated d = translator.translate("SELECT id, DISTANCE(POINT('ICRS', ra, dec), "
                + "POINT('ICRS', 10, 20)) AS sep FROM user_alice.stars", VIEW, 10);
        assertThat(d.sql()).contains("degrees(2 * asin(");
        assertThat(d.columns().get(1).name()).isEqualTo("sep");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT id FROM user_alice.stars WHERE INTERSECTS(POINT('ICRS', ra, dec), "
        + "CIRCLE('ICRS', 10, 20, 1)) = 1", "SELECT POLYGON('ICRS', 1, 2, 3, 4, 5, 6) AS p FROM user_alice.stars",
        "SELECT POINT('ICRS', ra, dec) AS p FROM user_alice.stars",
        "SELECT AREA(CIRCLE('ICRS', 1, 2, 3)) AS a FROM user_alice.stars"})
    void withoutPgSphereOtherGeometryIsRefusedByName(String adql) {
        assertThatThrownBy(() -> translator.translate(adql, VIEW, 10).sql()).isInstanceOf(FelicetteException.class)
                .hasMessageContaining("needs pg_sphere");
    }

    @Test
    void commentsAreDroppedNotPassedOn() {
        assertThat(translator.translate("SELECT id FROM user_alice.stars -- ; DROP TABLE x\n WHERE ra > 1", VIEW, 10)
                .sql()).doesNotContain("DROP").doesNotContain("--");
    }

    @Test
    void withPgSphereAConeIsPgSpheresContainment() {
        String sql = new AdqlTranslator(true).translate("SELECT id FROM user_alice.stars WHERE "
                + "CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10, 20, 1)) = 1", VIEW, 10).sql();
        // a point in a circle (which a GiST index on the point serves), not the point cast to a circle
        assertThat(sql).contains("WHERE spoint(radians(ra), radians(dec)) <@ scircle(spoint(radians(10), radians(20)), "
                + "radians(1))").doesNotContain("cast(");
    }

    @Test
    void withPgSphereDistanceIsPgSpheresDistanceInDegrees() {
        String sql = new AdqlTranslator(true).translate("SELECT id, DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 10, 20)) "
                + "AS sep FROM user_alice.stars WHERE DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 10, 20)) < 1", VIEW,
                10).sql();
        // pg_sphere's distance (radians) in degrees, in the select list and the condition alike
        assertThat(sql).isEqualTo("SELECT id, degrees(spoint(radians(ra), radians(dec)) <-> spoint(radians(10), "
                + "radians(20))) AS sep FROM user_alice.stars WHERE degrees(spoint(radians(ra), radians(dec)) <-> "
                + "spoint(radians(10), radians(20))) < 1 LIMIT 10");
    }
}
