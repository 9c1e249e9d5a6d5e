package org.felicette.ingest.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.felicette.ingest.BadData;
import org.felicette.ingest.RowSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Parquet reader over files pyarrow wrote (scripts/parquet_fixtures.py): every value of 3,000
 * rows in several row groups and pages, for dictionary and PLAIN encodings, pages v1 and v2,
 * Snappy, gzip and no compression; and the files it refuses.
 */
class ParquetTablesTest {

    static Path fixture(String name) {
        try {
            return Path.of(ParquetTablesTest.class.getResource("/org/felicette/ingest/parquet/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Object[]> read(Path file, List<String> names) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        ParquetTables.stream(file, new RowSink() {
            @Override
            public void columns(List<String> n) {
                names.addAll(n);
            }

            @Override
            public void row(Object[] values) {
                rows.add(values);
            }
        });
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"types-snappy.parquet", "types-plain-v2.parquet", "types-gzip.parquet",
        "types-zstd.parquet", "types-lz4raw-v2.parquet", "types-polars.parquet", "types-duckdb-zstd.parquet",
        "types-duckdb-lz4raw.parquet"})
    void everyValueIsReadAsItsWriterWroteIt(String file) throws IOException {
        List<String> names = new ArrayList<>();
        List<Object[]> rows = read(fixture(file), names);
        assertThat(names).containsExactly("id", "ra", "mag", "small", "count", "flag", "name", "seen");
        assertThat(rows).hasSize(3000);
        LocalDateTime base = LocalDateTime.of(2024, 1, 31, 12, 0, 0, 123_456_000);
        for (int i = 0; i < 3000; i++) {
            Object[] r = rows.get(i);
            assertThat(r[0]).isEqualTo((long) i);
            assertThat(r[1]).isEqualTo(i % 10 == 0 ? null : i * 0.5);
            if (i == 7) {
                assertThat((Float) r[2]).isNaN();
            } else {
                assertThat(r[2]).isEqualTo((float) (15 + i / 1000.0));
            }
            assertThat(r[3]).isEqualTo((i % 60000) - 30000);
            assertThat(r[4]).isEqualTo(i % 3 == 0 ? null : i * 7);
            assertThat(r[5]).isEqualTo(i % 5 == 0 ? null : i % 2 == 0);
            assertThat(r[6]).isEqualTo(i % 4 == 0 ? null : "Ünïcødé ✓ " + i);
            assertThat(r[7]).isEqualTo(i % 6 == 0 ? null : base.plusSeconds(i).toString());
        }
    }

    @Test
    void theSchemaGivesVotableTypesAndVoParquetMetadata() throws IOException {
        ParquetTables.Schema schema = ParquetTables.schema(fixture("types-snappy.parquet"));
        assertThat(schema.rows()).isEqualTo(3000);
        assertThat(schema.columns().stream().map(c -> String.join("/", java.util.Arrays.stream(c.votable())
                .map(String::valueOf).toList())).toList()).containsExactly("long/null/null", "double/null/null",
                "float/null/null", "short/null/null", "int/null/null", "boolean/null/null", "char/*/null",
                "char/*/timestamp");
        ParquetTables.Schema vo = ParquetTables.schema(fixture("voparquet.parquet"));
        assertThat(vo.votable()).contains("<FIELD name=\"ra\" datatype=\"double\" unit=\"deg\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lists-snappy.parquet", "lists-plain-v2.parquet"})
    void listsAreArraysWithTheirNullsEmptiesAndNullElementsAsPyarrowWroteThem(String file) throws IOException {
        ParquetTables.Schema schema = ParquetTables.schema(fixture(file));
        assertThat(schema.columns()).extracting(c -> c.votable()[0] + "/" + c.votable()[1])
                .containsExactly("long/null", "double/*", "short/*", "boolean/*");
        List<Object[]> rows = read(fixture(file), new ArrayList<>());
        assertThat(rows).hasSize(3000);
        for (int i = 0; i < 3000; i++) {
            Object[] r = rows.get(i);
            Object[] d = (Object[]) r[1];
            switch (i % 4) {
                case 0 -> assertThat(d).as("row %d", i).isNull();
                case 1 -> assertThat(d).as("row %d", i).isEmpty();
                case 2 -> assertThat(d).as("row %d", i).containsExactly(i * 0.5, null, -1.0);
                default -> assertThat(d).as("row %d", i).containsExactly((double) i, i + 1.0, i + 2.0, i + 3.0,
                        i + 4.0);
            }
            Object[] s = (Object[]) r[2];
            if (i % 3 == 0) {
                assertThat(s).extracting(v -> ((Number) v).intValue()).containsExactly(i % 1000, -7);
            } else {
                assertThat(s).isNull();
            }
            assertThat((Object[]) r[3]).isEqualTo(i % 5 == 0 ? new Object[] {true, false, null, true}
                    : new Object[] {false});
        }
        List<Object[]> pairs = read(fixture("nested.parquet"), new ArrayList<>());
        assertThat((Object[]) pairs.get(0)[1]).containsExactly(1.0, 2.0);
        assertThat((Object[]) pairs.get(1)[1]).containsExactly(3.0);
    }

    @Test
    void nestedColumnsOtherCodecsAndTruncatedFilesAreRefusedByName(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> read(fixture("struct.parquet"), new ArrayList<>())).isInstanceOf(BadData.class)
                .hasMessageContaining("column 'pair' of the Parquet file is nested");
        assertThatThrownBy(() -> read(fixture("list-of-text.parquet"), new ArrayList<>())).isInstanceOf(BadData.class)
                .hasMessageContaining("column 'tags' of the Parquet file is nested");
        assertThatThrownBy(() -> read(fixture("brotli.parquet"), new ArrayList<>())).isInstanceOf(BadData.class)
                .hasMessageContaining("column 'id' (row group 1) of the Parquet file is compressed with BROTLI");
        assertThat(read(fixture("zstd.parquet"), new ArrayList<>())).hasSize(10);
        byte[] whole = Files.readAllBytes(fixture("types-snappy.parquet"));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> read(cut, new ArrayList<>())).isInstanceOf(BadData.class)
                .hasMessageContaining("not a Parquet file");
        // damaged inside, footer intact: every page of the middle third overwritten
        byte[] damaged = whole.clone();
        for (int i = whole.length / 3; i < 2 * whole.length / 3; i++) {
            damaged[i] = (byte) (i * 31);
        }
        Path broken = dir.resolve("broken.parquet");
        Files.write(broken, damaged);
        assertThatThrownBy(() -> read(broken, new ArrayList<>())).isInstanceOf(BadData.class);
        // and damaged at 300 places one after the other: each read ends well or with BadData, never otherwise
        java.util.Random random = new java.util.Random(42);
        for (int trial = 0; trial < 300; trial++) {
            byte[] hit = whole.clone();
            int at = 4 + random.nextInt(whole.length - 12);
            for (int i = at; i < Math.min(at + 1 + random.nextInt(16), whole.length - 8); i++) {
                hit[i] = (byte) random.nextInt(256);
            }
            Files.write(broken, hit);
            try {
                read(broken, new ArrayList<>());
            } catch (BadData expected) {
                // refused with a reason
            }
        }
        Path junk = dir.resolve("junk.parquet");
        Files.writeString(junk, "id,name\n1,one\n");
        assertThatThrownBy(() -> read(junk, new ArrayList<>())).isInstanceOf(BadData.class);
    }
}
