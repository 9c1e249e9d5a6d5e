package org.felicette.ingest.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.ingest.BadData;
import org.felicette.ingest.RowSink;

/**
 * A reader of Parquet tables (each column a leaf of the root, or a LIST of numbers or booleans:
 * what pandas, astropy and pyarrow write for a table, an array column as a list): PLAIN and
 * dictionary encodings, data pages v1 and v2, with every codec common writers use but BROTLI
 * ({@link Codecs}). The columns of a row group are read in step, page by page, so memory holds one
 * page per column whatever the size of the file. Other nesting (structs, maps, lists of text or of
 * lists), and BROTLI, are refused with their name. Parquet's own library is not used (it needs
 * Hadoop); the page codecs are aircompressor's.
 */
public final class ParquetTables {

    /**
     * A column of the file: its name, and what the Parquet schema says of its type (of its
     * elements, for a list); {@code maxDefinition} is the definition level of a present value
     * (0 for a required column, 1 for an optional one, 2 or 3 for a list's element).
     */
    public record Column(String name, int physicalType, int convertedType, Map<Integer, Object> logicalType,
            boolean optional, boolean list, int maxDefinition) {

        Column(String name, int physicalType, int convertedType, Map<Integer, Object> logicalType, boolean optional) {
            this(name, physicalType, convertedType, logicalType, optional, false, optional ? 1 : 0);
        }

        /** The VOTable datatype, arraysize and xtype of the column's values, as a table would declare it. */
        public String[] votable() {
            if (list) {
                String[] element = new Column(name, physicalType, convertedType, logicalType, true).votable();
                return new String[] {element[0], "*", null};
            }
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
    static final int MAX_PAGE = 256 * 1024 * 1024;

    private ParquetTables() {
    }

    /** The schema of a Parquet file, from its footer. */
    public static Schema schema(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel).schema;
        }
    }

