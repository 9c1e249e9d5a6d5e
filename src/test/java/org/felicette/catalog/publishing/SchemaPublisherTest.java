package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.Db;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class SchemaPublisherTest {

    private static final Caller ADMIN = new Caller("root", java.util.Set.of(), true);

    private static Jdbi jdbi;
    private static SchemaPublisher publisher;

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        publisher = new SchemaPublisher(Db.of(jdbi));
    }

    private static PublishReport publish(String fixture, FelisOptions options) {
        FelisLoader.Loaded loaded = Fixtures.load(fixture, options);
        return publisher.publish(loaded, options, new SchemaPublisher.Request(7, null, "tester"));
    }

    /** A document written by the test, published with default options by {@code "tester"}. */
    private static PublishReport publishText(SchemaPublisher by, String file, String text, int index) {
        return by.publish(Fixtures.loadText(file, text, FelisOptions.DEFAULT), FelisOptions.DEFAULT,
                new SchemaPublisher.Request(index, null, "tester"));
    }

    private static int count(String sql, String schema) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("s", schema).mapTo(Integer.class).one());
    }

    /** Counts computed from the YAML itself, independently of the loader. */
    @SuppressWarnings("unchecked")
    private static int[] yamlCounts(String fixture) throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Fixtures.path(fixture)));
        List<Map<String, Object>> tables = (List<Map<String, Object>>) doc.get("tables");
        int columns = 0;
        int keys = 0;
        for (Map<String, Object> table : tables) {
            columns += ((List<?>) table.getOrDefault("columns", List.of())).size();
            Map<String, Map<String, Map<String, Object>>> refs =
                    (Map<String, Map<String, Map<String, Object>>>) table.getOrDefault("columnRefs", Map.of());
            for (Map<String, Map<String, Object>> byTable : refs.values()) {
                for (Map<String, Object> byColumn : byTable.values()) {
                    columns += byColumn.size();
                }
            }
            for (Map<String, Object> c : (List<Map<String, Object>>) table.getOrDefault("constraints", List.of())) {
                if ("ForeignKey".equals(c.get("@type"))) {
                    keys++;
                }
            }
        }
        return new int[] {tables.size(), columns, keys};
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdm_schemas/schemas/dp02_dc2.yaml", "sdm_schemas/schemas/dp2.yaml",
        "sdm_schemas/schemas/drp_base.yaml", "sdm_schemas/schemas/ivoa_obscore.yaml", "sdm_schemas/schemas/apdb.yaml",
        "sdm_schemas/schemas/ppdb.yaml", "felis-tests/sales.yaml", "felis-tests/test.yml",
        "felis-tests/test_composite_keys.yaml", "felis-tests/test_diff1.yaml", "felis-tests/test_id_generation.yaml",
        "felis-tests/test_serialization.yaml", "felis-tests/test_tap_schema.yaml",
        "felis-tests/test_tap_schema_nonstandard.yaml"})
    void fixturePublishesWithTheCountsOfItsYaml(String fixture) throws IOException {
        PublishReport report = publish(fixture, FelisOptions.DEFAULT.withUniqueKeys(true));
        int[] expected = yamlCounts(fixture);
        String schema = report.schema();
        assertThat(count("SELECT count(*) FROM tap_schema.tables WHERE schema_name = :s", schema)).isEqualTo(expected[0]);
        assertThat(count("SELECT count(*) FROM tap_schema.columns c JOIN tap_schema.tables t USING (table_name) "
                + "WHERE t.schema_name = :s", schema)).isEqualTo(expected[1]);
        assertThat(count("SELECT count(*) FROM tap_schema.keys k JOIN tap_schema.tables t ON t.table_name = k.from_table "
                + "WHERE t.schema_name = :s", schema)).isEqualTo(expected[2]);
        assertThat(report.tables()).isEqualTo(expected[0]);
        assertThat(report.columns()).isEqualTo(expected[1]);
        assertThat(report.keys()).isEqualTo(expected[2]);
        assertThat(count("SELECT schema_index FROM tap_schema.schemas WHERE schema_name = :s", schema)).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ForcedSource", "Visit", "TruthSummary", "ObsCore"})
    void dp02PrincipalColumnsFollowTapColumnIndex(String table) throws IOException {
        publish("sdm_schemas/schemas/dp02_dc2.yaml", FelisOptions.DEFAULT);
        List<String> fromDb = jdbi.withHandle(h -> h.createQuery("""
                SELECT column_name FROM tap_schema.columns
                WHERE table_name = :t AND principal = 1
                ORDER BY column_index NULLS LAST, column_name""").bind("t", "dp02_dc2_catalogs." + table)
                .mapTo(String.class).list());
        List<String> fromYaml = principalColumnsInIndexOrder("sdm_schemas/schemas/dp02_dc2.yaml", table);
        assertThat(fromDb).isNotEmpty().isEqualTo(fromYaml);
    }

    @Test
    void dp02ObjectIdIsTheIndexedPrimaryKey() {
        publish("sdm_schemas/schemas/dp02_dc2.yaml", FelisOptions.DEFAULT);
        Map<String, Object> objectId = jdbi.withHandle(h -> h.createQuery("""
                SELECT datatype, indexed, principal, ucd FROM tap_schema.columns
                WHERE table_name = 'dp02_dc2_catalogs.Object' AND column_name = 'objectId'""").mapToMap().one());
        assertThat(objectId).containsEntry("datatype", "long").containsEntry("indexed", 1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> principalColumnsInIndexOrder(String fixture, String tableName) throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Fixtures.path(fixture)));
        record Col(String name, Integer index) {
        }
        List<Col> principal = new ArrayList<>();
        for (Map<String, Object> table : (List<Map<String, Object>>) doc.get("tables")) {
            if (table.get("name").equals(tableName)) {
                for (Map<String, Object> c : (List<Map<String, Object>>) table.get("columns")) {
                    if (Integer.valueOf(1).equals(c.get("tap:principal"))) {
                        principal.add(new Col((String) c.get("name"), (Integer) c.get("tap:column_index")));
                    }
                }
            }
        }
        principal.sort(java.util.Comparator.comparing(Col::index, java.util.Comparator.nullsLast(Integer::compare))
                .thenComparing(Col::name));
        return principal.stream().map(Col::name).toList();
    }

    @Test
    void dp2TakesReferencedColumnsFromDrpBase() {
        publish("sdm_schemas/schemas/dp2.yaml", FelisOptions.DEFAULT.withUniqueKeys(true));
        Map<String, Object> coordRa = jdbi.withHandle(h -> h.createQuery("""
                SELECT datatype, unit, ucd, principal, description FROM tap_schema.columns
                WHERE table_name = 'dp2.Object' AND column_name = 'coord_ra'""").mapToMap().one());
        assertThat(coordRa).containsEntry("datatype", "double").containsEntry("unit", "deg")
                .containsEntry("ucd", "pos.eq.ra;meta.main").containsEntry("principal", 1);
        // the first columns of dp2.Object are those its columnRefs list first
        List<String> first = jdbi.withHandle(h -> h.createQuery(
                "SELECT column_name FROM tap_schema.columns WHERE table_name = 'dp2.Object'").mapTo(String.class).list());
        assertThat(first).contains("objectId", "tract", "patch", "coord_ra", "coord_dec");
        int indexed = count("SELECT indexed FROM tap_schema.columns WHERE table_name = 'dp2.Object' "
                + "AND column_name = :s", "objectId");
        assertThat(indexed).isEqualTo(1);
    }

    @Test
    void columnRefIndexIncrementNumbersReferencedColumnsWithoutAnIndex() {
        PublishReport report = publish("sdm_schemas/schemas/dp2.yaml",
                FelisOptions.DEFAULT.withUniqueKeys(true).withColumnRefIndexIncrement(10));
        List<Integer> indexes = jdbi.withHandle(h -> h.createQuery("""
                SELECT column_index FROM tap_schema.columns WHERE table_name = 'dp2.Visit'
                ORDER BY column_index""").mapTo(Integer.class).list());
        assertThat(report.status()).isEqualTo("updated");
        assertThat(indexes).doesNotContainNull();
        // expMidptMJD, expMidpt and obsStartMJD keep the indexes drp_base gives them; the rest are numbered
        assertThat(indexes).startsWith(5, 6, 7, 10, 20, 30).hasSize(15);
    }

    @Test
    void compositeForeignKeyHasOneKeyColumnPerPair() {
        publish("felis-tests/test_composite_keys.yaml", FelisOptions.DEFAULT);
        List<String> pairs = jdbi.withHandle(h -> h.createQuery("""
                SELECT k.from_table || ':' || c.from_column || '->' || k.target_table || ':' || c.target_column
                FROM tap_schema.keys k JOIN tap_schema.key_columns c USING (key_id) WHERE k.key_id = 'fk_composite'
                ORDER BY c.from_column""").mapTo(String.class).list());
        assertThat(pairs).containsExactly("test_composite_keys.table1:id1->test_composite_keys.table2:id1",
                "test_composite_keys.table1:id2->test_composite_keys.table2:id2");
    }

    @Test
    void republishingTheSameDocumentChangesNothing() {
        PublishReport first = publish("felis-tests/sales.yaml", FelisOptions.DEFAULT);
        int versionsBefore = count("SELECT count(*) FROM felicette.felis_schema_versions WHERE name = :s", "sales");
        PublishReport again = publish("felis-tests/sales.yaml", FelisOptions.DEFAULT);
        assertThat(first.status()).isIn("created", "updated");
        assertThat(again.status()).isEqualTo("unchanged");
        assertThat(again.checksum()).isEqualTo(first.checksum());
        int versions = count("SELECT count(*) FROM felicette.felis_schema_versions WHERE name = :s", "sales");
        assertThat(versions).isEqualTo(versionsBefore);
    }

    @Test
    void newVersionReportsItsDifferences() {
        publish("felis-tests/test_diff1.yaml", FelisOptions.DEFAULT);
        PublishReport second = publish("felis-tests/test_diff2.yaml", FelisOptions.DEFAULT);
        assertThat(second.status()).isEqualTo("updated");
        assertThat(second.version()).isEqualTo("4.5.6");
        PublishReport.Diff diff = second.diff();
        assertThat(diff.columnsAdded().size() + diff.columnsRemoved().size() + diff.columnsChanged().size()
                + diff.tablesAdded().size() + diff.tablesRemoved().size()).isPositive();
        List<FelicetteVersionView> history = jdbi.withHandle(h -> h.createQuery(
                "SELECT name, felis_version FROM felicette.felis_schema_versions WHERE name = 'test_diff' ORDER BY id")
                .map((rs, ctx) -> new FelicetteVersionView(rs.getString(1), rs.getString(2))).list());
        assertThat(history).extracting(FelicetteVersionView::version).endsWith("1.2.3", "4.5.6");
    }

    @Test
    void diffNamesExactlyWhatChanged() {
        String v1 = "name: d\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int, description: First}\n"
                + "  - {name: b, datatype: int}\n  - {name: c, datatype: int}\n- name: gone\n  columns: []\n";
        String v2 = "name: d\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int, description: Changed}\n"
                + "  - {name: b, datatype: int}\n  - {name: e, datatype: double}\n- name: new\n  columns: []\n";
        publishText(publisher, "d.yaml", v1, 1);
        PublishReport report = publishText(publisher, "d.yaml", v2, 1);
        assertThat(report.diff()).isEqualTo(new PublishReport.Diff(List.of("d.new"), List.of("d.gone"),
                List.of("d.t.e"), List.of("d.t.c"), List.of("d.t.a")));
    }

    @Test
    void anotherInstanceReadsTheSameDiffFromTapSchema() {
        String v1 = "name: d2\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int, description: First}\n"
                + "  - {name: b, datatype: char, length: 8}\n  - {name: c, datatype: int}\n- name: gone\n  columns: []\n";
        String v2 = "name: d2\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int, description: First}\n"
                + "  - {name: b, datatype: char, length: 9}\n  - {name: e, datatype: double}\n- name: new\n  columns: []\n";
        publishText(publisher, "d2.yaml", v1, 1);
        // A second instance has not written d2 itself: it compares with fingerprints read back.
        SchemaPublisher other = new SchemaPublisher(Db.of(jdbi));
        PublishReport fromDatabase = publishText(other, "d2.yaml", v2, 1);
        PublishReport.Diff expected = new PublishReport.Diff(List.of("d2.new"), List.of("d2.gone"), List.of("d2.t.e"),
                List.of("d2.t.c"), List.of("d2.t.b"));
        assertThat(fromDatabase.diff()).isEqualTo(expected);
        // And this instance, whose memory of d2 is now stale, reads back as well: same answer for v1.
        PublishReport back = publishText(publisher, "d2.yaml", v1, 1);
        assertThat(back.diff()).isEqualTo(new PublishReport.Diff(List.of("d2.gone"), List.of("d2.new"),
                List.of("d2.t.c"), List.of("d2.t.e"), List.of("d2.t.b")));
        // From memory (this instance wrote v1 last): the same diff as the other instance read.
        PublishReport fromMemory = publishText(publisher, "d2.yaml", v2, 1);
        assertThat(fromMemory.diff()).isEqualTo(expected);
    }

    @Test
    void diffOfTheSameShapeAndOfReorderedColumns() {
        String v1 = "name: d3\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int}\n"
                + "  - {name: b, datatype: int, description: Old}\n  - {name: c, datatype: int}\n";
        String v2 = v1.replace("Old", "New");
        String v3 = "name: d3\ntables:\n- name: t\n  columns:\n  - {name: c, datatype: int}\n"
                + "  - {name: a, datatype: int}\n  - {name: b, datatype: int, description: New, ivoa:ucd: meta.id}\n";
        for (String v : List.of(v1, v2, v3)) {
            PublishReport report = publishText(publisher, "d3.yaml", v, 1);
            PublishReport.Diff expected = v == v1 ? report.diff()
                    : new PublishReport.Diff(List.of(), List.of(), List.of(), List.of(), List.of("d3.t.b"));
            assertThat(report.diff()).isEqualTo(expected);
        }
    }

    @Test
    void aDocumentIsStoredOnceAndServedForEveryVersionThatUsesIt() {
        String doc = "name: stored_once\ntables:\n- name: t\n  columns:\n  - {name: a, datatype: int}\n";
        for (int index : new int[] {1, 2, 3}) {
            publishText(publisher, "stored_once.yaml", doc, index);
        }
        assertThat(count("SELECT count(*) FROM felicette.felis_schema_versions WHERE name = :s", "stored_once"))
                .isEqualTo(3);
        assertThat(count("SELECT count(DISTINCT document_sha256) FROM felicette.felis_schema_versions WHERE name = :s",
                "stored_once")).isEqualTo(1);
        assertThat(publisher.document(ADMIN, "stored_once")).contains(doc);
    }

    @Test
    void aKeyIdTakenAfterTheCheckIsAConflictAndNothingIsWritten() {
        // Another publisher commits a key with the same id between this publish's check and its
        // insert; simulated by a trigger that writes it when this publish writes its schema row.
        String keyed = "name: late_keys\ntables:\n- name: a\n  primaryKey: '#a.id'\n  columns:\n"
                + "  - {name: id, datatype: long}\n- name: b\n  columns:\n  - {name: a_id, datatype: long}\n"
                + "  constraints:\n  - {name: fk_late, '@type': ForeignKey, columns: ['#b.a_id'], "
                + "referencedColumns: ['#a.id']}\n";
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO tap_schema.schemas11 (schema_name, read_anon, api_created) VALUES ('rival', 1, 0);
                INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, read_anon, api_created)
                    VALUES ('rival', 'rival.t', 'table', 1, 0);
                CREATE FUNCTION felicette.test_take_key() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.schema_name = 'late_keys' THEN
                        INSERT INTO tap_schema.keys11 (key_id, from_table, target_table)
                        VALUES ('fk_late', 'rival.t', 'rival.t');
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER test_take_key AFTER INSERT ON tap_schema.schemas11
                    FOR EACH ROW EXECUTE FUNCTION felicette.test_take_key();
                """));
        try {
            assertThatThrownBy(() -> publishText(publisher, "late_keys.yaml", keyed, 1))
                    .isInstanceOf(FelicetteException.class)
                    .satisfies(e -> assertThat(((FelicetteException) e).code()).isEqualTo("key_id_taken"))
                    .hasMessageContaining("fk_late already exist");
            assertThat(count("SELECT count(*) FROM tap_schema.schemas WHERE schema_name = :s", "late_keys")).isZero();
            assertThat(count("SELECT count(*) FROM felicette.felis_schema_versions WHERE name = :s", "late_keys"))
                    .isZero();
        } finally {
            jdbi.useHandle(h -> h.execute("""
                    DROP TRIGGER test_take_key ON tap_schema.schemas11;
                    DROP FUNCTION felicette.test_take_key();
                    DELETE FROM tap_schema.tables11 WHERE schema_name = 'rival';
                    DELETE FROM tap_schema.schemas11 WHERE schema_name = 'rival';
                    """));
        }
    }

    record FelicetteVersionView(String name, String version) {
    }

    @Test
    void sharedKeyIdsNeedUniqueKeys() {
        publish("sdm_schemas/schemas/apdb.yaml", FelisOptions.DEFAULT);
        assertThatThrownBy(() -> publish("sdm_schemas/schemas/dp2.yaml", FelisOptions.DEFAULT))
                .isInstanceOf(FelicetteException.class)
                .hasMessageContaining("fk_SSSource_DiaSource (schema ApdbSchema)")
                .hasMessageContaining("unique keys");
        int dp2Tables = count("SELECT count(*) FROM tap_schema.tables WHERE schema_name = :s", "dp2_nothing");
        assertThat(dp2Tables).isZero();
    }

    @Test
    void retireRemovesTheRowsAndKeepsTheHistory() {
        publish("felis-tests/test_tap_schema.yaml", FelisOptions.DEFAULT);
        publisher.retire("test_schema", "tester");
        assertThat(count("SELECT count(*) FROM tap_schema.tables WHERE schema_name = :s", "test_schema")).isZero();
        assertThat(count("SELECT count(*) FROM felicette.felis_schema_versions WHERE name = :s", "test_schema"))
                .isPositive();
        assertThat(publisher.current(ADMIN, "test_schema")).isEmpty();
        assertThatThrownBy(() -> publisher.retire("test_schema", "tester")).hasMessageContaining("no published");
    }

    @Test
    void overLongVersionIs400BeforeAnythingIsWritten() {
        String felis = "name: long_version\nversion: \"" + "1.".repeat(50) + "\"\ntables:\n- name: t\n"
                + "  columns:\n  - {name: c, datatype: int}\n";
        assertThatThrownBy(() -> publishText(publisher, "long_version.yaml", felis, 7))
                .isInstanceOf(FelicetteException.class)
                .satisfies(e -> assertThat(((FelicetteException) e).code()).isEqualTo("too_long"))
                .hasMessageContaining("schema version")
                .hasMessageContaining("allows 64");
        assertThat(count("SELECT count(*) FROM tap_schema.schemas WHERE schema_name = :s", "long_version")).isZero();
    }

    @Test
    void everyPublishIsAudited() {
        String felis = """
                name: audited
                tables:
                - name: t
                  columns:
                  - {name: c, datatype: int}
                """;
        assertThat(publishText(publisher, "audited.yaml", felis, 1).status()).isEqualTo("created");
        assertThat(publishText(publisher, "audited.yaml", felis, 1).status()).isEqualTo("unchanged");
        assertThat(publishText(publisher, "audited.yaml", felis, 2).status()).isEqualTo("updated");
        assertThat(publishText(publisher, "audited.yaml", felis.replace("name: c", "name: d"), 2).status())
                .isEqualTo("updated");
        publisher.retire("audited", "remover");
        List<String> audited = jdbi.withHandle(h -> h.createQuery("""
                SELECT action || ' by ' || coalesce(actor, '-') FROM felicette.audit_log
                WHERE object_type = 'schema' AND object_name = 'audited' ORDER BY id""").mapTo(String.class).list());
        // each change is recorded once, by whom; the publish that changed nothing is not a change
        assertThat(audited).containsExactly("publish by tester", "publish by tester", "publish by tester",
                "retire by remover");
    }
}
