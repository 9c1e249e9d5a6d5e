package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import org.felicette.tapschema.VotableTypes.Kind;

/**
 * Writes rows in PostgreSQL's COPY text format (tab between values, {@code \N} for NULL, one
 * line a row, backslash escapes), converting each value for the kind of its column. PostgreSQL
 * parses and checks what it is sent; a value it refuses comes back with its line (the row) and
 * column. Buffered: bytes go out in blocks.
 */
public final class CopyText implements RowWriter {

    private static final int BLOCK = 64 * 1024;

    /** A column as the table has it: its name (for messages) and VOTable type. */
    /**
     * A column of the table the rows go to; {@code nullIfInvalid}: a text value that is not of its
     * type (a CSV's {@code oops} among numbers) is loaded as NULL and counted, instead of failing
     * the load.
     */
    public record Column(String name, String datatype, String arraysize, String xtype, boolean nullIfInvalid) {

        public Column(String name, String datatype, String arraysize, String xtype) {
            this(name, datatype, arraysize, xtype, false);
        }
    }

    private final OutputStream out;
    private final Kind[] kinds;
    private final Column[] columns;
    private final ArrayShape[] shapes;
    private final boolean[] unsignedByte;
    private final byte[] buffer = new byte[BLOCK];
    private int size;
    private long rows;
    private long nulled;

    /**
     * @param columns each value's column, in the order the COPY names them: what PostgreSQL's
     *     type does not check of VOTable's (unsignedByte's range, an array's length and form) is
     *     checked here, and a value that does not fit stops the load with its row, column and value
     */
    public CopyText(OutputStream out, java.util.List<Column> columns) {
        this.out = out;
        this.columns = columns.toArray(Column[]::new);
        this.kinds = new Kind[this.columns.length];
        this.shapes = new ArrayShape[this.columns.length];
        this.unsignedByte = new boolean[this.columns.length];
        for (int i = 0; i < this.columns.length; i++) {
            Column c = this.columns[i];
            kinds[i] = Kind.of(c.datatype(), c.arraysize(), c.xtype());
            shapes[i] = kinds[i].isArray() ? ArrayShape.of(c.arraysize(), c.xtype()) : null;
            unsignedByte[i] = c.datatype() != null && c.datatype().strip().equals("unsignedByte");
        }
    }

    /** Whether a column's values need more checks than PostgreSQL's COPY of its type makes. */
    public static boolean needsChecks(Column column) {
        return column.nullIfInvalid() || Kind.of(column.datatype(), column.arraysize(), column.xtype()).isArray()
                || column.datatype() != null && column.datatype().strip().equals("unsignedByte");
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Values loaded as NULL because they were not of their column's type (see {@link Column#nullIfInvalid}). */
    public long nulled() {
        return nulled;
    }

    /** Writes one row; {@code values[i]} goes to the i-th column. */
    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            value(i, values[i]);
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

    private void value(int i, Object v) throws IOException {
        Kind kind = kinds[i];
        // an empty string is no value for a number, a boolean, a time or an array (a format
        // without nulls for strings, such as VOTable BINARY, writes a missing one so)
        if (v == null || kind != Kind.TEXT && v instanceof String s && (s.isBlank() || kind == Kind.BOOLEAN
                && s.strip().equals("?"))) {
            nullValue();
            return;
        }
        if (columns[i].nullIfInvalid() && v instanceof String s && !fits(i, kind, s.strip())) {
            nulled++;
            nullValue();
            return;
        }
        if (unsignedByte[i] && !kind.isArray()) {
            checkByte(i, v, v);
        }
        switch (kind) {
            case INTEGER -> integer(v);
            case REAL -> real(v);
            case BOOLEAN -> bool(v);
            case BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY -> array(i, kind, v);
            default -> text(v);
        }
    }

    /** Whether a text value reads as a value of its column's kind (inference's own reading of CSV values). */
    private boolean fits(int i, Kind kind, String v) {
        return switch (kind) {
            case INTEGER -> CsvTypes.isInteger(v);
            case REAL -> CsvTypes.isReal(v);
            case BOOLEAN -> CsvTypes.isBoolean(v);
            default -> !"timestamp".equals(columns[i].xtype()) || CsvTypes.isTimestamp(v);
        };
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

    /**
     * A Java array as a PostgreSQL array literal; a string as VOTable, CSV and ECSV write arrays
     * (see {@link ArrayShape#elements}). Its length is checked against the column's arraysize.
     */
    private void array(int i, Kind kind, Object v) throws IOException {
        int n;
        java.util.List<String> parts = null;
        if (v.getClass().isArray()) {
            n = Array.getLength(v);
        } else {
            parts = ArrayShape.elements(v.toString());
            if (parts == null) {
                throw refused(i, v, "is not an array: write its values separated by spaces or by commas, "
                        + "optionally within {} or []");
            }
            n = parts.size();
        }
        String misfit = shapes[i].misfit(n, columns[i].arraysize());
        if (misfit != null) {
            throw refused(i, v, misfit);
        }
        put((byte) '{');
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                put((byte) ',');
            }
            Object element = parts == null ? Array.get(v, k) : parts.get(k);
            if (unsignedByte[i] && element != null) {
                checkByte(i, element, v);
            }
            if (kind == Kind.BOOLEAN_ARRAY && element instanceof Boolean b) {
                put((byte) (b ? 't' : 'f'));
            } else if (element == null) {
                ascii("NULL");
            } else {
                text(element);
            }
        }
        put((byte) '}');
    }

    /** VOTable's unsignedByte holds 0 to 255 (PostgreSQL keeps it in a smallint, which holds more). */
    private void checkByte(int i, Object element, Object shown) throws BadData {
        long n;
        if (element instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                return;
            }
            n = (long) d;
        } else {
            try {
                n = Long.parseLong(element.toString().strip());
            } catch (NumberFormatException e) {
                return; // not a number at all: PostgreSQL names it as one
            }
        }
        if (n < 0 || n > 255) {
            throw refused(i, shown, "is out of range for unsignedByte (0 to 255)");
        }
    }

    private BadData refused(int i, Object v, String why) {
        String value = v.getClass().isArray() ? arrayText(v) : v.toString();
        value = value.length() <= 80 ? value : value.substring(0, 77) + "...";
        return new BadData("bad_value", "row " + (rows + 1) + ", column '" + columns[i].name() + "': '" + value + "' "
                + why);
    }

    private static String arrayText(Object array) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < Array.getLength(array); k++) {
            out.append(k == 0 ? "" : " ").append(Array.get(array, k));
        }
        return out.toString();
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
