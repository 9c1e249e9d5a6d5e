package org.felicette.ingest.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A writer of flat Parquet files as rows stream in: every column optional, PLAIN encoding,
 * uncompressed, data pages v1, one page per column and row group. Rows are kept column by column
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

    /** A column of the file. */
    public record Column(String name, Type type) {
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
            chunks[i] = new Chunk(columns.get(i).type());
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
            size += chunks[i].values.size();
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
        meta.structs(2, columns.size() + 1);
        meta.element().string(4, "schema").i32(5, columns.size()).end();
        for (Column c : columns) {
            meta.element().i32(1, c.type().physical).i32(3, 1).string(4, c.name());
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
            byte[] page = chunk.page(groupRows);
            ThriftOut header = new ThriftOut().i32(1, 0).i32(2, page.length).i32(3, page.length)
                    .struct(5).i32(1, groupRows).i32(2, PLAIN).i32(3, RLE).i32(4, RLE).end().end();
            byte[] head = header.bytes();
            long offset = written;
            write(head);
            write(page);
            long size = head.length + page.length;
            total += size;
            group.element().i64(2, offset).struct(3).i32(1, chunk.type.physical).i32s(2, List.of(PLAIN, RLE))
                    .strings(3, List.of(columns.get(i).name())).i32(4, 0).i64(5, groupRows).i64(6, size)
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

    /** One column's values of the current row group: definition levels as bits, PLAIN values. */
    private static final class Chunk {
        private final Type type;
        private final ByteArrayOutputStream values = new ByteArrayOutputStream();
        private byte[] defined = new byte[1024];
        private int count;
        private int bits;
        private int bitCount;

        Chunk(Type type) {
            this.type = type;
        }

        void add(Object value) {
            if (count / 8 >= defined.length) {
                defined = java.util.Arrays.copyOf(defined, defined.length * 2);
            }
            if (value != null) {
                defined[count / 8] |= (byte) (1 << count % 8);
                plain(value);
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

        /** The page's body: the levels (length, one bit-packed run), then the values. */
        byte[] page(int rows) throws IOException {
            if (bitCount > 0) {
                values.write(bits);
            }
            int groups = (rows + 7) / 8;
            ByteArrayOutputStream levels = new ByteArrayOutputStream();
            long header = (long) groups << 1 | 1;
            while ((header & ~0x7fL) != 0) {
                levels.write((int) (header & 0x7f | 0x80));
                header >>>= 7;
            }
            levels.write((int) header);
            levels.write(defined, 0, groups);
            ByteArrayOutputStream page = new ByteArrayOutputStream(4 + levels.size() + values.size());
            int n = levels.size();
            for (int i = 0; i < 4; i++) {
                page.write(n >>> 8 * i);
            }
            levels.writeTo(page);
            values.writeTo(page);
            return page.toByteArray();
        }

        void reset() {
            values.reset();
            java.util.Arrays.fill(defined, (byte) 0);
            count = 0;
            bits = 0;
            bitCount = 0;
        }
    }
}
