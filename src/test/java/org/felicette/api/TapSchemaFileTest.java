package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.TableSequence;
import uk.ac.starlink.table.StarTableFactory;
import uk.ac.starlink.votable.VOTableBuilder;

/**
 * The caller's TAP_SCHEMA as one file: {@code /tap_schema.sqlite} in felis init-tap-schema's SQLite
 * layout, and {@code /tap_schema.vot} with a TABLE per TAP_SCHEMA table; each only what the caller sees.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TapSchemaFileTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(
            TestDatabase.freshMigratedDatabase());

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables() {
        for (String[] t : new String[][] {{"alice", "user_alice.stars", ""},
            {"alice", "user_alice.matches", ForeignKeyTest.key("user_alice.stars", "obj", "match_id")},
            {"bob", "user_bob.secret", ""}}) {
            Response r = TestApp.as(t[0], TestApp.target(APP, "tables/" + t[1])).put(Entity.entity(
                    ForeignKeyTest.table(t[1], t[2]), "text/xml"));
            assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        }
    }

    static Path download(String user, String path) throws Exception {
        Response r = (user == null ? TestApp.target(APP, path).request() : TestApp.as(user, TestApp.target(APP, path)))
                .get();
        assertThat(r.getStatus()).isEqualTo(200);
        Path file = Files.createTempFile(dir, "tap_schema", path.substring(path.indexOf('.')));
        try (InputStream in = r.readEntity(InputStream.class)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static List<String> column(Connection sqlite, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theSqliteFileHasFelissLayoutAndTheCallersRowsOnly() throws Exception {
        Path file = download("alice", "tap_schema.sqlite");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(column(sqlite, "PRAGMA integrity_check")).containsExactly("ok");
            assertThat(column(sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .containsExactly("columns", "key_columns", "keys", "schemas", "tables");
            assertThat(column(sqlite, "SELECT sql FROM sqlite_master WHERE name = 'schemas'")).containsExactly(
                    "CREATE TABLE \"schemas\" (\"schema_name\" VARCHAR(64) NOT NULL, \"utype\" VARCHAR(512), "
                            + "\"description\" VARCHAR(512), \"schema_index\" INTEGER)");
            List<String> tables = column(sqlite, "SELECT table_name FROM tables");
            assertThat(tables).contains("user_alice.stars", "user_alice.matches", "tap_schema.columns")
                    .doesNotContain("user_bob.secret");
            assertThat(column(sqlite, "SELECT datatype || '/' || coalesce(arraysize, '') FROM columns WHERE "
                    + "table_name = 'user_alice.stars' ORDER BY column_index")).containsExactly("long/", "long/", "char/*");
            assertThat(column(sqlite, "SELECT typeof(principal) FROM columns LIMIT 1")).containsExactly("integer");
            assertThat(column(sqlite, "SELECT k.from_table || '->' || k.target_table || ':' || c.from_column || '='"
                    + " || c.target_column FROM keys k JOIN key_columns c ON c.key_id = k.key_id WHERE k.from_table "
                    + "LIKE 'user_alice.%'")).containsExactly("user_alice.matches->user_alice.stars:obj=match_id");
            // the same rows as the caller's /tap_schema/tables
            String served = TestApp.as("alice", TestApp.target(APP, "tap_schema/tables")).accept("text/csv")
                    .get(String.class);
            assertThat(tables).hasSize((int) served.lines().count() - 1);
        }
        Path anonymous = download(null, "tap_schema.sqlite");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + anonymous)) {
            assertThat(column(sqlite, "SELECT table_name FROM tables")).doesNotContain("user_alice.stars");
        }
    }

    @Test
    void theVotableHasATablePerTapSchemaTable() throws Exception {
        Path file = download("alice", "tap_schema.vot");
        String xml = Files.readString(file);
        assertThat(xml.split("<TABLE", -1)).hasSize(6);
        TableSequence seq = new VOTableBuilder().makeStarTables(new uk.ac.starlink.util.FileDataSource(file.toFile()),
                new StarTableFactory().getStoragePolicy());
        List<String> names = new ArrayList<>();
        long keys = -1;
        for (StarTable t; (t = seq.nextTable()) != null; ) {
            names.add(t.getName());
            if (t.getName().equals("TAP_SCHEMA.tables")) {
                List<String> rows = new ArrayList<>();
                try (var s = t.getRowSequence()) {
                    while (s.next()) {
                        rows.add((String) s.getCell(1));
                    }
                }
                assertThat(rows).contains("user_alice.matches").doesNotContain("user_bob.secret");
            }
            if (t.getName().equals("TAP_SCHEMA.keys")) {
                keys = 0;
                try (var s = t.getRowSequence()) {
                    while (s.next()) {
                        keys++;
                    }
                }
            }
        }
        assertThat(names).containsExactly("TAP_SCHEMA.schemas", "TAP_SCHEMA.tables", "TAP_SCHEMA.columns",
                "TAP_SCHEMA.keys", "TAP_SCHEMA.key_columns");
        assertThat(keys).isGreaterThanOrEqualTo(1);
        assertThat(new org.felicette.testing.XsdValidator("VOTable-v1.4.xsd").errors(xml)).isEmpty(); // skipped without ../shared
    }
}
