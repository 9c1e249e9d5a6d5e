package org.felicette.ingest.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A writer of Thrift's compact protocol, the mirror of {@link Thrift}: fields by id in rising
 * order, nested structs and lists of them, as Parquet's footer and page headers need.
 */
final class ThriftOut {

    private static final int I32 = 5;
    private static final int I64 = 6;
    private static final int BINARY = 8;
    private static final int LIST = 9;
    private static final int STRUCT = 12;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    ThriftOut i32(int id, long value) {
        field(id, I32);
        varint(zigzag(value));
        return this;
    }

    ThriftOut i64(int id, long value) {
        field(id, I64);
        varint(zigzag(value));
        return this;
    }

    ThriftOut i8(int id, int value) {
        field(id, 3);
        out.write(value);
        return this;
    }

    /** An element of a list written elsewhere (a struct from {@link #element} to its {@link #end}). */
    ThriftOut raw(byte[] element) {
        out.writeBytes(element);
        return this;
    }

    ThriftOut bool(int id, boolean value) {
        field(id, value ? 1 : 2);
        return this;
    }

    ThriftOut string(int id, String value) {
        field(id, BINARY);
        binary(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A struct field: its fields follow, then {@link #end}. */
    ThriftOut struct(int id) {
        field(id, STRUCT);
        lastIds.push(lastId);
        lastId = 0;
        return this;
    }

    /** The end of a struct (a field's, a list element's or the outermost). */
    ThriftOut end() {
        out.write(0);
        lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
        return this;
    }

    /** A list of {@code size} structs: each begins with {@link #element} and ends with {@link #end}. */
    ThriftOut structs(int id, int size) {
        field(id, LIST);
        listHeader(size, STRUCT);
        return this;
    }

    ThriftOut element() {
        lastIds.push(lastId);
        lastId = 0;
        return this;
    }

    ThriftOut i32s(int id, List<Integer> values) {
        field(id, LIST);
        listHeader(values.size(), I32);
        values.forEach(v -> varint(zigzag(v)));
        return this;
    }

    ThriftOut strings(int id, List<String> values) {
        field(id, LIST);
        listHeader(values.size(), BINARY);
        values.forEach(v -> binary(v.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void field(int id, int type) {
        int delta = id - lastId;
        if (delta > 0 && delta <= 15) {
            out.write(delta << 4 | type);
        } else {
            out.write(type);
            varint(zigzag(id));
        }
        lastId = id;
    }

    private void listHeader(int size, int type) {
        if (size < 15) {
            out.write(size << 4 | type);
        } else {
            out.write(0xf0 | type);
            varint(size);
        }
    }

    private void binary(byte[] bytes) {
        varint(bytes.length);
        out.writeBytes(bytes);
    }

    private void varint(long n) {
        while ((n & ~0x7fL) != 0) {
            out.write((int) (n & 0x7f | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }

    private static long zigzag(long n) {
        return n << 1 ^ n >> 63;
    }
}
