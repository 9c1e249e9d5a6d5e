package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static final List<String> VIEWS = List.of("schemas", "tables", "columns", "keys", "key_columns");
    private static DataSource dataSource;
    private static Jdbi jdbi;

    @BeforeAll
    static void migrateEmptyDatabase() throws Exception {
        dataSource = TestDatabase.dataSource(TestDatabase.freshEmptyDatabase());
        Migrations.migrate(dataSource);
        jdbi = Jdbi.create(dataSource);
    }

    @Test
    void createsTheCadcTablesWithTheirColumns() {
        Map<String, List<String>> columns = jdbi.withHandle(h -> h.createQuery("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'tap_schema' AND table_name LIKE '%11' ORDER BY table_name, ordinal_position
                """).reduceRows(new java.util.TreeMap<String, List<String>>(), (acc, row) -> {
                    acc.computeIfAbsent(row.getColumn("table_name", String.class), k -> new java.util.ArrayList<>())
                            .add(row.getColumn("column_name", String.class));
                    return acc;
                }));
        assertThat(columns.get("schemas11")).containsExactly("schema_name", "utype", "description", "schema_index",
                "owner_id", "read_anon", "read_only_group", "read_write_group", "api_created", "change_seq");
        assertThat(columns.get("tables11")).containsExactly("schema_name", "table_name", "table_type", "view_target",
                "utype", "description", "table_index", "owner_id", "read_anon", "read_only_group",
                "read_write_group", "api_created", "change_seq");
        assertThat(columns.get("columns11")).containsExactly("table_name", "column_name", "utype", "ucd", "unit",
                "description", "datatype", "arraysize", "xtype", "size", "principal", "indexed", "std",
                "column_index", "column_id", "nullable", "primary_key", "ordinal");
        assertThat(columns.get("keys11")).containsExactly("key_id", "from_table", "target_table", "utype",
                "description");
        assertThat(columns.get("key_columns11")).containsExactly("key_id", "from_column", "target_column");
    }

    @Test
    void columnsAreAtLeastAsWideAsCadcs() {
        Map<String, Integer> widths = jdbi.withHandle(h -> h.createQuery("""
                SELECT table_name || '.' || column_name AS name, character_maximum_length AS width
                FROM information_schema.columns
                WHERE table_schema = 'tap_schema' AND table_name LIKE '%11' AND data_type = 'character varying'
                """).setMapKeyColumn("name").setMapValueColumn("width").collectInto(
                        new org.jdbi.v3.core.generic.GenericType<Map<String, Integer>>() { }));
        assertThat(widths).containsEntry("schemas11.schema_name", 64)
                .containsEntry("tables11.table_name", 128)
                .containsEntry("columns11.column_name", 64)
                .containsEntry("columns11.ucd", 64)
                .containsEntry("columns11.unit", 64)
                .containsEntry("columns11.datatype", 64)
                .containsEntry("columns11.xtype", 64)
                .containsEntry("columns11.arraysize", 16)
                .containsEntry("columns11.column_id", 32)
                .containsEntry("tables11.owner_id", 256)
                .containsEntry("tables11.read_only_group", 128)
                .containsEntry("tables11.read_write_group", 128)
                .containsEntry("keys11.key_id", 64);
        assertThat(widths.get("columns11.utype")).isGreaterThanOrEqualTo(512);
    }

    @Test
    void secondRunChangesNothing() throws Exception {
        int before = changeSetCount();
        Migrations.migrate(dataSource);
        assertThat(changeSetCount()).isEqualTo(before);
        int schemas = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM tap_schema.schemas11")
                .mapTo(Integer.class).one());
        assertThat(schemas).isEqualTo(1);
    }

    @Test
    void selfDescriptionCoversEveryColumnOfTheFiveTablesAndNothingElse() {
        Set<String> actual = jdbi.withHandle(h -> h.createQuery("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'tap_schema' AND table_name IN (<views>)
                """).bindList("views", VIEWS).mapTo(String.class).set());
        Set<String> described = jdbi.withHandle(h -> h.createQuery("""
                SELECT replace(table_name, 'tap_schema.', '') || '.' || replace(column_name, '"', '')
                FROM tap_schema.columns
                WHERE table_name LIKE 'tap_schema.%'
                """).mapTo(String.class).set());
        assertThat(actual).hasSize(4 + 6 + 14 + 5 + 3);
        assertThat(described).isEqualTo(actual);
        List<String> tables = jdbi.withHandle(h -> h.createQuery(
                "SELECT table_name FROM tap_schema.tables WHERE schema_name = 'tap_schema' ORDER BY table_index")
                .mapTo(String.class).list());
        assertThat(tables).containsExactly("tap_schema.schemas", "tap_schema.tables", "tap_schema.columns",
                "tap_schema.keys", "tap_schema.key_columns");
    }

    @Test
    void selfDescribedColumnsAreStandardWithConsistentSizes() {
        List<Map<String, Object>> rows = jdbi.withHandle(h -> h.createQuery(
                "SELECT datatype, arraysize, \"size\", std, column_index FROM tap_schema.columns "
                        + "WHERE table_name LIKE 'tap_schema.%'").mapToMap().list());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("std")).isEqualTo(1);
            assertThat(row.get("column_index")).isNotNull();
            assertThat(row.get("datatype")).isIn("char", "int");
            String arraysize = (String) row.get("arraysize");
            Integer size = (Integer) row.get("size");
            if (arraysize == null || arraysize.equals("*")) {
                assertThat(size).isNull();
            } else {
                assertThat(size).isEqualTo(Integer.valueOf(arraysize.replace("*", "")));
            }
        });
    }

    @Test
    void selfDescriptionHasTheForeignKeysBetweenTheTables() {
        List<String> keys = jdbi.withHandle(h -> h.createQuery("""
                SELECT k.from_table || '.' || c.from_column || '->' || k.target_table || '.' || c.target_column
                FROM tap_schema.keys k JOIN tap_schema.key_columns c ON c.key_id = k.key_id
                WHERE k.from_table LIKE 'tap_schema.%'
                """).mapTo(String.class).list());
        assertThat(keys).containsExactlyInAnyOrder(
                "tap_schema.tables.schema_name->tap_schema.schemas.schema_name",
                "tap_schema.columns.table_name->tap_schema.tables.table_name",
                "tap_schema.keys.from_table->tap_schema.tables.table_name",
                "tap_schema.keys.target_table->tap_schema.tables.table_name",
                "tap_schema.key_columns.key_id->tap_schema.keys.key_id");
    }

    @Test
    void migratingThroughAPoolHandsConnectionsBackInAutoCommit() throws Exception {
        // A pooled connection left with auto-commit off made Jdbi skip every later commit.
        io.dropwizard.db.DataSourceFactory factory = new io.dropwizard.db.DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(TestDatabase.jdbcUrl(TestDatabase.freshEmptyDatabase()));
        factory.setUser(TestDatabase.user());
        factory.setPassword("");
        factory.setMinSize(1);
        factory.setInitialSize(1);
        factory.setMaxSize(1);
        io.dropwizard.db.ManagedDataSource pool = factory.build(new com.codahale.metrics.MetricRegistry(), "one");
        try {
            Migrations.migrate(pool);
            try (java.sql.Connection connection = pool.getConnection()) {
                assertThat(connection.getAutoCommit()).isTrue();
            }
        } finally {
            pool.stop();
        }
    }

    @Test
    void auditLogRecordsAndReadsBack() {
        AuditDao audit = Jdbi.create(dataSource).installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin())
                .onDemand(AuditDao.class);
        audit.record("alice", "create", "table", "user_alice.t1", "{\"columns\": 3}");
        audit.record(null, "drop", "table", "user_alice.t1", "{}");
        List<AuditDao.Entry> history = audit.history("table", "user_alice.t1");
        assertThat(history).extracting(AuditDao.Entry::action).containsExactly("create", "drop");
        assertThat(history.get(0).actor()).isEqualTo("alice");
        assertThat(history.get(0).detail()).contains("\"columns\": 3");
        assertThat(history.get(1).actor()).isNull();
        assertThat(history.get(0).at()).isNotNull();
    }

    private int changeSetCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM databasechangelog").mapTo(Integer.class).one());
    }
}
