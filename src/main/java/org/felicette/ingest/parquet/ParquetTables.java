package org.felicette.ingest.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.felicette.ingest.BadData;
import org.felicette.ingest.RowHandler;

/**
 * A reader of flat Parquet tables (each column a leaf of the root: what pandas, astropy and
 * pyarrow write for a table): PLAIN and dictionary encodings, data pages v1 and v2, uncompressed,
 * Snappy or gzip. The columns of a row group are read in step, page by page, so memory holds one
 * page per column whatever the size of the file. Nested columns, and codecs other than these,
 * are refused with their name. No dependency: Parquet's own library needs Hadoop.
 */
public final class ParquetTables {

    /** A column of the file: its name, and what the Parquet schema says of its type. */
    public record Column(String name, int physicalType, int convertedType, Map<Integer, Object> logicalType,
            boolean optional) {

        /** The VOTable datatype, arraysize and xtype of the column's values, as a table would declare it. */
        public String[] votable() {
            if (logicalType != null && logicalType.containsKey(8) || convertedType == 9 || convertedType == 10
                    || physicalType == INT96 || logicalType != null && logicalType.containsKey(6) || convertedType == 6) {
                return new String[] {"char", "*", "timestamp"};
            }
            return switch (physicalType) {
                case BOOLEAN -> new String[] {"boolean", null, null};
                case INT32 -> new String[] {bits() <= 16 ? "short" : bits() <= 32 && !unsigned32() ? "int" : "long",
                    null, null};
                case INT64 -> new String[] {"long", null, null};
                case FLOAT -> new String[] {"float", null, null};
                case DOUBLE -> new String[] {"double", null, null};
                default -> new String[] {"char", "*", null};
            };
        }

        private int bits() {
            Map<Integer, Object> integer = logicalType == null ? null : Thrift.child(logicalType, 10);
            if (integer != null) {
                return (int) Thrift.integer(integer, 1, 32);
            }
            return switch (convertedType) {
                case 11, 15 -> 8;
                case 12, 16 -> 16;
                default -> 32;
            };
        }

        private boolean unsigned32() {
            Map<Integer, Object> integer = logicalType == null ? null : Thrift.child(logicalType, 10);
            return convertedType == 13 || integer != null && Boolean.FALSE.equals(integer.get(2))
                    && Thrift.integer(integer, 1, 32) == 32;
        }
    }

    /** The file's columns and key-value metadata (VOParquet keeps a VOTable there). */
    public record Schema(List<Column> columns, Map<String, String> keyValues, long rows) {

        /** VOParquet's VOTable of the columns' metadata, or null. */
        public String votable() {
            return keyValues.get("IVOA.VOTable-Parquet.content");
        }
    }

    static final int BOOLEAN = 0;
    static final int INT32 = 1;
    static final int INT64 = 2;
    static final int INT96 = 3;
    static final int FLOAT = 4;
    static final int DOUBLE = 5;
    static final int BYTE_ARRAY = 6;
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FOOTER = 64 * 1024 * 1024;
    private static final int MAX_PAGE = 256 * 1024 * 1024;

    private ParquetTables() {
    }

