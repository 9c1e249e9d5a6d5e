package org.felicette.ingest.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.felicette.ingest.BadData;

/**
 * A reader of Thrift's compact protocol, as Parquet writes its footer and page headers: a struct
 * becomes a map from field id to value (Long for integers, Boolean, Double, byte[] for binary,
 * List, or a nested Map for a struct), which the Parquet reader picks its fields from.
 */
final class Thrift {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_ELEMENTS = 10_000_000;

    private final ByteBuffer in;

    Thrift(ByteBuffer in) {
        this.in = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes read so far. */
    int position() {
        return in.position();
    }

    Map<Integer, Object> struct() throws BadData {
        try {
            return struct(0);
        } catch (RuntimeException e) {
            throw new BadData("the Parquet file's metadata cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Map<Integer, Object> struct(int depth) throws BadData {
        if (depth > MAX_DEPTH) {
            throw new BadData("the Parquet file's metadata nests too deeply");
        }
        Map<Integer, Object> fields = new HashMap<>();
        int last = 0;
        while (true) {
            int header = in.get() & 0xff;
            if (header == 0) {
                return fields;
            }
            int type = header & 0x0f;
            int delta = header >>> 4;
            int id = delta != 0 ? last + delta : (int) zigzag(varint());
            last = id;
            fields.put(id, value(type, depth));
        }
    }

    private Object value(int type, int depth) throws BadData {
        return switch (type) {
            case 1 -> Boolean.TRUE;
            case 2 -> Boolean.FALSE;
            case 3 -> (long) in.get();
            case 4, 5, 6 -> zigzag(varint());
            case 7 -> in.getDouble();
            case 8 -> binary();
            case 9, 10 -> list(depth);
            case 11 -> map(depth);
            case 12 -> struct(depth + 1);
            default -> throw new BadData("the Parquet file's metadata has an unknown Thrift type " + type);
        };
    }

    private byte[] binary() throws BadData {
        long length = varint();
        if (length < 0 || length > in.remaining()) {
            throw new BadData("the Parquet file's metadata is truncated");
        }
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return bytes;
    }

    private List<Object> list(int depth) throws BadData {
        int header = in.get() & 0xff;
        long size = header >>> 4;
        if (size == 15) {
            size = varint();
        }
        if (size < 0 || size > MAX_ELEMENTS) {
            throw new BadData("the Parquet file's metadata has a list of " + size + " elements");
        }
        int type = header & 0x0f;
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            out.add(type == 1 || type == 2 ? in.get() == 1 : value(type, depth + 1));
        }
        return out;
    }

    private Map<Object, Object> map(int depth) throws BadData {
        long size = varint();
        Map<Object, Object> out = new HashMap<>();
        if (size == 0) {
            return out;
        }
        int types = in.get() & 0xff;
        for (long i = 0; i < size; i++) {
            out.put(value(types >>> 4, depth + 1), value(types & 0x0f, depth + 1));
        }
        return out;
    }

    private long varint() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = in.get() & 0xff;
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalStateException("varint too long");
            }
        }
    }

    private static long zigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    static long integer(Map<Integer, Object> struct, int id, long otherwise) {
        Object v = struct.get(id);
        return v instanceof Long l ? l : otherwise;
    }

    @SuppressWarnings("unchecked")
    static Map<Integer, Object> child(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof Map<?, ?> m ? (Map<Integer, Object>) m : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String string(Map<Integer, Object> struct, int id) {
        Object v = struct.get(id);
        return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : null;
    }
}
