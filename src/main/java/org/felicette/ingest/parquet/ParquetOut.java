package org.felicette.ingest.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A writer of Parquet files as rows stream in: every column optional, PLAIN encoding,
 * uncompressed, data pages v1, one page per column and row group. A column is one value per row,
 * or a list of them (Parquet's three-level LIST, as pyarrow writes an array column). Rows are kept column by column
 * until a row group is full (a few megabytes, whatever the row count), then written, so memory
 * holds one row group. The footer (schema, row groups, key-value metadata) comes last, as Parquet
 * wants, so the file needs no seeking and streams to any output. Read back by {@link ParquetTables}
 * and by pyarrow, pandas and astropy.
 */
public final class ParquetOut {

    /** The physical and logical types a column is written as. */
    public enum Type {
        BOOLEAN(ParquetTables.BOOLEAN), UINT8(ParquetTables.INT32), INT16(ParquetTables.INT32),
        INT32(ParquetTables.INT32), INT64(ParquetTables.INT64), FLOAT(ParquetTables.FLOAT),
        DOUBLE(ParquetTables.DOUBLE), STRING(ParquetTables.BYTE_ARRAY);

        private final int physical;

        Type(int physical) {
            this.physical = physical;
        }
    }

    /** A column of the file: one value of its type per row, or (a list) an array of them. */
    public record Column(String name, Type type, boolean list) {

        public Column(String name, Type type) {
            this(name, type, false);
        }
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int GROUP_BYTES = 8 * 1024 * 1024;
    private static final int GROUP_ROWS = 1_000_000;
    private static final int PLAIN = 0;
    private static final int RLE = 3;

    private final OutputStream out;
    private final List<Column> columns;
    private final Chunk[] chunks;
    private final List<byte[]> groups = new ArrayList<>();
    private long written;
    private long rows;
    private int groupRows;

    /** Starts a file on a stream (its first bytes are written at once). */
    public ParquetOut(OutputStream out, List<Column> columns) throws IOException {
        this.out = out;
        this.columns = List.copyOf(columns);
        this.chunks = new Chunk[columns.size()];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new Chunk(columns.get(i).type(), columns.get(i).list());
        }
        write(MAGIC);
    }

    /**
     * One row: for each column null, or a value of its type (Boolean; a Number for the numeric
     * types; a String for STRING).
     */
    public void row(Object[] values) throws IOException {
        long size = 0;
        for (int i = 0; i < chunks.length; i++) {
            chunks[i].add(values[i]);
            size += chunks[i].values.size() + chunks[i].count;
        }
        rows++;
        if (++groupRows >= GROUP_ROWS || size >= GROUP_BYTES) {
            flushGroup();
        }
    }

    /** Writes the last row group and the footer, with key-value metadata; does not close the stream. */
    public void finish(Map<String, String> keyValues) throws IOException {
        if (groupRows > 0) {
            flushGroup();
        }
        ThriftOut meta = new ThriftOut();
        meta.i32(1, 1);
        int elements = 1;
        for (Column c : columns) {
            elements += c.list() ? 3 : 1;
        }
        meta.structs(2, elements);
        meta.element().string(4, "schema").i32(5, columns.size()).end();
        for (Column c : columns) {
            if (c.list()) { // optional group (LIST) { repeated group list { optional <type> element } }
                meta.element().i32(3, 1).string(4, c.name()).i32(5, 1).i32(6, 3).struct(10).struct(3).end().end()
                        .end();
                meta.element().i32(3, 2).string(4, "list").i32(5, 1).end();
            }
            meta.element().i32(1, c.type().physical).i32(3, 1).string(4, c.list() ? "element" : c.name());
            switch (c.type()) {
                case STRING -> meta.i32(6, 0).struct(10).struct(1).end().end();
                case UINT8 -> meta.i32(6, 11).struct(10).struct(10).i8(1, 8).bool(2, false).end().end();
                case INT16 -> meta.i32(6, 16).struct(10).struct(10).i8(1, 16).bool(2, true).end().end();
                default -> {
                    // the physical type says it all
                }
            }
            meta.end();
        }
        meta.i64(3, rows);
        meta.structs(4, groups.size());
        groups.forEach(meta::raw);
        meta.structs(5, keyValues.size());
        keyValues.forEach((k, v) -> meta.element().string(1, k).string(2, v).end());
        meta.string(6, "felicette").end();
        byte[] footer = meta.bytes();
        write(footer);
        byte[] length = new byte[4];
        for (int i = 0; i < 4; i++) {
            length[i] = (byte) (footer.length >>> 8 * i);
        }
        write(length);
        write(MAGIC);
        out.flush();
    }

    private void flushGroup() throws IOException {
        ThriftOut group = new ThriftOut().element().structs(1, chunks.length);
        long total = 0;
        for (int i = 0; i < chunks.length; i++) {
            Chunk chunk = chunks[i];
            int entries = chunk.count;
            byte[] page = chunk.page();
            ThriftOut header = new ThriftOut().i32(1, 0).i32(2, page.length).i32(3, page.length)
                    .struct(5).i32(1, entries).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end().end();
            byte[] head = header.bytes();
            long offset = written;
            write(head);
            write(page);
            long size = head.length + page.length;
            total += size;
            group.element().i64(2, offset).struct(3).i32(1, chunk.type.physical).i32s(2, List.of(PLAIN, RLE))
                    .strings(3, columns.get(i).list() ? List.of(columns.get(i).name(), "list", "element")
                            : List.of(columns.get(i).name())).i32(4, 0).i64(5, entries).i64(6, size)
                    .i64(7, size).i64(9, offset).end().end();
            chunk.reset();
        }
        group.i64(2, total).i64(3, groupRows).end();
        groups.add(group.bytes());
        groupRows = 0;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    /**
     * One column's values of the current row group: a definition level per entry (and, for a
     * list, a repetition level), and the PLAIN values of the entries that hold one.
     */
    private static final class Chunk {
        private final Type type;
        private final boolean list;
        private final ByteArrayOutputStream values = new ByteArrayOutputStream();
        private byte[] definitions = new byte[1024];
        private byte[] repetitions;
        private int count;
        private int bits;
        private int bitCount;

        Chunk(Type type, boolean list) {
            this.type = type;
            this.list = list;
            this.repetitions = list ? new byte[1024] : null;
        }

        void add(Object value) {
            if (!list) {
                entry(0, value == null ? 0 : 1);
                if (value != null) {
                    plain(value);
                }
                return;
            }
            if (value == null) {
                entry(0, 0); // no list
                return;
            }
            int n = java.lang.reflect.Array.getLength(value);
            if (n == 0) {
                entry(0, 1); // a list with no element
                return;
            }
            for (int k = 0; k < n; k++) {
                Object element = java.lang.reflect.Array.get(value, k);
                entry(k == 0 ? 0 : 1, element == null ? 2 : 3);
                if (element != null) {
                    plain(element);
                }
            }
        }

        private void entry(int repetition, int definition) {
            if (count >= definitions.length) {
                definitions = java.util.Arrays.copyOf(definitions, definitions.length * 2);
                if (list) {
                    repetitions = java.util.Arrays.copyOf(repetitions, repetitions.length * 2);
                }
            }
            definitions[count] = (byte) definition;
            if (list) {
                repetitions[count] = (byte) repetition;
            }
            count++;
        }

        private void plain(Object value) {
            switch (type) {
                case BOOLEAN -> {
                    if ((Boolean) value) {
                        bits |= 1 << bitCount;
                    }
                    if (++bitCount == 8) {
                        values.write(bits);
                        bits = 0;
                        bitCount = 0;
                    }
                }
                case UINT8, INT16, INT32 -> little(((Number) value).intValue(), 4);
                case INT64 -> little(((Number) value).longValue(), 8);
                case FLOAT -> little(Float.floatToRawIntBits(((Number) value).floatValue()), 4);
                case DOUBLE -> little(Double.doubleToRawLongBits(((Number) value).doubleValue()), 8);
                case STRING -> {
                    byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                    little(utf8.length, 4);
                    values.writeBytes(utf8);
                }
            }
        }

        private void little(long v, int bytes) {
            for (int i = 0; i < bytes; i++) {
                values.write((int) (v >>> 8 * i));
            }
        }

        /** The page's body: repetition levels (a list's), definition levels, each with its length, then the values. */
        byte[] page() throws IOException {
            if (bitCount > 0) {
                values.write(bits);
            }
            ByteArrayOutputStream page = new ByteArrayOutputStream();
            if (list) {
                levels(page, repetitions, 1);
            }
            levels(page, definitions, list ? 2 : 1);
            values.writeTo(page);
            return page.toByteArray();
        }

        /** Levels as one bit-packed run of the given width, after their length in four bytes. */
        private void levels(ByteArrayOutputStream page, byte[] levels, int width) {
            int groups = (count + 7) / 8;
            ByteArrayOutputStream run = new ByteArrayOutputStream(groups * width + 5);
            long header = (long) groups << 1 | 1;
            while ((header & ~0x7fL) != 0) {
                run.write((int) (header & 0x7f | 0x80));
                header >>>= 7;
            }
            run.write((int) header);
            long buffer = 0;
            int held = 0;
            for (int i = 0; i < groups * 8; i++) {
                buffer |= (long) (i < count ? levels[i] : 0) << held;
                held += width;
                while (held >= 8) {
                    run.write((int) (buffer & 0xff));
                    buffer >>>= 8;
                    held -= 8;
                }
            }
            int n = run.size();
            for (int i = 0; i < 4; i++) {
                page.write(n >>> 8 * i);
            }
            page.writeBytes(run.toByteArray());
        }

        void reset() {
            values.reset();
            count = 0;
            bits = 0;
            bitCount = 0;
        }
    }
}
