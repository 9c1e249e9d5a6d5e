package org.felicette.ingest.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.ingest.parquet.ParquetOut.Column;
import org.felicette.ingest.parquet.ParquetOut.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet writer's files read back by the Parquet reader: each type with its nulls, the row
 * groups a long result is cut into, the key-value metadata, and the schema's types.
 */
class ParquetOutTest {

    @TempDir
    Path dir;

    private static final List<Column> COLUMNS = List.of(new Column("b", Type.BOOLEAN), new Column("u8", Type.UINT8),
            new Column("i16", Type.INT16), new Column("i32", Type.INT32), new Column("i64", Type.INT64),
            new Column("f", Type.FLOAT), new Column("d", Type.DOUBLE), new Column("s", Type.STRING));

    private static Object[] row(int i) {
        if (i % 5 == 4) {
            return new Object[8]; // a row of nulls every fifth
        }
        return new Object[] {i % 3 == 0, i % 256, (short) (i % 30000 - 15000), i * 7 - 100, (long) i << 33,
            i / 8f, i / 3.0, i % 7 == 0 ? "" : "s" + i + " ✓"};
    }

    @Test
    void everyTypeAndNullReadsBackAcrossSeveralRowGroups() throws IOException {
        Path file = dir.resolve("t.parquet");
        int rows = 300_000; // past the 8 MiB a row group holds: more than one group, each value placed in its own
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetOut writer = new ParquetOut(out, COLUMNS);
            for (int i = 0; i < rows; i++) {
                writer.row(row(i));
            }
            writer.finish(Map.of("k", "v ✓"));
        }
        ParquetTables.Schema schema = ParquetTables.schema(file);
        assertThat(schema.rows()).isEqualTo(rows);
        assertThat(schema.keyValues()).containsEntry("k", "v ✓");
        assertThat(schema.columns()).extracting(c -> c.votable()[0]).containsExactly("boolean", "short", "short",
                "int", "long", "float", "double", "char");
        assertThat(schema.columns()).allMatch(ParquetTables.Column::optional);
        List<String> names = new ArrayList<>();
        List<Object[]> read = ParquetTablesTest.read(file, names);
        assertThat(names).containsExactly("b", "u8", "i16", "i32", "i64", "f", "d", "s");
        assertThat(read).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            Object[] expected = row(i);
            Object[] got = read.get(i);
            for (int c = 0; c < expected.length; c++) {
                Object e = expected[c];
                Object g = got[c];
                if (e == null) {
                    assertThat(g).as("row %d column %d", i, c).isNull();
                } else if (e instanceof Number n) {
                    assertThat(((Number) g).doubleValue()).as("row %d column %d", i, c).isEqualTo(n.doubleValue());
                } else {
                    assertThat(g).as("row %d column %d", i, c).isEqualTo(e);
                }
            }
        }
        assertThat(groups(file)).isGreaterThan(1);
    }

    @Test
    void listsReadBackWithTheirNullsEmptiesAndNullElementsAcrossRowGroups() throws IOException {
        Path file = dir.resolve("lists.parquet");
        List<Column> columns = List.of(new Column("id", Type.INT64), new Column("d", Type.DOUBLE, true),
                new Column("i16", Type.INT16, true), new Column("b", Type.BOOLEAN, true));
        int rows = 400_000; // past a row group
        try (OutputStream out = Files.newOutputStream(file)) {
            ParquetOut writer = new ParquetOut(out, columns);
            for (int i = 0; i < rows; i++) {
                writer.row(listRow(i));
            }
            writer.finish(Map.of());
        }
        ParquetTables.Schema schema = ParquetTables.schema(file);
        assertThat(schema.columns()).extracting(c -> c.votable()[0] + "/" + c.votable()[1])
                .containsExactly("long/null", "double/*", "short/*", "boolean/*");
        List<Object[]> read = ParquetTablesTest.read(file, new ArrayList<>());
        assertThat(read).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            Object[] expected = listRow(i);
            Object[] got = read.get(i);
            assertThat(((Number) got[0]).longValue()).isEqualTo(i);
            for (int c = 1; c < 4; c++) {
                if (expected[c] == null) {
                    assertThat(got[c]).as("row %d column %d", i, c).isNull();
                    continue;
                }
                Object[] e = (Object[]) expected[c];
                Object[] g = (Object[]) got[c];
                assertThat(g).as("row %d column %d", i, c).hasSameSizeAs(e);
                for (int k = 0; k < e.length; k++) {
                    if (e[k] instanceof Number n) {
                        assertThat(((Number) g[k]).doubleValue()).isEqualTo(n.doubleValue());
                    } else {
                        assertThat(g[k]).isEqualTo(e[k]);
                    }
                }
            }
        }
        assertThat(groups(file)).isGreaterThan(1);
    }

    private static Object[] listRow(int i) {
        Object[] numbers = switch (i % 4) {
            case 0 -> null;
            case 1 -> new Object[0];
            case 2 -> new Object[] {i * 0.5, null, -1.0};
            default -> new Object[] {i * 1.0, i + 1.0, i + 2.0, i + 3.0, i + 4.0};
        };
        Object[] shorts = i % 3 == 0 ? new Object[] {(short) (i % 1000), (short) -7} : null;
        Object[] flags = i % 5 == 0 ? new Object[] {true, false, null, true} : new Object[] {false};
        return new Object[] {(long) i, numbers, shorts, flags};
    }

    @Test
    void aFileOfNoRowsHasItsSchemaAndNoRowGroup() throws IOException {
        Path file = dir.resolve("empty.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            new ParquetOut(out, COLUMNS).finish(Map.of());
        }
        assertThat(ParquetTables.schema(file).rows()).isZero();
        assertThat(ParquetTablesTest.read(file, new ArrayList<>())).isEmpty();
        assertThat(groups(file)).isZero();
    }

    /** The row groups the footer lists. */
    private static int groups(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
        Map<Integer, Object> footer = new Thrift(java.nio.ByteBuffer.wrap(bytes, bytes.length - 8 - length, length)
                .slice()).struct();
        return Thrift.list(footer, 4).size();
    }
}
