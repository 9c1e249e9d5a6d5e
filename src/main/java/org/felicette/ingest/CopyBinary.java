package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.felicette.tapschema.VotableTypes;

/**
 * Writes rows in PostgreSQL's binary COPY format, for tables whose columns are all scalars: the
 * numbers go as their IEEE or two's-complement bytes (no text to print and parse again), text as
 * UTF-8, timestamps as microseconds since 2000-01-01. Each value is converted here for the exact
 * PostgreSQL type of its column; one that does not convert stops the load with its row, column
 * and value named.
 */
public final class CopyBinary implements RowWriter {

    /** The PostgreSQL type a column's values are sent as. */
    public enum Type {
        BOOL, INT2, INT4, INT8, FLOAT4, FLOAT8, TEXT, TIMESTAMP;

        /** The type of a scalar column from its VOTable datatype and xtype; null for an array. */
        public static Type of(String datatype, String arraysize, String xtype) {
            VotableTypes.Kind kind = VotableTypes.Kind.of(datatype, arraysize, xtype);
            if (kind.isArray()) {
                return null;
            }
            int width = VotableTypes.width(datatype);
            return switch (kind) {
                case BOOLEAN -> BOOL;
                case TIMESTAMP -> TIMESTAMP;
                case TEXT -> TEXT;
                case REAL -> width == 4 ? FLOAT4 : FLOAT8;
                default -> width == 2 ? INT2 : width == 4 ? INT4 : INT8;
            };
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final int BLOCK = 64 * 1024;

    private final OutputStream out;
    private final Type[] types;
    private final String[] names;
    private final String[] datatypes;
    private final byte[] buffer = new byte[BLOCK];
    private int size;
    private long rows;

    /**
     * @param names the table's name of each column (for messages)
     * @param datatypes the VOTable datatype of each column (for messages)
     */
    public CopyBinary(OutputStream out, Type[] types, String[] names, String[] datatypes) throws IOException {
        this.out = out;
        this.types = types.clone();
        this.names = names.clone();
        this.datatypes = datatypes.clone();
        put(SIGNATURE, 0, SIGNATURE.length);
        int32(0);
        int32(0);
    }

    public long rows() {
        return rows;
    }

    @Override
    public void row(Object[] values) throws IOException {
        rows++;
        int16(types.length);
        for (int i = 0; i < types.length; i++) {
            value(i, values[i]);
        }
    }

    /** Writes the trailer and sends what is buffered. */
    @Override
    public void finish() throws IOException {
        int16(-1);
        flush();
    }

    private void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    private void value(int i, Object v) throws IOException {
        Type type = types[i];
        // VOTable writes a missing boolean as "?"
        if (v == null || type != Type.TEXT && v instanceof String s && (s.isBlank() || type == Type.BOOL
                && s.strip().equals("?"))) {
            int32(-1);
            return;
        }
        switch (type) {
            case BOOL -> {
                int32(1);
                put1(bool(i, v) ? 1 : 0);
            }
            case INT2 -> {
                Long n = integer(i, v);
                if (n == null) {
                    int32(-1);
                } else if (n < Short.MIN_VALUE || n > Short.MAX_VALUE) {
                    throw refused(i, v, "is out of range for " + datatypes[i]);
                } else if ((n < 0 || n > 255) && "unsignedByte".equals(datatypes[i])) {
                    throw refused(i, v, "is out of range for unsignedByte (0 to 255)");
                } else {
                    int32(2);
                    int16(n.intValue());
                }
            }
            case INT4 -> {
                Long n = integer(i, v);
                if (n == null) {
                    int32(-1);
                } else if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                    throw refused(i, v, "is out of range for " + datatypes[i]);
                } else {
                    int32(4);
                    int32(n.intValue());
                }
            }
            case INT8 -> {
                Long n = integer(i, v);
                if (n == null) {
                    int32(-1);
                } else {
                    int32(8);
                    int64(n);
                }
            }
            case FLOAT4 -> {
                int32(4);
                int32(Float.floatToRawIntBits((float) real(i, v)));
            }
            case FLOAT8 -> {
                int32(8);
                int64(Double.doubleToRawLongBits(real(i, v)));
            }
            case TIMESTAMP -> {
                int32(8);
                int64(micros(i, v));
            }
            default -> text(v);
        }
    }

    private boolean bool(int i, Object v) throws BadData {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return switch (v.toString().strip().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "y", "yes" -> true;
            case "f", "false", "0", "n", "no" -> false;
            default -> throw refused(i, v, "is not " + VotableTypes.describe(datatypes[i], null, null));
        };
    }

    /** An integer value; null for a NaN (an integer column has no NaN: it is a missing value). */
    private Long integer(int i, Object v) throws BadData {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return null;
            }
            if (d != Math.rint(d) || Math.abs(d) >= 9.2e18) {
                throw refused(i, v, "is not " + VotableTypes.describe(datatypes[i], null, null));
            }
            return (long) d;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        String s = v.toString().strip();
        try {
            // VOTable allows hexadecimal integers: 0x1F
            if (s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"))) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw refused(i, v, "is not " + VotableTypes.describe(datatypes[i], null, null));
        }
    }

    private double real(int i, Object v) throws BadData {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString().strip();
        try {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "nan" -> Double.NaN;
                case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        } catch (NumberFormatException e) {
            throw refused(i, v, "is not " + VotableTypes.describe(datatypes[i], null, null));
        }
    }

    /** Microseconds since 2000-01-01T00:00 of a DALI timestamp (a date, a date and time, with or without Z). */
    private long micros(int i, Object v) throws BadData {
        String s = v.toString().strip();
        try {
            LocalDateTime t;
            if (s.length() <= 10) {
                t = LocalDate.parse(s).atStartOfDay();
            } else {
                String iso = s.replace(' ', 'T');
                if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                    t = OffsetDateTime.parse(iso.endsWith("Z") ? iso : iso.replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                            .withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
                } else {
                    t = LocalDateTime.parse(iso);
                }
            }
            return ChronoUnit.MICROS.between(EPOCH, t);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw refused(i, v, "is not " + VotableTypes.describe(null, null, "timestamp"));
        }
    }

    private BadData refused(int i, Object v, String why) {
        String value = v.toString();
        value = value.length() <= 80 ? value : value.substring(0, 77) + "...";
        return new BadData("bad_value", "row " + rows + ", column '" + names[i] + "': '" + value + "' " + why);
    }

    private void text(Object v) throws IOException {
        byte[] bytes = v.toString().getBytes(StandardCharsets.UTF_8);
        int32(bytes.length);
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        if (length > BLOCK - size) {
            flush();
            if (length > BLOCK) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    private void put1(int b) throws IOException {
        if (size == BLOCK) {
            flush();
        }
        buffer[size++] = (byte) b;
    }

    private void int16(int v) throws IOException {
        if (size + 2 > BLOCK) {
            flush();
        }
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void int32(int v) throws IOException {
        if (size + 4 > BLOCK) {
            flush();
        }
        buffer[size++] = (byte) (v >>> 24);
        buffer[size++] = (byte) (v >>> 16);
        buffer[size++] = (byte) (v >>> 8);
        buffer[size++] = (byte) v;
    }

    private void int64(long v) throws IOException {
        int32((int) (v >>> 32));
        int32((int) v);
    }
}
