package org.felicette.ingest;

import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Rows in VOTable's BINARY2 serialization (VOTable 1.3 §5.5), base64 as a STREAM holds them:
 * each row a null mask (a bit per field, the first field's the highest bit of the first byte),
 * then each field in big-endian binary as its FIELD declares it (a variable-length value after
 * its element count). A null field still takes its place: zeros, or an empty variable value.
 */
final class Binary2Rows {

    /** The datatypes written in binary; any other is served as text. */
    static final java.util.Set<String> BINARY = java.util.Set.of("boolean", "unsignedByte", "short", "int", "long",
            "float", "double", "char", "unicodeChar");

    /** How one field is written: its datatype (and its kind, to switch on), and its element count (-1: variable, 1: a scalar). */
    private record Field(String datatype, int kind, int count) {

        Field(String datatype, int count) {
            this(datatype, KINDS.indexOf(datatype), count);
        }
    }

    /** The datatypes by the number a field's kind is. */
    private static final List<String> KINDS = List.of("boolean", "unsignedByte", "short", "int", "long", "float",
            "double", "char", "unicodeChar");
    private static final int CHAR = 7;
    private static final int UNICODE_CHAR = 8;

    private final Field[] fields;
    private final OutputStream encoder;
    private final DataOutputStream out;

    /** @param fields the FIELDs as written (datatype and arraysize already what VOTable says) */
    Binary2Rows(OutputStream raw, List<String[]> fields) {
        this.fields = fields.stream().map(f -> new Field(f[0], count(f[1]))).toArray(Field[]::new);
        OutputStream kept = new FilterOutputStream(raw) { // closing the encoder ends base64, not the response
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        this.encoder = Base64.getMimeEncoder(76, new byte[] {'\n'}).wrap(kept);
        this.out = new DataOutputStream(new java.io.BufferedOutputStream(encoder, 64 * 1024));
    }

    private static int count(String arraysize) {
        if (arraysize == null || arraysize.isBlank()) {
            return 1;
        }
        if (arraysize.endsWith("*")) {
            return -1;
        }
        int n = 1;
        try {
            for (String dim : arraysize.split("x")) {
                n *= Integer.parseInt(dim.strip());
            }
        } catch (NumberFormatException e) {
            return -1; // an arraysize VOTable would not write: its values as a variable-length array
        }
        return n;
    }

    void row(Object[] values) throws IOException {
        byte[] mask = new byte[(fields.length + 7) / 8];
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null) {
                mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        out.write(mask);
        for (int i = 0; i < fields.length; i++) {
            field(fields[i], values[i]);
        }
    }

    private void field(Field f, Object value) throws IOException {
        if (f.kind() == CHAR || f.kind() == UNICODE_CHAR) {
            text(f, value == null ? "" : ValueText.of(value, "T", "F"));
            return;
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            if (f.count() < 0) {
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    scalar(f, Array.get(value, i));
                }
            } else {
                for (int i = 0; i < f.count(); i++) {
                    scalar(f, i < n ? Array.get(value, i) : null);
                }
            }
            return;
        }
        if (f.count() < 0) {
            if (value == null) {
                out.writeInt(0);
            } else {
                out.writeInt(1);
                scalar(f, value);
            }
            return;
        }
        for (int i = 0; i < f.count(); i++) {
            scalar(f, i == 0 ? value : null);
        }
    }

    private void text(Field f, String s) throws IOException {
        boolean wide = f.kind() == UNICODE_CHAR;
        byte[] bytes = s.getBytes(wide ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8);
        int width = wide ? 2 : 1;
        if (f.count() < 0) {
            out.writeInt(bytes.length / width);
            out.write(bytes);
            return;
        }
        int size = f.count() * width; // fixed: cut or padded to its length
        out.write(bytes, 0, Math.min(size, bytes.length));
        for (int i = bytes.length; i < size; i++) {
            out.write(0);
        }
    }

    private void scalar(Field f, Object v) throws IOException {
        Number n = v instanceof Number number ? number : null;
        switch (f.kind()) {
            case 0 -> out.write(v instanceof Boolean b ? (b ? 'T' : 'F') : '?');
            case 1 -> out.write(n == null ? 0 : n.intValue());
            case 2 -> out.writeShort(n == null ? 0 : n.shortValue());
            case 3 -> out.writeInt(n == null ? 0 : n.intValue());
            case 4 -> out.writeLong(n == null ? 0 : n.longValue());
            case 5 -> out.writeFloat(n == null ? Float.NaN : n.floatValue());
            case 6 -> out.writeDouble(n == null ? Double.NaN : n.doubleValue());
            default -> throw new IllegalStateException("no BINARY2 form for datatype " + f.datatype());
        }
    }

    /** Ends the stream: the last bytes and base64's padding. */
    void finish() throws IOException {
        out.flush();
        encoder.close();
    }
}