    /** Streams the rows of a Parquet file into a handler: names first, then each row. */
    public static void stream(Path file, RowSink handler) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Footer footer = read(channel);
            handler.columns(footer.schema.columns().stream().map(Column::name).toList());
            int n = footer.schema.columns().size();
            int groupIndex = -1;
            for (Object g : Thrift.list(footer.metadata, 4)) {
                groupIndex++;
                @SuppressWarnings("unchecked")
                Map<Integer, Object> group = (Map<Integer, Object>) g;
                long rows = Thrift.integer(group, 3, 0);
                List<Object> chunks = Thrift.list(group, 1);
                if (chunks.size() != n) {
                    throw new BadData("a row group of the Parquet file has " + chunks.size() + " columns, its schema " + n);
                }
                ColumnChunkReader[] readers = new ColumnChunkReader[n];
                for (int c = 0; c < n; c++) {
                    @SuppressWarnings("unchecked")
                    Map<Integer, Object> chunk = (Map<Integer, Object>) chunks.get(c);
                    Map<Integer, Object> meta = Thrift.child(chunk, 3);
                    if (meta == null) {
                        throw new BadData("a column chunk of the Parquet file has no metadata (or lives in another file)");
                    }
                    try {
                        readers[c] = new ColumnChunkReader(channel, footer.schema.columns().get(c), meta, groupIndex);
                    } catch (RuntimeException e) {
                        throw damaged(e);
                    }
                }
                for (long r = 0; r < rows; r++) {
                    Object[] row = new Object[n];
                    for (int c = 0; c < n; c++) {
                        row[c] = damageChecked(readers[c]);
                    }
                    handler.row(row);
                }
            }
        }
    }

    private record Footer(Map<Integer, Object> metadata, Schema schema) {
    }

    /**
     * The next value of a column; a damaged page (lengths, offsets or values that do not fit,
     * whatever the checks above did not catch) is the file's fault, never the server's.
     */
    private static Object damageChecked(ColumnChunkReader reader) throws IOException {
        try {
            return reader.next();
        } catch (RuntimeException e) {
            throw damaged(e);
        }
    }

    private static BadData damaged(RuntimeException e) {
        return new BadData("the Parquet file is damaged (" + e.getClass().getSimpleName() + " while reading it)", e);
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Object> element(List<Object> elements, int[] at) throws BadData {
        if (at[0] >= elements.size()) {
            throw new BadData("the Parquet file's schema ends inside a group");
        }
        return (Map<Integer, Object>) elements.get(at[0]++);
    }

    /**
     * The next top-level column of the schema (elements read depth first): a leaf, or a LIST
     * group in its three-level form ({@code optional group (LIST) { repeated group list { optional
     * element } }}) or the older two-level one ({@code repeated} element directly in the group).
     */
    private static Column column(List<Object> elements, int[] at) throws BadData {
        Map<Integer, Object> e = element(elements, at);
        String name = Thrift.string(e, 4);
        long repetition = Thrift.integer(e, 3, 0);
        if (repetition == 2) {
            throw new BadData("unsupported_column", "column '" + name + "' of the Parquet file is repeated");
        }
        long children = Thrift.integer(e, 5, 0);
        if (children == 0 && e.containsKey(1)) {
            int type = (int) Thrift.integer(e, 1, -1);
            if (type == 7) {
                throw new BadData("unsupported_column", "column '" + name + "' of the Parquet file is a fixed-length "
                        + "byte array (a decimal or UUID), which no VOTable type holds");
            }
            return new Column(name, type, (int) Thrift.integer(e, 6, -1), Thrift.child(e, 10), repetition == 1);
        }
        Map<Integer, Object> logical = Thrift.child(e, 10);
        boolean isList = Thrift.integer(e, 6, -1) == 3 || logical != null && logical.containsKey(3);
        String nested = "unsupported_column";
        String refusal = "column '" + name + "' of the Parquet file is nested (a map, a struct, or a list of text or "
                + "of lists); a load takes one value or one array of numbers per column and row";
        if (!isList || children != 1) {
            throw new BadData(nested, refusal);
        }
        int listDefinition = repetition == 1 ? 1 : 0;
        Map<Integer, Object> repeated = element(elements, at);
        if (Thrift.integer(repeated, 3, 0) != 2) {
            throw new BadData(nested, refusal);
        }
        Map<Integer, Object> leaf = repeated;
        int definition = listDefinition + 1;
        if (Thrift.integer(repeated, 5, 0) == 1) {
            leaf = element(elements, at);
            if (Thrift.integer(leaf, 3, 0) == 2) {
                throw new BadData(nested, refusal);
            }
            definition += Thrift.integer(leaf, 3, 0) == 1 ? 1 : 0;
        } else if (Thrift.integer(repeated, 5, 0) != 0) {
            throw new BadData(nested, refusal);
        }
        if (Thrift.integer(leaf, 5, 0) != 0 || !leaf.containsKey(1)) {
            throw new BadData(nested, refusal);
        }
        int type = (int) Thrift.integer(leaf, 1, -1);
        if (type == BYTE_ARRAY || type == 7 || type == INT96) {
            throw new BadData(nested, refusal);
        }
        Column list = new Column(name, type, (int) Thrift.integer(leaf, 6, -1), Thrift.child(leaf, 10),
                repetition == 1, true, definition);
        if (list.votable()[0].equals("char")) { // a list of dates or times: no VOTable array holds them
            throw new BadData(nested, refusal);
        }
        return list;
    }

    private static Footer read(FileChannel channel) throws IOException {
        try {
            return readFooter(channel);
        } catch (RuntimeException e) {
            throw damaged(e);
        }
    }

    private static Footer readFooter(FileChannel channel) throws IOException {
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
        int[] at = {1};
        @SuppressWarnings("unchecked")
        long children = Thrift.integer((Map<Integer, Object>) elements.get(0), 5, elements.size() - 1);
        for (long c = 0; c < children && at[0] < elements.size(); c++) {
            columns.add(column(elements, at));
        }
        if (at[0] != elements.size()) {
            throw new BadData("the Parquet file's schema has elements outside its root");
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
}
