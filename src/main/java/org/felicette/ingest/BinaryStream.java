package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads a VOTable's BINARY or BINARY2 data straight from the base64 text of its STREAM: decodes
 * it as it comes and cuts it into rows by the FIELDs' types, up to the {@code <} of
 * {@code </STREAM>}. The rows are the Java values STIL's own reader gives (Boolean, Short,
 * Integer, Long, Float, Double, String), so that a file reads the same either way; a general XML
 * parser handing the base64 to a decoder as text events spends most of a BINARY2 load on it.
 * Only FIELDs of the {@link Field#of kinds this reads} come here; any other table is read by STIL.
 */
final class BinaryStream {

    /** How one FIELD's values are laid out. */
    enum Kind {
        BOOLEAN, UNSIGNED_BYTE, SHORT, INT, LONG, FLOAT, DOUBLE,
        /** char of a fixed length: that many bytes. */
        CHARS,
        /** unicodeChar of a fixed length: two bytes each. */
        UNICODE_CHARS,
        /** char of variable length: a 4-byte count, then the bytes. */
        VAR_CHARS,
        /** unicodeChar of variable length. */
        VAR_UNICODE_CHARS
    }

    /**
     * A FIELD this reads: scalar numbers and booleans, one-dimensional char and unicodeChar.
     *
     * @param length the fixed count of characters, or -1 for a variable one
     * @param nullValue the VALUES null of an integer column, or null
     */
    record Field(Kind kind, int length, Long nullValue) {

        /** The field for a FIELD's datatype and arraysize, or null for one STIL must read. */
        static Field of(String datatype, String arraysize, String nullText) {
            if (datatype == null) {
                return null;
            }
            String size = arraysize == null ? null : arraysize.strip();
            String type = datatype.strip();
            Kind scalar = switch (type) {
                case "boolean" -> Kind.BOOLEAN;
                case "unsignedByte" -> Kind.UNSIGNED_BYTE;
                case "short" -> Kind.SHORT;
                case "int" -> Kind.INT;
                case "long" -> Kind.LONG;
                case "float" -> Kind.FLOAT;
                case "double" -> Kind.DOUBLE;
                default -> null;
            };
            if (scalar != null) {
                if (size != null && !size.equals("1")) {
                    return null; // an array: STIL's
                }
                Long magic = null;
                if (nullText != null && scalar != Kind.BOOLEAN && scalar != Kind.FLOAT && scalar != Kind.DOUBLE) {
                    try {
                        magic = Long.decode(nullText.strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return new Field(scalar, 1, magic);
            }
            boolean unicode = type.equals("unicodeChar");
            if (!unicode && !type.equals("char") || size == null || size.isEmpty() || size.indexOf('x') >= 0) {
                return null; // a single character, or a many-dimensional array: STIL's
            }
            if (size.endsWith("*")) {
                return new Field(unicode ? Kind.VAR_UNICODE_CHARS : Kind.VAR_CHARS, -1, null);
            }
            try {
                int n = Integer.parseInt(size);
                return n < 1 || n > VotableRows.MAX_CELL ? null
                        : new Field(unicode ? Kind.UNICODE_CHARS : Kind.CHARS, n, null);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static final byte[] DECODE = new byte[256];
    private static final byte SKIP = -2;
    private static final byte END = -3;
    private static final byte PAD = -4;
    private static final byte BAD = -1;

    static {
        java.util.Arrays.fill(DECODE, BAD);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
        DECODE[' '] = SKIP;
        DECODE['\t'] = SKIP;
        DECODE['\n'] = SKIP;
        DECODE['\r'] = SKIP;
        DECODE['<'] = END;
        DECODE['='] = PAD;
    }

    private final InputStream in;
    private final byte[] text;
    private int textPosition;
    private int textLimit;
    private long consumed; // text bytes before text[0]
    private boolean ended; // the '<' of </STREAM> was reached

    private byte[] data = new byte[96 * 1024];
    private int dataPosition;
    private int dataLimit;

    private final List<Field> fields;
    private final boolean binary2;
    private long row;

    /**
     * @param pending bytes already read from the stream that come first (the base64 text begins there)
     * @param binary2 BINARY2 (each row starts with its null flags) rather than BINARY
     */
    BinaryStream(byte[] pending, int offset, int length, InputStream in, List<Field> fields, boolean binary2) {
        this.in = in;
        this.text = new byte[Math.max(64 * 1024, length)];
        System.arraycopy(pending, offset, text, 0, length);
        this.textLimit = length;
        this.fields = fields;
        this.binary2 = binary2;
    }

    /** Reads every row of the STREAM to the handler; the number of rows. */
    long scan(RowSink rows) throws IOException {
        int n = fields.size();
        int flagBytes = binary2 ? (n + 7) / 8 : 0;
        byte[] flags = new byte[flagBytes];
        Field[] kinds = fields.toArray(new Field[0]);
        while (available(1)) {
            row++;
            if (!need(flagBytes)) {
                throw endsInside();
            }
            // copied: reading the values may move the buffer under them
            System.arraycopy(data, dataPosition, flags, 0, flagBytes);
            dataPosition += flagBytes;
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                Object v = value(kinds[i]);
                if (!binary2 || (flags[i >> 3] & (0x80 >>> (i & 7))) == 0) {
                    values[i] = v;
                }
            }
            rows.row(values);
        }
        return row;
    }

    private Object value(Field f) throws IOException {
        switch (f.kind()) {
            case BOOLEAN -> {
                need1();
                byte b = data[dataPosition++];
                return switch (b) {
                    case 'T', 't', '1' -> Boolean.TRUE;
                    case 'F', 'f', '0' -> Boolean.FALSE;
                    default -> null;
                };
            }
            case UNSIGNED_BYTE -> {
                need1();
                short v = (short) (data[dataPosition++] & 0xff);
                return f.nullValue() != null && v == f.nullValue() ? null : Short.valueOf(v);
            }
            case SHORT -> {
                needOrFail(2);
                short v = (short) (((data[dataPosition] & 0xff) << 8) | (data[dataPosition + 1] & 0xff));
                dataPosition += 2;
                return f.nullValue() != null && v == f.nullValue() ? null : Short.valueOf(v);
            }
            case INT -> {
                needOrFail(4);
                int v = int32();
                return f.nullValue() != null && v == f.nullValue() ? null : Integer.valueOf(v);
            }
            case LONG -> {
                needOrFail(8);
                long v = ((long) int32() << 32) | (int32() & 0xffffffffL);
                return f.nullValue() != null && v == f.nullValue() ? null : Long.valueOf(v);
            }
            case FLOAT -> {
                needOrFail(4);
                float v = Float.intBitsToFloat(int32());
                return Float.isNaN(v) ? null : Float.valueOf(v); // NaN is VOTable's null of a float, as STIL reads it
            }
            case DOUBLE -> {
                needOrFail(8);
                double v = Double.longBitsToDouble(((long) int32() << 32) | (int32() & 0xffffffffL));
                return Double.isNaN(v) ? null : Double.valueOf(v);
            }
            case CHARS, UNICODE_CHARS -> {
                return chars(f.kind() == Kind.UNICODE_CHARS, f.length());
            }
            case VAR_CHARS, VAR_UNICODE_CHARS -> {
                needOrFail(4);
                int count = int32();
                if (count < 0 || count > VotableRows.MAX_CELL) {
                    throw new BadData("bad_binary", "row " + row + " of the VOTable's " + (binary2 ? "BINARY2" : "BINARY")
                            + " stream gives a string of " + count + " characters");
                }
                return chars(f.kind() == Kind.VAR_UNICODE_CHARS, count);
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Characters, ending at the first NUL, without trailing blanks (as STIL reads them). */
    private String chars(boolean unicode, int count) throws IOException {
        int bytes = unicode ? 2 * count : count;
        needOrFail(bytes);
        String s;
        if (unicode) {
            char[] chars = new char[count];
            int end = count;
            for (int i = 0; i < count; i++) {
                chars[i] = (char) (((data[dataPosition + 2 * i] & 0xff) << 8) | (data[dataPosition + 2 * i + 1] & 0xff));
                if (chars[i] == 0) {
                    end = i;
                    break;
                }
            }
            s = new String(chars, 0, end);
        } else {
            int end = 0;
            while (end < count && data[dataPosition + end] != 0) {
                end++;
            }
            s = new String(data, dataPosition, end, StandardCharsets.ISO_8859_1);
        }
        dataPosition += bytes;
        // trailing blanks go, as STIL reads strings
        int keep = s.length();
        while (keep > 0 && s.charAt(keep - 1) == ' ') {
            keep--;
        }
        return keep == s.length() ? s : s.substring(0, keep);
    }

    private int int32() {
        int v = ((data[dataPosition] & 0xff) << 24) | ((data[dataPosition + 1] & 0xff) << 16)
                | ((data[dataPosition + 2] & 0xff) << 8) | (data[dataPosition + 3] & 0xff);
        dataPosition += 4;
        return v;
    }

    private void need1() throws IOException {
        if (dataPosition >= dataLimit && !need(1)) {
            throw endsInside();
        }
    }

    private void needOrFail(int bytes) throws IOException {
        if (dataLimit - dataPosition < bytes && !need(bytes)) {
            throw endsInside();
        }
    }

    private BadData endsInside() {
        return new BadData("bad_binary", "the VOTable's " + (binary2 ? "BINARY2" : "BINARY") + " stream ends inside row "
                + row);
    }

    /** Whether at least one more decoded byte comes (false at the stream's end). */
    private boolean available(int bytes) throws IOException {
        return dataLimit - dataPosition >= bytes || need(bytes);
    }

    /** Decodes until {@code bytes} are available from dataPosition; false when the stream ends first. */
    private boolean need(int bytes) throws IOException {
        if (dataLimit - dataPosition >= bytes) {
            return true;
        }
        // keep what is not yet read at the start of the buffer
        int kept = dataLimit - dataPosition;
        if (data.length < bytes + 4) {
            byte[] bigger = new byte[Math.max(data.length * 2, bytes + 4)];
            System.arraycopy(data, dataPosition, bigger, 0, kept);
            data = bigger;
        } else {
            System.arraycopy(data, dataPosition, data, 0, kept);
        }
        dataPosition = 0;
        dataLimit = kept;
        while (dataLimit < bytes && !ended) {
            decode();
        }
        return dataLimit >= bytes;
    }

    private int quad;
    private int quadCount;
    private boolean padded;

    /** Decodes the base64 text at hand (reading more when none is left) into data, up to its free space. */
    private void decode() throws IOException {
        if (textPosition == textLimit) {
            consumed += textLimit;
            textLimit = in.read(text, 0, text.length);
            textPosition = 0;
            if (textLimit < 0) {
                textLimit = 0;
                throw new BadData("bad_binary", "the VOTable ends inside its " + (binary2 ? "BINARY2" : "BINARY")
                        + " STREAM");
            }
        }
        byte[] t = text;
        byte[] d = data;
        int p = textPosition;
        int limit = textLimit;
        int out = dataLimit;
        int room = d.length - 3;
        int q = quad;
        int count = quadCount;
        while (p < limit && out <= room) {
            byte c = DECODE[t[p++] & 0xff];
            if (c >= 0) {
                if (padded) {
                    throw badText(p - 1);
                }
                q = (q << 6) | c;
                if (++count == 4) {
                    d[out] = (byte) (q >> 16);
                    d[out + 1] = (byte) (q >> 8);
                    d[out + 2] = (byte) q;
                    out += 3;
                    q = 0;
                    count = 0;
                }
            } else if (c == SKIP) {
                continue;
            } else if (c == PAD) {
                // "xx==" or "xxx=": the last group
                if (!padded) {
                    if (count == 2) {
                        d[out++] = (byte) (q >> 4);
                    } else if (count == 3) {
                        d[out++] = (byte) (q >> 10);
                        d[out++] = (byte) (q >> 2);
                    } else {
                        throw badText(p - 1);
                    }
                    padded = true;
                    q = 0;
                    count = 0;
                }
            } else if (c == END) {
                if (count != 0) {
                    throw new BadData("bad_binary", "the base64 of the VOTable's STREAM is cut short (near byte "
                            + (consumed + p) + ")");
                }
                ended = true;
                p--; // the '<' is the end tag's
                break;
            } else {
                throw badText(p - 1);
            }
        }
        textPosition = p;
        dataLimit = out;
        quad = q;
        quadCount = count;
    }

    private BadData badText(int at) {
        int c = text[at] & 0xff;
        return new BadData("bad_binary", "the VOTable's STREAM holds " + (c >= 32 && c < 127 ? "'" + (char) c + "'"
                : String.format(Locale.ROOT, "byte 0x%02x", c)) + ", which is not base64 (near byte " + (consumed + at)
                + ")");
    }

    /**
     * What follows the STREAM's text, read to the end: the document must still close (its last
     * element being {@code </VOTABLE>}); the rest of it is not read.
     */
    void finish() throws IOException {
        TabledataScanner.requireDocumentEnd(text, textPosition, textLimit, in);
    }
}
