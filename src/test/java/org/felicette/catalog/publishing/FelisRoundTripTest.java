package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogReader;
import org.felicette.db.Db;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.FelisWriter;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A schema's TAP_SCHEMA rows written as Felis ({@link FelisWriter}) and published back give the
 * same rows: over a document of this project covering every Felis datatype, and over the shared
 * sdm_schemas and felis test files.
 */
class FelisRoundTripTest {

    private static final Caller ADMIN = new Caller("root", java.util.Set.of(), true);

    private static Jdbi jdbi;
    private static SchemaPublisher publisher;
    private static CatalogReader reader;

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        publisher = new SchemaPublisher(Db.of(jdbi));
        reader = new CatalogReader(Db.of(jdbi), System::nanoTime);
    }

    /** Every TAP_SCHEMA row of a schema, in TAP 1.1's columns, as sorted lines. */
    static List<String> rows(String schema) {
        return jdbi.withHandle(h -> {
            List<String> out = new ArrayList<>();
            // every field, a NULL written as '-' (concat_ws would leave it out and shift the rest)
            Map<String, String> queries = Map.of(
                    "schema", fields("schema_name, utype, description, schema_index") + " FROM tap_schema.schemas "
                            + "WHERE schema_name = :s",
                    "table", fields("schema_name, table_name, table_type, utype, description, table_index")
                            + " FROM tap_schema.tables WHERE schema_name = :s",
                    "column", fields("c.table_name, column_name, c.utype, ucd, unit, c.description, datatype, "
                            + "arraysize, xtype, size, principal, indexed, std, column_index") + " FROM tap_schema.columns c "
                            + "JOIN tap_schema.tables t USING (table_name) WHERE t.schema_name = :s",
                    "key", fields("k.key_id, from_table, target_table, k.utype, k.description, kc.from_column, "
                            + "kc.target_column") + " FROM tap_schema.keys k JOIN tap_schema.key_columns kc "
                            + "USING (key_id) JOIN tap_schema.tables t ON t.table_name = k.from_table "
                            + "WHERE t.schema_name = :s");
            queries.forEach((kind, sql) -> h.createQuery(sql).bind("s", schema).mapTo(String.class)
                    .forEach(row -> out.add(kind + " " + row)));
            out.sort(null);
            return out;
        });
    }

    private static String fields(String columns) {
        return "SELECT concat_ws('|', " + java.util.Arrays.stream(columns.split(","))
                .map(c -> "coalesce(" + c.strip() + "::text, '-')").collect(java.util.stream.Collectors.joining(", "))
                + ")";
    }

    /** The schema as this service's Felis writer writes it. */
    static String export(String schema) throws IOException {
        SchemaInfo info = reader.schema(ADMIN, schema).orElseThrow();
        List<TableDetail> tables = reader.tableDetails(ADMIN, info.name()).value();
        FelisWriter.Written written = FelisWriter.write(info, tables);
        assertThat(written.omitted()).as("keys to other schemas").isEmpty();
        return written.yaml();
    }

    /** Publishes the export of a published schema and checks its rows did not change. */
    static void roundTrips(String schema) throws IOException {
        List<String> before = rows(schema);
        assertThat(before).isNotEmpty();
        String yaml = export(schema);
        FelisLoader.Loaded loaded = Fixtures.loadText(schema + ".yaml", yaml, FelisOptions.DEFAULT);
        assertThat(loaded.problems().errors()).as(yaml).isEmpty();
        PublishReport report = publisher.publish(loaded, FelisOptions.DEFAULT, new SchemaPublisher.Request(7, null, "tester"));
        assertThat(report.schema()).isEqualTo(schema);
        assertThat(rows(schema)).isEqualTo(before);
    }

    static final String EVERY_TYPE = """
            name: every_type
            "@id": "#every_type"
            description: Every Felis datatype, and what a column may say
            votable:utype: ivo://example/model
            tables:
            - name: Object
              "@id": "#Object"
              description: Objects
              tap:table_index: 3
              primaryKey: "#Object.id"
              columns:
              - {name: id, "@id": "#Object.id", datatype: long, description: Identifier, ivoa:ucd: meta.id;meta.main,
                 tap:principal: 1, tap:column_index: 1, nullable: false}
              - {name: ra, "@id": "#Object.ra", datatype: double, ivoa:unit: deg, ivoa:ucd: pos.eq.ra, tap:std: 1}
              - {name: mag, "@id": "#Object.mag", datatype: float, ivoa:unit: mag, votable:utype: phot:mag}
              - {name: flag, "@id": "#Object.flag", datatype: boolean}
              - {name: small, "@id": "#Object.small", datatype: short}
              - {name: count, "@id": "#Object.count", datatype: int}
              - {name: code, "@id": "#Object.code", datatype: byte}
              - {name: band, "@id": "#Object.band", datatype: char, length: 1}
              - {name: filter, "@id": "#Object.filter", datatype: char, length: 8}
              - {name: label, "@id": "#Object.label", datatype: string, length: 32}
              - {name: note, "@id": "#Object.note", datatype: text}
              - {name: title, "@id": "#Object.title", datatype: unicode, length: 64}
              - {name: blob, "@id": "#Object.blob", datatype: binary, length: 16}
              - {name: seen, "@id": "#Object.seen", datatype: timestamp, precision: 6}
              - {name: pos, "@id": "#Object.pos", datatype: double, votable:arraysize: "2", votable:xtype: point}
              - {name: fluxes, "@id": "#Object.fluxes", datatype: float, votable:arraysize: "*"}
              - {name: epoch, "@id": "#Object.epoch", datatype: char, length: 24, votable:xtype: timestamp}
              indexes:
              - {name: idx_ra, "@id": "#idx_ra", columns: ["#Object.ra"]}
            - name: Source
              "@id": "#Source"
              columns:
              - {name: id, "@id": "#Source.id", datatype: long}
              - {name: object_id, "@id": "#Source.object_id", datatype: long}
              constraints:
              - {name: fk_source_object, "@id": "#fk_source_object", "@type": ForeignKey, description: The object,
                 columns: ["#Source.object_id"], referencedColumns: ["#Object.id"]}
            """;

    @Test
    void everyDatatypeAndWhatAColumnMaySayComesBackAsItWas() throws IOException {
        FelisLoader.Loaded loaded = Fixtures.loadText("every_type.yaml", EVERY_TYPE, FelisOptions.DEFAULT);
        assertThat(loaded.problems().errors()).isEmpty();
        publisher.publish(loaded, FelisOptions.DEFAULT, new SchemaPublisher.Request(7, null, "tester"));
        List<String> rows = rows("every_type");
        assertThat(rows).contains("column every_type.Object|pos|-|-|-|-|double|2|point|2|0|0|0|-",
                "column every_type.Object|seen|-|-|-|-|char|*|timestamp|-|0|0|0|-",
                "column every_type.Object|ra|-|pos.eq.ra|deg|-|double|-|-|-|0|1|1|-",
                "column every_type.Object|title|-|-|-|-|unicodeChar|64*|-|64|0|0|0|-",
                "key fk_source_object|every_type.Source|every_type.Object|-|The object|object_id|id");
        String yaml = export("every_type");
        assertThat(yaml).contains("datatype: unicode").contains("datatype: binary").contains("datatype: timestamp")
                .contains("votable:xtype: point");
        roundTrips("every_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdm_schemas/schemas/dp02_dc2.yaml", "sdm_schemas/schemas/dp2.yaml",
        "sdm_schemas/schemas/drp_base.yaml", "sdm_schemas/schemas/ivoa_obscore.yaml", "sdm_schemas/schemas/apdb.yaml",
        "sdm_schemas/schemas/ppdb.yaml", "felis-tests/sales.yaml", "felis-tests/test.yml",
        "felis-tests/test_composite_keys.yaml", "felis-tests/test_serialization.yaml",
        "felis-tests/test_tap_schema.yaml"})
    void aSharedSchemaComesBackAsItWas(String fixture) throws IOException {
        FelisOptions options = FelisOptions.DEFAULT.withUniqueKeys(true); // as the service publishes them
        PublishReport report = publisher.publish(Fixtures.load(fixture, options), options,
                new SchemaPublisher.Request(7, null, "tester"));
        roundTrips(report.schema());
    }
}
