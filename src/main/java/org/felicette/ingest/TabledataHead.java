package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VOTable body as its SAX parser sees it: everything up to and including the first
 * {@code <TABLEDATA>} start tag, or the first BINARY or BINARY2 {@code <STREAM>} start tag, and
 * then its end, so that the rows after it can be read by the {@link TabledataScanner} or the
 * {@link BinaryStream} from the same bytes. The bytes are watched as they pass (markup, comments,
 * CDATA and quoted attribute values told apart; the FIELDs' types are read on the way, for the
 * binary stream). A document in an encoding other than UTF-8, whose first data is FITS, whose
 * STREAM is not inline base64, or whose FIELDs hold arrays other than strings, passes through
 * whole, for the parser alone.
 */
final class TabledataHead extends InputStream {

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    private enum State { TEXT, LT, NAME, TAG, BANG, COMMENT, CDATA, OTHER }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int boundary = -1; // in buffer: the end of the TABLEDATA start tag
    private boolean watching = true;
    private boolean first = true;
    private State state = State.TEXT;
    private final StringBuilder name = new StringBuilder();
    private String tagName = "";
    private boolean endTag;
    private boolean tabledata;
    private int quote;
    private int run; // dashes or brackets seen in a row
    private int previous; // the byte before, across chunks
    private final StringBuilder attributes = new StringBuilder(); // of the tag being read
    private static final int MAX_TAG = 8192;
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_][\\w.:-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private final List<BinaryStream.Field> fields = new ArrayList<>();
    private boolean fieldsReadable = true;
    private boolean inField;
    private String fieldType;
    private String fieldSize;
    private int binary; // 0 before any data, 1 in BINARY, 2 in BINARY2
    private boolean atStream;

    TabledataHead(InputStream in) {
        this.in = in;
    }

    /** Whether the parser's part ended at a TABLEDATA start tag (the scanner takes the rest). */
    boolean atTableData() {
        return boundary >= 0 && !atStream;
    }

    /** Whether the parser's part ended at a BINARY or BINARY2 STREAM start tag (the binary stream takes the rest). */
    boolean atStream() {
        return boundary >= 0 && atStream;
    }

    /** The reader of the base64 that follows the STREAM start tag. */
    BinaryStream stream() {
        return new BinaryStream(buffer, boundary, limit - boundary, in, List.copyOf(fields), binary == 2);
    }

    /** The scanner of what follows the TABLEDATA start tag. */
    TabledataScanner scanner() {
        return new TabledataScanner(buffer, boundary, limit - boundary, in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == (boundary >= 0 ? boundary : limit)) {
            if (boundary >= 0) {
                return -1;
            }
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return -1;
            }
            if (first) {
                // the XML declaration must be seen whole to know the encoding
                int more;
                while (n < 256 && (more = in.read(buffer, n, buffer.length - n)) >= 0) {
                    n += more;
                }
                first = false;
                watching = isUtf8(n);
            }
            position = 0;
            limit = n;
            if (watching) {
                watch();
            }
        }
        int end = boundary >= 0 ? boundary : limit;
        int n = Math.min(length, end - position);
        System.arraycopy(buffer, position, out, offset, n);
        position += n;
        return n;
    }

    /**
     * Follows the tags that matter to a binary stream: the FIELDs of the table (their types, and
     * the null value of their VALUES), the BINARY or BINARY2 element, and its STREAM. True at a
     * STREAM this can read.
     */
    private boolean tag(boolean empty) {
        String local = tagName;
        if (endTag) {
            if (local.equals("FIELD")) {
                inField = false;
            }
            return false;
        }
        boolean complete = attributes.length() < MAX_TAG;
        switch (local) {
            case "TABLE" -> {
                fields.clear();
                fieldsReadable = true;
            }
            case "FIELD" -> {
                Map<String, String> a = attributes();
                fieldType = a.get("datatype");
                fieldSize = a.get("arraysize");
                BinaryStream.Field f = complete ? BinaryStream.Field.of(fieldType, fieldSize, null) : null;
                fields.add(f);
                fieldsReadable &= f != null;
                inField = !empty;
            }
            case "VALUES" -> {
                String magic = attributes().get("null");
                if (inField && magic != null && !fields.isEmpty()) {
                    BinaryStream.Field f = complete ? BinaryStream.Field.of(fieldType, fieldSize, magic) : null;
                    fields.set(fields.size() - 1, f);
                    fieldsReadable &= f != null;
                }
            }
            case "BINARY" -> binary = binary == 0 ? 1 : binary;
            case "BINARY2" -> binary = binary == 0 ? 2 : binary;
            case "STREAM" -> {
                Map<String, String> a = attributes();
                boolean readable = binary != 0 && fieldsReadable && !fields.isEmpty() && complete && !empty
                        && "base64".equals(a.get("encoding")) && a.get("href") == null;
                if (!readable) {
                    watching = false; // the parser (and STIL) read it all
                }
                return readable;
            }
            default -> {
                // nothing to note
            }
        }
        return false;
    }

    private Map<String, String> attributes() {
        Map<String, String> out = new HashMap<>();
        Matcher m = ATTRIBUTE.matcher(attributes);
        while (m.find()) {
            String name = m.group(1);
            out.put(name.substring(name.indexOf(':') + 1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    /** Whether the document is UTF-8 (no BOM of UTF-16 or 32, no other declared encoding). */
    private boolean isUtf8(int n) {
        if (n >= 2 && (buffer[0] == (byte) 0xFE || buffer[0] == (byte) 0xFF || buffer[0] == 0)) {
            return false;
        }
        String start = new String(buffer, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
        if (!start.stripLeading().startsWith("<?xml") && !start.startsWith("\uFEFF") && !start.startsWith("\u00EF\u00BB\u00BF")) {
            return true; // no declaration: UTF-8
        }
        int close = start.indexOf("?>");
        Matcher m = ENCODING.matcher(close < 0 ? start : start.substring(0, close));
        if (!m.find()) {
            return true;
        }
        String encoding = m.group(1).toLowerCase(Locale.ROOT);
        return encoding.equals("utf-8") || encoding.equals("utf8") || encoding.equals("us-ascii")
                || encoding.equals("ascii");
    }

    /** Follows the markup of the chunk just read; sets the boundary at the end of a TABLEDATA start tag. */
    private void watch() {
        for (int i = position; i < limit; i++) {
            int c = buffer[i] & 0xff;
            int before = previous;
            previous = c;
            switch (state) {
                case TEXT -> {
                    if (c == '<') {
                        state = State.LT;
                    }
                }
                case LT -> {
                    name.setLength(0);
                    endTag = c == '/';
                    if (c == '!') {
                        state = State.BANG;
                    } else if (c == '?') {
                        state = State.OTHER;
                    } else {
                        state = State.NAME;
                        if (!endTag) {
                            name.append((char) c);
                        }
                    }
                }
                case NAME -> {
                    if (c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                        String local = name.substring(name.indexOf(":") + 1);
                        if (!endTag && local.equals("FITS") || binary == 0 && !endTag
                                && (local.equals("BINARY") || local.equals("BINARY2")) && !fieldsReadable) {
                            watching = false; // data this does not read: the parser reads it all
                            return;
                        }
                        tabledata = !endTag && local.equals("TABLEDATA");
                        tagName = local;
                        attributes.setLength(0);
                        state = State.TAG;
                        quote = 0;
                        i--; // the delimiter is the tag's: seen again in TAG
                        previous = before;
                    } else if (name.length() < 64) {
                        name.append((char) c);
                    }
                }
                case TAG -> {
                    if (quote != 0) {
                        if (c == quote) {
                            quote = 0;
                        }
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                    } else if (c == '>') {
                        state = State.TEXT;
                        if (tabledata && before != '/') {
                            boundary = i + 1;
                            watching = false;
                            return;
                        }
                        if (tag(before == '/')) {
                            boundary = i + 1;
                            atStream = true;
                            watching = false;
                            return;
                        }
                        if (!watching) {
                            return;
                        }
                        continue;
                    }
                    if (attributes.length() < MAX_TAG) {
                        attributes.append((char) c);
                    }
                }
                case BANG -> {
                    run = 0;
                    state = c == '-' ? State.COMMENT : c == '[' ? State.CDATA : State.OTHER;
                }
                case COMMENT -> {
                    if (c == '>' && run >= 2) {
                        state = State.TEXT;
                    }
                    run = c == '-' ? run + 1 : 0;
                }
                case CDATA -> {
                    if (c == '>' && run >= 2) {
                        state = State.TEXT;
                    }
                    run = c == ']' ? run + 1 : 0;
                }
                case OTHER -> {
                    if (c == '>') {
                        state = State.TEXT;
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /**
     * Leaves the body open: the SAX parser closes its input when it stops, and the rows after the
     * TABLEDATA tag are still to be read from it. Whoever opened the body closes it.
     */
    @Override
    public void close() {
    }
}
