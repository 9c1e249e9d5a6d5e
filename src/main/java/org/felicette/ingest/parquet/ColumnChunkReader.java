package org.felicette.ingest.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.felicette.ingest.BadData;

/**
 * One column of one row group, read page by page: its dictionary, then each data page decoded
 * into values (null where the definition level says so) as the rows need them.
 */
final class ColumnChunkReader {
    private final FileChannel channel;
    private final ParquetTables.Column column;
    private final int codec;
    private final int rowGroup;
    private long position;
    private final long end;
    private Object[] dictionary;
    private Object[] page = new Object[0];
    private int[] repetitions = new int[0]; // a list's: 0 where a row starts
    private int[] definitions = new int[0]; // a list's: how much of the row or element is there
    private int next;

    /** @param rowGroup the chunk's row group, from 0 */
    ColumnChunkReader(FileChannel channel, ParquetTables.Column column, Map<Integer, Object> meta, int rowGroup)
            throws BadData {
        this.channel = channel;
        this.column = column;
        this.rowGroup = rowGroup;
        this.codec = (int) Thrift.integer(meta, 4, 0);
        if (!Codecs.readable(codec)) {
            throw new BadData("unsupported_compression", where() + " is compressed with " + Codecs.name(codec)
                    + "; this service reads " + Codecs.readableNames() + " (pyarrow: compression='zstd')");
        }
        long data = Thrift.integer(meta, 9, -1);
        long dict = Thrift.integer(meta, 11, -1);
        this.position = dict > 0 && dict < data ? dict : data;
        this.end = position + Thrift.integer(meta, 7, 0);
    }

    Object next() throws IOException {
        if (column.list()) {
            return nextList();
        }
        while (next >= page.length) {
            if (position >= end) {
                throw new BadData(where() + " has fewer values than rows");
            }
            readPage();
        }
        return page[next++];
    }

