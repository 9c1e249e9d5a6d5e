package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.TapRows;
import org.felicette.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Felis elements into TAP_SCHEMA rows, without a database. */
class TapSchemaMapperTest {

    private static final String SCHEMA = """
            name: m
            description: A schema.
            tables:
            - name: T
              tap:table_index: 3
              primaryKey: "#T.id"
              columns:
              - {name: id, "@id": "#T.id", datatype: long, nullable: false, tap:principal: 1, tap:column_index: 1}
              - {name: name, "@id": "#T.name", datatype: string, length: 10, description: A name.}
              - {name: code, "@id": "#T.code", datatype: char, length: 3}
              - {name: when, "@id": "#T.when", datatype: timestamp, ivoa:unit: s}
              - {name: other, "@id": "#T.other", datatype: long}
              indexes:
              - {name: idx_other, "@id": "#idx_other", columns: ["#T.other"]}
              constraints:
              - {name: fk_self, "@id": "#fk_self", "@type": ForeignKey, columns: ["#T.other"], referencedColumns: ["#T.id"]}
            """;

    private static TapRows rows() {
        FelisLoader.Loaded loaded = Fixtures.loadText("m.yaml", SCHEMA, FelisOptions.DEFAULT);
        assertThat(loaded.problems().all()).isEmpty();
        return TapSchemaMapper.map(loaded.schema(), FelisOptions.DEFAULT);
    }

    private static ColumnInfo column(TapRows rows, String name) {
        return rows.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void tablesAreQualifiedAndKeepTheirIndex() {
        TapRows rows = rows();
        assertThat(rows.schema().name()).isEqualTo("m");
        assertThat(rows.tables()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("m.T");
            assertThat(t.index()).isEqualTo(3);
            assertThat(t.type()).isEqualTo("table");
        });
    }

    @Test
    void datatypesBecomeVoTableTypesWithTheirArraysizes() {
        TapRows rows = rows();
        assertThat(List.of(column(rows, "id").datatype(), column(rows, "name").datatype(), column(rows, "code").datatype(),
                column(rows, "when").datatype())).containsExactly("long", "char", "char", "char");
        assertThat(column(rows, "name").arraysize()).isEqualTo("10*");
        assertThat(column(rows, "name").size()).isEqualTo(10);
        assertThat(column(rows, "code").arraysize()).isEqualTo("3");
        assertThat(column(rows, "when").arraysize()).isEqualTo("*");
        assertThat(column(rows, "when").xtype()).isEqualTo("timestamp");
        assertThat(column(rows, "when").unit()).isEqualTo("s");
    }

    @Test
    void flagsFollowFelis() {
        TapRows rows = rows();
        assertThat(column(rows, "id").principal()).isTrue();
        assertThat(column(rows, "id").indexed()).isTrue(); // the primary key, given as a string
        assertThat(column(rows, "other").indexed()).isTrue(); // the sole column of an index
        assertThat(column(rows, "name").indexed()).isFalse();
        assertThat(column(rows, "id").primaryKey()).isTrue();
        assertThat(column(rows, "id").nullable()).isFalse();
        assertThat(rows.columns()).extracting(ColumnInfo::ordinal).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void foreignKeysBecomeKeysWithTheirColumnPairs() {
        TapRows rows = rows();
        assertThat(rows.keys()).singleElement().satisfies(k -> {
            assertThat(k.keyId()).isEqualTo("fk_self");
            assertThat(k.fromTable()).isEqualTo("m.T");
            assertThat(k.targetTable()).isEqualTo("m.T");
            assertThat(k.columns()).singleElement().satisfies(kc -> {
                assertThat(kc.fromColumn()).isEqualTo("other");
                assertThat(kc.targetColumn()).isEqualTo("id");
            });
        });
    }
}