    /** The schema of a Parquet file, from its footer. */
    public static Schema schema(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel).schema;
        }
    }

    /** Streams the rows of a Parquet file into a handler: names first, then each row. */
    public static void stream(Path file, RowHandler handler) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Footer footer = read(channel);
            handler.columns(footer.schema.columns().stream().map(Column::name).toList());
            int n = footer.schema.columns().size();
            for (Object g : Thrift.list(footer.metadata, 4)) {
                @SuppressWarnings("unchecked")
                Map<Integer, Object> group = (Map<Integer, Object>) g;
                long rows = Thrift.integer(group, 3, 0);
                List<Object> chunks = Thrift.list(group, 1);
                if (chunks.size() != n) {
                    throw new BadData("a row group of the Parquet file has " + chunks.size() + " columns, its schema " + n);
                }
                ColumnReader[] readers = new ColumnReader[n];
                for (int c = 0; c < n; c++) {
                    @SuppressWarnings("unchecked")
                    Map<Integer, Object> chunk = (Map<Integer, Object>) chunks.get(c);
                    Map<Integer, Object> meta = Thrift.child(chunk, 3);
                    if (meta == null) {
                        throw new BadData("a column chunk of the Parquet file has no metadata (or lives in another file)");
                    }
                    readers[c] = new ColumnReader(channel, footer.schema.columns().get(c), meta);
                }
                for (long r = 0; r < rows; r++) {
                    Object[] row = new Object[n];
                    for (int c = 0; c < n; c++) {
                        row[c] = readers[c].next();
                    }
                    handler.row(row);
                }
            }
        }
    }

    private record Footer(Map<Integer, Object> metadata, Schema schema) {
    }

    private static Footer read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 12) {
            throw new BadData("the body is not a Parquet file (it is " + size + " bytes long)");
        }
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(tail, size - 8);
        tail.flip();
        int length = tail.getInt();
        byte[] magic = new byte[4];
        tail.get(magic);
        ByteBuffer head = ByteBuffer.allocate(4);
        channel.read(head, 0);
        if (!java.util.Arrays.equals(magic, MAGIC) || !java.util.Arrays.equals(head.array(), MAGIC)) {
            throw new BadData("the body is not a Parquet file (no PAR1 mark at its start and end: truncated?)");
        }
        if (length <= 0 || length > MAX_FOOTER || length > size - 12) {
            throw new BadData("the Parquet file's footer length (" + length + ") does not fit the file");
        }
        ByteBuffer footer = ByteBuffer.allocate(length);
        channel.read(footer, size - 8 - length);
        footer.flip();
        Map<Integer, Object> metadata = new Thrift(footer).struct();
        List<Object> elements = Thrift.list(metadata, 2);
        if (elements.isEmpty()) {
            throw new BadData("the Parquet file has no schema");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i < elements.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<Integer, Object> e = (Map<Integer, Object>) elements.get(i);
            String name = Thrift.string(e, 4);
            if (Thrift.integer(e, 5, 0) > 0 || !e.containsKey(1)) {
                throw new BadData("unsupported_column", "column '" + name + "' of the Parquet file is nested (a list, "
                        + "map or struct); a load takes flat tables, one value per column and row");
            }
            long repetition = Thrift.integer(e, 3, 0);
            if (repetition == 2) {
                throw new BadData("unsupported_column", "column '" + name + "' of the Parquet file is repeated");
            }
            int type = (int) Thrift.integer(e, 1, -1);
            if (type == 7) {
                throw new BadData("unsupported_column", "column '" + name + "' of the Parquet file is a fixed-length "
                        + "byte array (a decimal or UUID), which no VOTable type holds");
            }
            columns.add(new Column(name, type, (int) Thrift.integer(e, 6, -1), Thrift.child(e, 10), repetition == 1));
        }
        Map<String, String> keyValues = new java.util.LinkedHashMap<>();
        for (Object kv : Thrift.list(metadata, 5)) {
            @SuppressWarnings("unchecked")
            Map<Integer, Object> pair = (Map<Integer, Object>) kv;
            String key = Thrift.string(pair, 1);
            if (key != null) {
                keyValues.put(key, Thrift.string(pair, 2));
            }
        }
        return new Footer(metadata, new Schema(columns, keyValues, Thrift.integer(metadata, 3, 0)));
    }

    /** One column of one row group, read page by page. */
    private static final class ColumnReader {
        private final FileChannel channel;
        private final Column column;
        private final int codec;
        private long position;
        private final long end;
        private Object[] dictionary;
        private Object[] page = new Object[0];
        private int next;

        ColumnReader(FileChannel channel, Column column, Map<Integer, Object> meta) throws BadData {
            this.channel = channel;
            this.column = column;
            this.codec = (int) Thrift.integer(meta, 4, 0);
            if (codec != 0 && codec != 1 && codec != 2) {
                throw new BadData("unsupported_compression", "column '" + column.name() + "' of the Parquet file is "
                        + "compressed with " + codecName(codec) + "; this service reads uncompressed, SNAPPY and GZIP "
                        + "Parquet (pyarrow: compression='snappy')");
            }
            long data = Thrift.integer(meta, 9, -1);
            long dict = Thrift.integer(meta, 11, -1);
            this.position = dict > 0 && dict < data ? dict : data;
            this.end = position + Thrift.integer(meta, 7, 0);
        }

        Object next() throws IOException {
            while (next >= page.length) {
                if (position >= end) {
                    throw new BadData("column '" + column.name() + "' of the Parquet file has fewer values than rows");
                }
                readPage();
            }
            return page[next++];
        }

        private void readPage() throws IOException {
            ByteBuffer headerBytes = ByteBuffer.allocate((int) Math.min(64 * 1024, end - position));
            channel.read(headerBytes, position);
            headerBytes.flip();
            Thrift thrift = new Thrift(headerBytes);
            Map<Integer, Object> header = thrift.struct();
            position += thrift.position();
            int type = (int) Thrift.integer(header, 1, -1);
            int uncompressed = (int) Thrift.integer(header, 2, -1);
            int compressed = (int) Thrift.integer(header, 3, -1);
            if (compressed < 0 || compressed > MAX_PAGE || uncompressed < 0 || uncompressed > MAX_PAGE
                    || position + compressed > end) {
                throw new BadData("a page of column '" + column.name() + "' of the Parquet file does not fit its chunk");
            }
            ByteBuffer body = ByteBuffer.allocate(compressed);
            while (body.hasRemaining() && channel.read(body, position + body.position()) > 0) {
                // read the whole page
            }
            position += compressed;
            byte[] raw = body.array();
            switch (type) {
                case 2 -> { // dictionary page
                    Map<Integer, Object> dh = Thrift.child(header, 7);
                    int count = (int) Thrift.integer(dh, 1, 0);
                    dictionary = plain(ByteBuffer.wrap(decompress(raw, uncompressed)).order(ByteOrder.LITTLE_ENDIAN),
                            count);
                    page = new Object[0];
                    next = 0;
                }
                case 0 -> dataPageV1(Thrift.child(header, 5), decompress(raw, uncompressed));
                case 3 -> dataPageV2(Thrift.child(header, 8), raw, uncompressed);
                default -> {
                    page = new Object[0]; // an index page: nothing to read here
                    next = 0;
                }
            }
        }

        private void dataPageV1(Map<Integer, Object> h, byte[] data) throws BadData {
            int count = (int) Thrift.integer(h, 1, 0);
            int encoding = (int) Thrift.integer(h, 2, 0);
            ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            boolean[] present = null;
            if (column.optional()) {
                int length = in.getInt();
                present = levels(in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN), count);
                in.position(in.position() + length);
            }
            values(in.slice().order(ByteOrder.LITTLE_ENDIAN), encoding, count, present);
        }

        private void dataPageV2(Map<Integer, Object> h, byte[] raw, int uncompressedSize) throws BadData {
            int count = (int) Thrift.integer(h, 1, 0);
            int encoding = (int) Thrift.integer(h, 4, 0);
            int defLength = (int) Thrift.integer(h, 5, 0);
            int repLength = (int) Thrift.integer(h, 6, 0);
            boolean isCompressed = !Boolean.FALSE.equals(h.get(7));
            boolean[] present = null;
            if (column.optional()) {
                present = levels(ByteBuffer.wrap(raw, repLength, defLength).slice().order(ByteOrder.LITTLE_ENDIAN),
                        count);
            }
            int offset = repLength + defLength;
            byte[] values = java.util.Arrays.copyOfRange(raw, offset, raw.length);
            if (isCompressed) {
                values = decompress(values, uncompressedSize - offset);
            }
            values(ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN), encoding, count, present);
        }

        /** Definition levels (max 1: a flat optional column) as presence flags. */
        private boolean[] levels(ByteBuffer in, int count) throws BadData {
            int[] levels = new int[count];
            Rle.decode(in, 1, levels, count);
            boolean[] present = new boolean[count];
            for (int i = 0; i < count; i++) {
                present[i] = levels[i] == 1;
            }
            return present;
        }

        private void values(ByteBuffer in, int encoding, int count, boolean[] present) throws BadData {
            int nonNull = count;
            if (present != null) {
                nonNull = 0;
                for (boolean p : present) {
                    nonNull += p ? 1 : 0;
                }
            }
            Object[] decoded;
            if (encoding == 0) {
                decoded = plain(in, nonNull);
            } else if (encoding == 2 || encoding == 8) {
                if (dictionary == null) {
                    throw new BadData("column '" + column.name() + "' of the Parquet file uses a dictionary it lacks");
                }
                int width = in.get() & 0xff;
                int[] indexes = new int[nonNull];
                Rle.decode(in, width, indexes, nonNull);
                decoded = new Object[nonNull];
                for (int i = 0; i < nonNull; i++) {
                    if (indexes[i] < 0 || indexes[i] >= dictionary.length) {
                        throw new BadData("column '" + column.name() + "' of the Parquet file refers past its dictionary");
                    }
                    decoded[i] = dictionary[indexes[i]];
                }
            } else if (encoding == 3 && column.physicalType() == BOOLEAN) {
                in.getInt(); // v2 booleans: RLE with a length prefix
                int[] bits = new int[nonNull];
                Rle.decode(in, 1, bits, nonNull);
                decoded = new Object[nonNull];
                for (int i = 0; i < nonNull; i++) {
                    decoded[i] = bits[i] == 1;
                }
            } else {
                throw new BadData("unsupported_encoding", "column '" + column.name() + "' of the Parquet file uses "
                        + "encoding " + encoding + "; this service reads PLAIN and dictionary encodings (pyarrow's "
                        + "defaults)");
            }
            if (present == null) {
                page = decoded;
            } else {
                page = new Object[count];
                int v = 0;
                for (int i = 0; i < count; i++) {
                    page[i] = present[i] ? decoded[v++] : null;
                }
            }
            next = 0;
        }

        private Object[] plain(ByteBuffer in, int count) throws BadData {
            Object[] out = new Object[count];
            try {
                switch (column.physicalType()) {
                    case BOOLEAN -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = (in.get(in.position() + i / 8) >>> (i % 8) & 1) == 1;
                        }
                    }
                    case INT32 -> {
                        boolean date = column.convertedType() == 6 || column.logicalType() != null
                                && column.logicalType().containsKey(6);
                        boolean unsigned = column.votable()[0].equals("long");
                        for (int i = 0; i < count; i++) {
                            int v = in.getInt();
                            out[i] = date ? LocalDate.ofEpochDay(v).toString() : unsigned ? (Object) (v & 0xffffffffL) : v;
                        }
                    }
                    case INT64 -> {
                        ChronoUnit unit = timestampUnit();
                        for (int i = 0; i < count; i++) {
                            long v = in.getLong();
                            out[i] = unit == null ? (Object) v : LocalDateTime.of(1970, 1, 1, 0, 0).plus(v, unit).toString();
                        }
                    }
                    case INT96 -> {
                        for (int i = 0; i < count; i++) {
                            long nanos = in.getLong();
                            int julianDay = in.getInt();
                            out[i] = LocalDate.ofEpochDay(julianDay - 2440588L).atStartOfDay().plusNanos(nanos).toString();
                        }
                    }
                    case FLOAT -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = in.getFloat();
                        }
                    }
                    case DOUBLE -> {
                        for (int i = 0; i < count; i++) {
                            out[i] = in.getDouble();
                        }
                    }
                    case BYTE_ARRAY -> {
                        for (int i = 0; i < count; i++) {
                            int length = in.getInt();
                            out[i] = new String(in.array(), in.arrayOffset() + in.position(), length,
                                    StandardCharsets.UTF_8);
                            in.position(in.position() + length);
                        }
                    }
                    default -> throw new BadData("column '" + column.name() + "' has a Parquet type this service does "
                            + "not read");
                }
            } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
                throw new BadData("a page of column '" + column.name() + "' of the Parquet file is truncated");
            }
            return out;
        }

        private ChronoUnit timestampUnit() {
            Map<Integer, Object> ts = column.logicalType() == null ? null : Thrift.child(column.logicalType(), 8);
            if (ts != null) {
                Map<Integer, Object> unit = Thrift.child(ts, 2);
                if (unit != null && unit.containsKey(1)) {
                    return ChronoUnit.MILLIS;
                }
                if (unit != null && unit.containsKey(3)) {
                    return ChronoUnit.NANOS;
                }
                return ChronoUnit.MICROS;
            }
            return column.convertedType() == 9 ? ChronoUnit.MILLIS : column.convertedType() == 10 ? ChronoUnit.MICROS
                    : null;
        }

        private byte[] decompress(byte[] raw, int uncompressed) throws BadData {
            return switch (codec) {
                case 1 -> Snappy.decompress(raw, uncompressed);
                case 2 -> {
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                        byte[] out = in.readNBytes(uncompressed);
                        if (out.length != uncompressed) {
                            throw new BadData("a gzip page of the Parquet file is short of its length");
                        }
                        yield out;
                    } catch (IOException e) {
                        throw new BadData("a gzip page of the Parquet file cannot be read: " + e.getMessage());
                    }
                }
                default -> raw;
            };
        }

        private static String codecName(int codec) {
            return switch (codec) {
                case 3 -> "LZO";
                case 4 -> "BROTLI";
                case 5 -> "LZ4";
                case 6 -> "ZSTD";
                case 7 -> "LZ4_RAW";
                default -> "codec " + codec;
            };
        }
    }
}