    /**
     * The next row's list, assembled from its entries (a row may go on into the next page): null,
     * or an array of its elements (null where an element is null).
     */
    private Object nextList() throws IOException {
        int listPresent = column.optional() ? 1 : 0;
        java.util.List<Object> elements = new java.util.ArrayList<>();
        boolean started = false;
        boolean isNull = false;
        while (true) {
            while (next >= page.length) {
                if (position >= end) {
                    if (started) {
                        return isNull ? null : elements.toArray();
                    }
                    throw new BadData(where() + " has fewer values than rows");
                }
                readPage();
            }
            if (started && repetitions[next] == 0) {
                return isNull ? null : elements.toArray();
            }
            int definition = definitions[next];
            Object value = page[next++];
            started = true;
            if (definition < listPresent) {
                isNull = true;
            } else if (definition > listPresent) {
                elements.add(definition == column.maxDefinition() ? value : null);
            } // else: the list is there and empty
        }
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
        if (compressed < 0 || compressed > ParquetTables.MAX_PAGE || uncompressed < 0 || uncompressed > ParquetTables.MAX_PAGE
                || position + compressed > end) {
            throw new BadData("a page of " + where() + " does not fit its chunk");
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
        try {
            if (column.list()) {
                int length = in.getInt();
                repetitions = levels(in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN), 1, count);
                in.position(in.position() + length);
            }
            if (column.maxDefinition() > 0) {
                int length = in.getInt();
                present = present(in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN), count);
                in.position(in.position() + length);
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new BadData("a page of " + where() + " is truncated");
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
        if (repLength < 0 || defLength < 0 || repLength + defLength > raw.length) {
            throw new BadData("a page of " + where() + " is truncated");
        }
        if (column.list()) {
            repetitions = levels(ByteBuffer.wrap(raw, 0, repLength).slice().order(ByteOrder.LITTLE_ENDIAN), 1, count);
        }
        if (column.maxDefinition() > 0) {
            present = present(ByteBuffer.wrap(raw, repLength, defLength).slice().order(ByteOrder.LITTLE_ENDIAN),
                    count);
        }
        int offset = repLength + defLength;
        byte[] values = java.util.Arrays.copyOfRange(raw, offset, raw.length);
        if (isCompressed) {
            values = decompress(values, uncompressedSize - offset);
        }
        values(ByteBuffer.wrap(values).order(ByteOrder.LITTLE_ENDIAN), encoding, count, present);
    }

    /** Levels of the given maximum, as the RLE / bit-packing hybrid of its bit width holds them. */
    private static int[] levels(ByteBuffer in, int max, int count) throws BadData {
        int[] levels = new int[count];
        Rle.decode(in, 32 - Integer.numberOfLeadingZeros(max), levels, count);
        return levels;
    }

    /** Definition levels as presence flags (a value is there at the column's maximum), kept for a list. */
    private boolean[] present(ByteBuffer in, int count) throws BadData {
        int[] levels = levels(in, column.maxDefinition(), count);
        if (column.list()) {
            definitions = levels;
        }
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            present[i] = levels[i] == column.maxDefinition();
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
                throw new BadData(where() + " uses a dictionary it lacks");
            }
            int width = in.get() & 0xff;
            int[] indexes = new int[nonNull];
            Rle.decode(in, width, indexes, nonNull);
            decoded = new Object[nonNull];
            for (int i = 0; i < nonNull; i++) {
                if (indexes[i] < 0 || indexes[i] >= dictionary.length) {
                    throw new BadData(where() + " refers past its dictionary");
                }
                decoded[i] = dictionary[indexes[i]];
            }
        } else if (encoding == 3 && column.physicalType() == ParquetTables.BOOLEAN) {
            in.getInt(); // v2 booleans: RLE with a length prefix
            int[] bits = new int[nonNull];
            Rle.decode(in, 1, bits, nonNull);
            decoded = new Object[nonNull];
            for (int i = 0; i < nonNull; i++) {
                decoded[i] = bits[i] == 1;
            }
        } else {
            throw new BadData("unsupported_encoding", where() + " uses "
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
                case ParquetTables.BOOLEAN -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = (in.get(in.position() + i / 8) >>> (i % 8) & 1) == 1;
                    }
                }
                case ParquetTables.INT32 -> {
                    boolean date = column.convertedType() == 6 || column.logicalType() != null
                            && column.logicalType().containsKey(6);
                    boolean unsigned = column.votable()[0].equals("long");
                    for (int i = 0; i < count; i++) {
                        int v = in.getInt();
                        out[i] = date ? LocalDate.ofEpochDay(v).toString() : unsigned ? (Object) (v & 0xffffffffL) : v;
                    }
                }
                case ParquetTables.INT64 -> {
                    ChronoUnit unit = timestampUnit();
                    for (int i = 0; i < count; i++) {
                        long v = in.getLong();
                        out[i] = unit == null ? (Object) v : LocalDateTime.of(1970, 1, 1, 0, 0).plus(v, unit).toString();
                    }
                }
                case ParquetTables.INT96 -> {
                    for (int i = 0; i < count; i++) {
                        long nanos = in.getLong();
                        int julianDay = in.getInt();
                        out[i] = LocalDate.ofEpochDay(julianDay - 2440588L).atStartOfDay().plusNanos(nanos).toString();
                    }
                }
                case ParquetTables.FLOAT -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = in.getFloat();
                    }
                }
                case ParquetTables.DOUBLE -> {
                    for (int i = 0; i < count; i++) {
                        out[i] = in.getDouble();
                    }
                }
                case ParquetTables.BYTE_ARRAY -> {
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
            throw new BadData("a page of " + where() + " is truncated");
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
        return Codecs.decompress(codec, raw, uncompressed, "a page of " + where());
    }

    /** The chunk as a message names it: {@code column 'ra' (row group 2) of the Parquet file}. */
    private String where() {
        return "column '" + column.name() + "' (row group " + (rowGroup + 1) + ") of the Parquet file";
    }
}
