package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A VOTable body as its SAX parser sees it: everything up to and including the first
 * {@code <TABLEDATA>} start tag, and then its end, so that the rows after it can be read by the
 * {@link TabledataScanner} from the same bytes. The bytes are watched as they pass (markup, comments,
 * CDATA and quoted attribute values told apart); a document in an encoding other than UTF-8, or
 * whose first data is BINARY, BINARY2 or FITS, passes through whole, for the parser alone.
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
    private boolean endTag;
    private boolean tabledata;
    private int quote;
    private int run; // dashes or brackets seen in a row
    private int previous; // the byte before, across chunks

    TabledataHead(InputStream in) {
        this.in = in;
    }

    /** Whether the parser's part ended at a TABLEDATA start tag (the scanner takes the rest). */
    boolean atTableData() {
        return boundary >= 0;
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
                        if (!endTag && (local.equals("BINARY") || local.equals("BINARY2") || local.equals("FITS"))) {
                            watching = false; // the first data is not TABLEDATA: the parser reads it all
                            return;
                        }
                        tabledata = !endTag && local.equals("TABLEDATA");
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
