package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Writes rows in PostgreSQL's COPY text format (tab between values, {@code \N} for NULL, one
 * line a row, backslash escapes), converting each value for the kind of its column. PostgreSQL
 * parses and checks what it is sent; a value it refuses comes back with its line (the row) and
 * column. Buffered: bytes go out in blocks.
 */
public final class CopyText implements RowWriter {

    /** How a column's values are written, from its VOTable datatype, arraysize and xtype. */
    public enum Kind {
        BOOLEAN, INTEGER, REAL, TEXT, TIMESTAMP, BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY;

        public boolean isArray() {
            return this == BOOLEAN_ARRAY || this == INTEGER_ARRAY || this == REAL_ARRAY;
        }

        public static Kind of(String datatype, String arraysize, String xtype) {
            String type = datatype == null ? "" : datatype.strip();
            String x = xtype == null ? "" : xtype.strip().toLowerCase(Locale.ROOT);
            if (GEOMETRY.contains(x)) {
                return REAL_ARRAY;
            }
            if (x.equals("timestamp")) {
                return TIMESTAMP;
            }
            boolean array = arraysize != null && !arraysize.isBlank() && !arraysize.strip().equals("1");
            return switch (type) {
                case "boolean" -> array ? BOOLEAN_ARRAY : BOOLEAN;
                case "short", "int", "long", "unsignedByte" -> array ? INTEGER_ARRAY : INTEGER;
                case "float", "double" -> array ? REAL_ARRAY : REAL;
                default -> TEXT;
            };
        }
    }

    private static final Set<String> GEOMETRY = Set.of("point", "circle", "polygon", "interval");
    private static final int BLOCK = 64 * 1024;

    private final OutputStream out;
    private final Kind[] kinds;
    private final byte[] buffer = new byte[BLOCK];
    private int size;
    private long rows;

    /** @param kinds the kind of each value of a row, in the order the COPY names the columns */
    public CopyText(OutputStream out, Kind[] kinds) {
        this.out = out;
        this.kinds = kinds.clone();
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Writes one row; {@code values[i]} goes to the i-th column. */
    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(kinds[i], values[i]);
        }
        put((byte) '\n');
        rows++;
    }

    /** Sends what is buffered (the text format has no trailer). */
    @Override
    public void finish() throws IOException {
        flush();
    }

    private void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    private void value(Kind kind, Object v) throws IOException {
        // an empty string is no value for a number, a boolean, a time or an array (a format
        // without nulls for strings, such as VOTable BINARY, writes a missing one so)
        if (v == null || kind != Kind.TEXT && v instanceof String s && (s.isBlank() || kind == Kind.BOOLEAN
                && s.strip().equals("?"))) {
            nullValue();
            return;
        }
        switch (kind) {
            case INTEGER -> integer(v);
            case REAL -> real(v);
            case BOOLEAN -> bool(v);
            case BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY -> array(kind, v);
            default -> text(v);
        }
    }

    private void nullValue() throws IOException {
        put((byte) '\\');
        put((byte) 'N');
    }

    private void integer(Object v) throws IOException {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                nullValue(); // an integer column has no NaN: a NaN is a missing value
            } else if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                ascii(Long.toString((long) d));
            } else {
                ascii(Double.toString(d));
            }
        } else if (v instanceof Boolean b) {
            put((byte) (b ? '1' : '0'));
        } else if (v instanceof Number n) {
            ascii(n.toString());
        } else if (v instanceof String s && hex(s)) {
            // VOTable allows hexadecimal integers; PostgreSQL before 16 does not read them
            String digits = s.strip();
            boolean negative = digits.startsWith("-");
            String body = digits.substring(digits.indexOf('x') + 1);
            try {
                ascii((negative ? "-" : "") + Long.parseUnsignedLong(body, 16));
            } catch (NumberFormatException e) {
                text(v); // PostgreSQL names it in its refusal
            }
        } else {
            text(v);
        }
    }

    private static boolean hex(String s) {
        String t = s.strip();
        int at = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        return t.length() > at + 2 && t.charAt(at) == '0' && (t.charAt(at + 1) == 'x' || t.charAt(at + 1) == 'X');
    }

    private void real(Object v) throws IOException {
        if (v instanceof Double d) {
            ascii(Double.toString(d));
        } else if (v instanceof Float f) {
            ascii(Float.toString(f));
        } else if (v instanceof Number n) {
            ascii(n.toString());
        } else {
            text(v);
        }
    }

    private void bool(Object v) throws IOException {
        if (v instanceof Boolean b) {
            put((byte) (b ? 't' : 'f'));
        } else {
            text(v);
        }
    }

    /** A Java array as a PostgreSQL array literal; a string as VOTable writes arrays (values between spaces). */
    private void array(Kind kind, Object v) throws IOException {
        put((byte) '{');
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                Object element = Array.get(v, i);
                if (kind == Kind.BOOLEAN_ARRAY && element instanceof Boolean b) {
                    put((byte) (b ? 't' : 'f'));
                } else if (element == null) {
                    ascii("NULL");
                } else {
                    text(element);
                }
            }
        } else {
            String[] parts = v.toString().strip().split("[\\s,]+");
            boolean first = true;
            for (String part : parts) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                text(part.replace("\"", "").replace("{", "").replace("}", ""));
            }
        }
        put((byte) '}');
    }

    private void text(Object v) throws IOException {
        String s = v.toString();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                    case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                    case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                    case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                    default -> put((byte) c);
                }
            } else {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    put(b);
                }
                i = end - 1;
            }
        }
    }

    private void ascii(String s) throws IOException {
        int n = s.length();
        if (size + n > BLOCK) {
            flush();
        }
        for (int i = 0; i < n; i++) {
            buffer[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) throws IOException {
        if (size == BLOCK) {
            flush();
        }
        buffer[size++] = b;
    }
}
