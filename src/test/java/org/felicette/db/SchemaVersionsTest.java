package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import org.felicette.StartupException;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An older version refuses a database a newer one migrated; an upgrade keeps everything. */
class SchemaVersionsTest {

    /** The last change set of the version that landed before this one's migrations were added. */
    static final String PREVIOUS_NEWEST = "012-table-distribution";

    @TempDir
    Path temp;

    @Test
    void theBuildKnowsItsChangeSetsInOrder() {
        List<String> known = SchemaVersions.known();
        assertThat(known).startsWith("001-tap-schema-tables").contains(PREVIOUS_NEWEST, "013-quota-reservations")
                .endsWith("018-owned-tables-keyset");
        assertThat(known).doesNotHaveDuplicates();
    }

    @Test
    void aDatabaseANewerVersionMigratedIsRefusedNamingTheChangeSetAndTheVersion() throws Exception {
        String database = TestDatabase.freshMigratedDatabase();
        DataSource ds = TestDatabase.dataSource(database);
        assertThatCode(() -> SchemaVersions.checkNotNewer(ds, false)).doesNotThrowAnyException();
        Jdbi jdbi = Jdbi.create(ds);
        jdbi.useHandle(h -> {
            h.execute("""
                    INSERT INTO databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype)
                    VALUES ('099-from-the-future', 'felicette', 'migrations/099-from-the-future.sql', now(),
                            (SELECT max(orderexecuted) + 1 FROM databasechangelog), 'EXECUTED')""");
            h.execute("INSERT INTO felicette.service_versions (version, newest_change_set) VALUES ('9.9.9', "
                    + "'099-from-the-future')");
        });
        assertThatThrownBy(() -> SchemaVersions.checkNotNewer(ds, false)).isInstanceOf(StartupException.class)
                .hasMessageContaining("newest change set 099-from-the-future")
                .hasMessageContaining("version 9.9.9")
                .hasMessageContaining("knows change sets up to 018-owned-tables-keyset")
                .hasMessageContaining("database.allowNewerSchema: true");
        assertThatCode(() -> SchemaVersions.checkNotNewer(ds, true)).doesNotThrowAnyException();

        // the service itself does not start on it, unless told to
        var refused = org.felicette.testing.TestApp.instance("newer.", database);
        assertThatThrownBy(refused::before).hasStackTraceContaining("099-from-the-future");
        refused.after();
        var allowed = org.felicette.testing.TestApp.instance("newer-allowed.", database, "database.allowNewerSchema",
                "true");
        try {
            allowed.before();
            assertThat(allowed.getLocalPort()).isPositive();
        } finally {
            allowed.after();
        }
    }

    @Test
    void anUpgradeFromThePreviousVersionKeepsEveryRowAndGrant() throws Exception {
        DataSource ds = TestDatabase.dataSource(TestDatabase.freshEmptyDatabase());
        migrateUpTo(ds, PREVIOUS_NEWEST);
        Jdbi jdbi = Jdbi.create(ds).installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin());
        // what a database of that version holds: a published Felis schema, a DataLink snippet,
        // a user's table with rows and a grant to a TAP service's reader role, jobs and uploads
        new SchemaPublisher(Db.of(jdbi)).publish(Fixtures.loadText("kept.yaml", """
                name: kept
                description: A schema published before the upgrade
                tables:
                - name: things
                  description: Things
                  columns:
                  - {name: id, datatype: long, description: Identifier, ivoa:ucd: meta.id}
                """, FelisOptions.DEFAULT), FelisOptions.DEFAULT, new SchemaPublisher.Request(1, "alice", "root"));
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO felicette.datalink_snippets (name, text, updated_by) VALUES ('kept', '<x/>', 'root')");
            h.execute("CREATE SCHEMA user_bob");
            h.execute("CREATE TABLE user_bob.t (id bigint, ra double precision)");
            h.execute("INSERT INTO user_bob.t SELECT g, g * 0.5 FROM generate_series(1, 100) g");
            h.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'upgrade_reader') THEN "
                    + "CREATE ROLE upgrade_reader; END IF; END $$");
            h.execute("GRANT USAGE ON SCHEMA user_bob TO upgrade_reader");
            h.execute("GRANT SELECT ON user_bob.t TO upgrade_reader");
            h.execute("INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created) "
                    + "VALUES ('user_bob', 'bob', 0, 1)");
            h.execute("INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, owner_id, read_anon, "
                    + "api_created) VALUES ('user_bob', 'user_bob.t', 'table', 'bob', 0, 1)");
            h.execute("INSERT INTO felicette.user_schemas (user_name, schema_name) VALUES ('bob', 'user_bob')");
        });
        Map<String, String> before = snapshot(jdbi);
        List<String> grantsBefore = grants(jdbi);
        assertThat(before).containsKeys("felicette.felis_schemas", "felicette.datalink_snippets", "user_bob.t",
                "tap_schema.columns11");

        SchemaVersions.checkNotNewer(ds, false);
        Migrations.migrate(ds);
        SchemaVersions.record(ds);

        Map<String, String> after = snapshot(jdbi);
        before.forEach((table, digest) -> assertThat(after.get(table)).as(table).isEqualTo(digest));
        assertThat(grants(jdbi)).isEqualTo(grantsBefore).isNotEmpty();
        assertThat(after).containsKeys("felicette.quota_reservations", "felicette.service_versions");
        assertThatCode(() -> SchemaVersions.checkNotNewer(ds, false)).doesNotThrowAnyException();
    }

    /** Applies this build's changelog up to and including the given change set, as that version did. */
    private void migrateUpTo(DataSource ds, String last) throws Exception {
        StringBuilder partial = new StringBuilder("databaseChangeLog:\n");
        String master = new String(getClass().getClassLoader().getResourceAsStream(Migrations.CHANGELOG).readAllBytes(),
                StandardCharsets.UTF_8);
        for (String line : master.split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*file:\\s*(\\S+)").matcher(line);
            if (m.find()) {
                partial.append("  - include:\n      file: ").append(m.group(1))
                        .append("\n      relativeToChangelogFile: true\n");
                if (m.group(1).startsWith(last)) {
                    break;
                }
            }
        }
        Files.createDirectories(temp.resolve("migrations"));
        Files.writeString(temp.resolve("migrations/previous.yaml"), partial.toString());
        try (Connection c = ds.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            @SuppressWarnings("deprecation")
            Liquibase liquibase = new Liquibase("migrations/previous.yaml", new CompositeResourceAccessor(
                    new DirectoryResourceAccessor(temp), new ClassLoaderResourceAccessor()), database);
            liquibase.update(new Contexts(), new LabelExpression());
            c.setAutoCommit(true);
        }
    }

    /** A digest of every row of every table of the service's and the user's schemas. */
    private static Map<String, String> snapshot(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            List<String> tables = h.createQuery("""
                    SELECT schemaname || '.' || tablename FROM pg_tables
                    WHERE schemaname IN ('tap_schema', 'felicette', 'user_bob') ORDER BY 1""").mapTo(String.class).list();
            Map<String, String> out = new TreeMap<>();
            for (String table : tables) {
                out.put(table, h.createQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
                        + "t::text)), '') FROM " + table + " t").mapTo(String.class).one());
            }
            return out;
        });
    }

    private static List<String> grants(Jdbi jdbi) {
        return jdbi.withHandle(h -> new ArrayList<>(h.createQuery("""
                SELECT table_schema || '.' || table_name || ':' || privilege_type FROM information_schema.role_table_grants
                WHERE grantee = 'upgrade_reader' ORDER BY 1""").mapTo(String.class).list()));
    }
}
