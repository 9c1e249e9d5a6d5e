package org.felicette.ingest.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.felicette.ingest.sqlite.SqliteOut.Affinity;
import org.felicette.ingest.sqlite.SqliteOut.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite writer's files opened by SQLite itself (the JDBC driver): every page checked by
 * {@code PRAGMA integrity_check}, and every value read back as it was written, across leaf,
 * interior and overflow pages.
 */
class SqliteOutTest {

    @TempDir
    Path dir;

    private static final Column[] NUMBERS = {new Column("i", Affinity.INTEGER), new Column("x", Affinity.REAL),
        new Column("s", Affinity.TEXT)};

    @Test
    void aTableOfManyRowsHasInteriorPagesOnTwoLevelsAndEveryRowReadsBack() throws Exception {
        Path file = dir.resolve("many.sqlite");
        int rows = 200_000; // about 2,000 leaves: two levels of interior pages above them
        try (SqliteOut out = new SqliteOut(file)) {
            out.table("numbers", List.of(NUMBERS));
            for (int i = 1; i <= rows; i++) {
                out.row(new Object[] {(long) i * 37 - 1_000_000, i / 4.0, "row " + i});
            }
        }
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(one(s, "SELECT COUNT(*) FROM numbers")).isEqualTo(String.valueOf(rows));
            assertThat(one(s, "SELECT SUM(i) FROM numbers")).isEqualTo(String.valueOf(37L * rows * (rows + 1) / 2
                    - 1_000_000L * rows));
            assertThat(one(s, "SELECT s FROM numbers WHERE rowid = 123457")).isEqualTo("row 123457");
            assertThat(one(s, "SELECT x FROM numbers WHERE i = " + (150_000L * 37 - 1_000_000))).isEqualTo("37500.0");
            assertThat(one(s, "SELECT COUNT(*) FROM dbstat WHERE name = 'numbers' AND pagetype = 'internal'"))
                    .satisfies(n -> assertThat(Integer.parseInt(n)).isGreaterThan(1));
        }
    }

    @Test
    void everyIntegerWidthRealNanNullBooleanAndTextReadsBackAsWritten() throws Exception {
        Path file = dir.resolve("values.sqlite");
        long[] integers = {0, 1, -1, 127, -128, 128, 32767, -32768, 32768, 8388607, -8388608, 8388608,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 40, -(1L << 47), (1L << 47) - 1, 1L << 47, Long.MAX_VALUE,
            Long.MIN_VALUE};
        try (SqliteOut out = new SqliteOut(file)) {
            out.table("v", List.of(NUMBERS));
            for (long v : integers) {
                out.row(new Object[] {v, (double) v, Long.toString(v)});
            }
            out.row(new Object[] {true, Double.NaN, "Ünïcødé ✓ \"quoted\" 'single'"});
            out.row(new Object[] {false, 1.5e-300, null});
            out.row(new Object[] {null, null, ""});
        }
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            List<String> read = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT i, typeof(i) FROM v ORDER BY rowid")) {
                while (r.next()) {
                    read.add(r.getString(1) + ":" + r.getString(2));
                }
            }
            List<String> expected = new ArrayList<>();
            for (long v : integers) {
                expected.add(v + ":integer");
            }
            expected.addAll(List.of("1:integer", "0:integer", "null:null"));
            assertThat(read).isEqualTo(expected);
            assertThat(one(s, "SELECT typeof(x) FROM v WHERE rowid = " + (integers.length + 1))).isEqualTo("null");
            assertThat(one(s, "SELECT x = 1.5e-300 FROM v WHERE rowid = " + (integers.length + 2))).isEqualTo("1");
            assertThat(one(s, "SELECT s FROM v WHERE rowid = " + (integers.length + 1)))
                    .isEqualTo("Ünïcødé ✓ \"quoted\" 'single'");
            assertThat(one(s, "SELECT typeof(s) || length(s) FROM v WHERE rowid = " + (integers.length + 3)))
                    .isEqualTo("text0");
        }
    }

    @Test
    void valuesLongerThanAPageFollowTheirOverflowChains() throws Exception {
        Path file = dir.resolve("long.sqlite");
        int[] lengths = {4000, 4061, 4062, 4100, 8192, 100_000, 1_000_000};
        try (SqliteOut out = new SqliteOut(file)) {
            out.table("texts", List.of(new Column("n", Affinity.INTEGER), new Column("t", Affinity.TEXT)));
            for (int n : lengths) {
                out.row(new Object[] {(long) n, text(n)});
                out.row(new Object[] {(long) -n, "short"});
            }
        }
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            for (int n : lengths) {
                assertThat(one(s, "SELECT t FROM texts WHERE n = " + n)).isEqualTo(text(n));
                assertThat(one(s, "SELECT t FROM texts WHERE n = " + -n)).isEqualTo("short");
            }
        }
    }

    @Test
    void severalTablesEmptyOnesAndNamesSqlWouldReadAsKeywordsOrQuotes() throws Exception {
        Path file = dir.resolve("tables.sqlite");
        try (SqliteOut out = new SqliteOut(file)) {
            out.table("select", List.of(new Column("from", Affinity.TEXT), new Column("a \"b\"", Affinity.INTEGER)));
            out.row(new Object[] {"x", 5L});
            out.table("empty", List.of(new Column("c", Affinity.REAL)));
            out.table("third", List.of(new Column("c", Affinity.TEXT)));
            out.row(new Object[] {"last"});
        }
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(one(s, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema ORDER BY rowid)"))
                    .isEqualTo("select,empty,third");
            assertThat(one(s, "SELECT \"from\" || \"a \"\"b\"\"\" FROM \"select\"")).isEqualTo("x5");
            assertThat(one(s, "SELECT COUNT(*) FROM empty")).isEqualTo("0");
            assertThat(one(s, "SELECT type FROM pragma_table_info('empty')")).isEqualTo("REAL");
            assertThat(one(s, "SELECT c FROM third")).isEqualTo("last");
        }
    }

    @Test
    void tablesOfManyColumnsPutTheSchemaOnPagesOfItsOwn() throws Exception {
        Path file = dir.resolve("wide.sqlite");
        List<Column> wide = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // a CREATE statement of some 7 KB a table: the schema far past page 1
            wide.add(new Column("a_rather_long_column_name_" + i, i % 2 == 0 ? Affinity.REAL : Affinity.TEXT));
        }
        try (SqliteOut out = new SqliteOut(file)) {
            for (int t = 0; t < 20; t++) {
                out.table("t" + t, wide);
                Object[] row = new Object[200];
                for (int i = 0; i < 200; i++) {
                    row[i] = i % 2 == 0 ? (Object) (i * 0.5) : "t" + t + "." + i;
                }
                out.row(row);
            }
        }
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(one(s, "SELECT count(*) FROM sqlite_schema")).isEqualTo("20");
            assertThat(one(s, "SELECT count(*) FROM pragma_table_info('t7')")).isEqualTo("200");
            assertThat(one(s, "SELECT a_rather_long_column_name_199 FROM t19")).isEqualTo("t19.199");
            assertThat(one(s, "SELECT a_rather_long_column_name_198 FROM t0")).isEqualTo("99.0");
        }
    }

    @Test
    void aFileOfNoTableIsAnEmptyDatabase() throws Exception {
        Path file = dir.resolve("none.sqlite");
        new SqliteOut(file).close();
        assertThat(Files.size(file)).isEqualTo(4096);
        try (Connection c = open(file); Statement s = c.createStatement()) {
            assertThat(one(s, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(one(s, "SELECT COUNT(*) FROM sqlite_schema")).isEqualTo("0");
        }
    }

    private static String text(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + i * 7 % 26));
        }
        return out.toString();
    }

    static Connection open(Path file) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static String one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).as(sql).isTrue();
            return r.getString(1);
        }
    }
}
