package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parquet bodies (files pyarrow wrote: scripts/parquet_fixtures.py) through POST /load and PUT /tables. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ParquetLoadTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("userTables.quotaOverrides.frank.maxTables", "10"),
            ConfigOverride.config("userTables.quotaOverrides.frank.maxBytes", "60000"));
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final String PARQUET = "application/vnd.apache.parquet";

    static byte[] fixture(String name) throws IOException {
        try {
            return Files.readAllBytes(Path.of(ParquetLoadTest.class.getResource("/org/felicette/ingest/parquet/" + name)
                    .toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pgType(String schema, String table, String column) {
        return JDBI.withHandle(h -> h.createQuery("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(:t) AND a.attname = :c").bind("t", schema + "." + table)
                .bind("c", column).mapTo(String.class).one());
    }

    static long count(String table) {
        return JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void aParquetFileLoadsIntoATableWithItsValuesNullsAndTimestamps() throws IOException {
        String table = "user_alice.pq1";
        Response created = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .put(Entity.entity(LoadTest.table(table, StilLoadTest.COLUMNS[0], StilLoadTest.COLUMNS[1],
                        StilLoadTest.COLUMNS[2], StilLoadTest.COLUMNS[3], StilLoadTest.COLUMNS[4],
                        StilLoadTest.COLUMNS[5], StilLoadTest.COLUMNS[6], StilLoadTest.COLUMNS[7]), "text/xml"));
        assertThat(created.getStatus()).isEqualTo(201);
        Response r = TestApp.as("alice", TestApp.target(APP, "load/" + table))
                .post(Entity.entity(fixture("types-snappy.parquet"), PARQUET));
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3000 rows to table " + table + "\n");
        Map<String, Object> row = JDBI.withHandle(h -> h.createQuery("SELECT id, ra, mag, small, count, flag, name, "
                + "seen::text AS seen FROM " + table + " WHERE id = 13").mapToMap().one());
        assertThat(row).containsEntry("ra", 6.5).containsEntry("mag", 15.013f).containsEntry("small", -29987)
                .containsEntry("count", 91).containsEntry("flag", false).containsEntry("name", "Ünïcødé ✓ 13")
                .containsEntry("seen", "2024-01-31 12:00:13.123456");
        Map<String, Object> nulls = JDBI.withHandle(h -> h.createQuery("SELECT ra, count, flag, name, seen FROM "
                + table + " WHERE id = 0").mapToMap().one());
        assertThat(nulls.values()).containsOnlyNulls();
        // appended again through POST /tables, gzip-compressed pages this time
        Response again = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .post(Entity.entity(fixture("types-gzip.parquet"), PARQUET));
        assertThat(again.readEntity(String.class)).isEqualTo("Inserted 3000 rows to table " + table + "\n");
        assertThat(count(table)).isEqualTo(6000);
    }

    @Test
    void aPutOfAVoParquetFileCreatesTheTableWithItsMetadataAndRows() throws IOException {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq2"))
                .put(Entity.entity(fixture("voparquet.parquet"), PARQUET));
        assertThat(r.getStatus()).isEqualTo(201);
        assertThat(r.readEntity(String.class)).isEqualTo("Inserted 3 rows to table user_alice.pq2\n");
        Map<?, ?> table = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq2")).accept("application/json")
                .get(Map.class);
        assertThat(table.get("description")).isEqualTo("Stars with VOParquet metadata");
        List<?> columns = (List<?>) table.get("columns");
        Map<?, ?> ra = (Map<?, ?>) columns.get(1);
        assertThat(ra.get("unit")).isEqualTo("deg");
        assertThat(ra.get("ucd")).isEqualTo("pos.eq.ra");
        assertThat(((Map<?, ?>) columns.get(0)).get("description")).isEqualTo("Star id");
        assertThat(((Map<?, ?>) columns.get(2)).get("datatype")).isEqualTo("char");
        assertThat(count("user_alice.pq2")).isEqualTo(3);
    }

    @Test
    void aPutOfAPlainParquetFileTakesItsTypesFromTheParquetSchema() throws IOException {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq3"))
                .put(Entity.entity(fixture("types-plain-v2.parquet"), PARQUET));
        assertThat(r.getStatus()).isEqualTo(201);
        assertThat(pgType("user_alice", "pq3", "small")).isEqualTo("smallint");
        assertThat(pgType("user_alice", "pq3", "seen")).isEqualTo("timestamp without time zone");
        assertThat(pgType("user_alice", "pq3", "name")).isEqualTo("text");
        assertThat(count("user_alice.pq3")).isEqualTo(3000);
    }

    @Test
    void aPutOfPyarrowListsMakesArrayColumnsWithTheirNullsAndEmptyArrays() throws IOException {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pqlists"))
                .put(Entity.entity(fixture("lists-snappy.parquet"), PARQUET));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        assertThat(pgType("user_alice", "pqlists", "d")).isEqualTo("double precision[]");
        assertThat(count("user_alice.pqlists")).isEqualTo(3000);
        java.util.List<String> rows = JDBI.withHandle(h -> h.createQuery("SELECT coalesce(d::text, 'NULL') || ' ' "
                + "|| coalesce(s::text, 'NULL') || ' ' || b::text FROM user_alice.pqlists WHERE id IN (0, 1, 2, 3) "
                + "ORDER BY id").mapTo(String.class).list());
        assertThat(rows).containsExactly("NULL {0,-7} {t,f,NULL,t}", "{} NULL {f}", "{1,NULL,-1} NULL {f}",
                "{3,4,5,6,7} {3,-7} {f}");
    }

    @Test
    void aPutOfAParquetFileLargerThanWhatIsLeftOfTheQuotaIsRefusedAndLeavesNoTable() throws IOException {
        byte[] file = fixture("types-snappy.parquet"); // 110 KB, over frank's 60 KB less the new table's pages
        assertThat(file.length).isGreaterThan(60000);
        Response r = TestApp.as("frank", TestApp.target(APP, "tables/user_frank.big"))
                .put(Entity.entity(file, PARQUET));
        assertThat(r.getStatus()).isEqualTo(413);
        assertThat(r.readEntity(String.class)).contains("byte quota of frank");
        assertThat(TestApp.as("frank", TestApp.target(APP, "tables/user_frank.big")).get().getStatus()).isEqualTo(404);
    }

    /** What Polars writes by default (ZSTD) and DuckDB with LZ4_RAW make tables as pyarrow's Snappy does. */
    @ParameterizedTest
    @ValueSource(strings = {"types-polars.parquet", "types-duckdb-lz4raw.parquet", "types-zstd.parquet"})
    void everyCommonWritersParquetMakesATable(String file) throws IOException {
        String table = "user_alice.codec_" + file.replaceAll("[^a-z0-9]", "_").replace("_parquet", "");
        Response made = TestApp.as("alice", TestApp.target(APP, "tables/" + table))
                .put(Entity.entity(fixture(file), PARQUET));
        assertThat(made.getStatus()).as(made.readEntity(String.class)).isEqualTo(201);
        long named = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table + " WHERE name IS NOT NULL")
                .mapTo(Long.class).one());
        assertThat(named).isEqualTo(2250L);
    }

    @Test
    void parquetFilesThisServiceCannotReadAreRefusedByNameAndLeaveNothing() throws IOException {
        Response brotli = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq4"))
                .put(Entity.entity(fixture("brotli.parquet"), PARQUET));
        assertThat(brotli.getStatus()).isEqualTo(400);
        assertThat(brotli.readEntity(String.class)).contains("(row group 1) of the Parquet file is compressed with "
                + "BROTLI").contains("ZSTD, LZ4_RAW");
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq4")).get().getStatus()).isEqualTo(404);
        Response nested = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.pq5"))
                .put(Entity.entity(fixture("struct.parquet"), PARQUET));
        assertThat(nested.getStatus()).isEqualTo(400);
        assertThat(nested.readEntity(String.class)).contains("column 'pair' of the Parquet file is nested");
        byte[] whole = fixture("types-snappy.parquet");
        Response cut = TestApp.as("alice", TestApp.target(APP, "load/user_alice.pq3"))
                .post(Entity.entity(java.util.Arrays.copyOf(whole, whole.length - 100), PARQUET));
        assertThat(cut.getStatus()).isEqualTo(400);
        assertThat(cut.readEntity(String.class)).contains("not a Parquet file");
    }
}
