package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a VOTable's TABLEDATA straight from its UTF-8 bytes: the TR and TD elements (any
 * namespace prefix, attributes ignored), their text with XML's five entities, character
 * references, CDATA sections and comments, up to {@code </TABLEDATA>}. A general XML parser
 * spends most of a TABLEDATA load on this regular part of the document (224 MB: 2.7–3.5 s in the
 * JDK's SAX parser); the metadata before it is still read by the SAX parser. Anything else inside
 * TABLEDATA is refused as not well-formed.
 */
final class TabledataScanner {

    /** What the scanner finds: cells, in order, and the ends of rows. */
    interface Cells {
        void cell(String text) throws IOException;

        void endRow() throws IOException;
    }

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long consumed; // bytes before buffer[0]
    private byte[] cell = new byte[256];
    private int cellLength;
    private long row;

    /**
     * @param pending bytes already read from the stream that come first
     */
    TabledataScanner(byte[] pending, int offset, int length, InputStream in) {
        this.in = in;
        this.buffer = new byte[Math.max(64 * 1024, length)];
        System.arraycopy(pending, offset, buffer, 0, length);
        this.limit = length;
    }

    /** Reads the rows up to {@code </TABLEDATA>}; the number of rows read. */
    long scan(Cells cells) throws IOException {
        while (true) {
            String tag = nextTag(-1);
            if (tag.equals("/TABLEDATA")) {
                return row;
            }
            if (!tag.equals("TR")) {
                throw bad("<" + tag + "> where a row or </TABLEDATA> belongs");
            }
            row++;
            if (skipAttributes()) { // else <TR/>
                rowBody(cells);
            }
            cells.endRow();
        }
    }

    /** The TDs of a row, through its {@code </TR>}. */
    private void rowBody(Cells cells) throws IOException {
        while (true) {
            String tag = nextTag(row);
            if (tag.equals("/TR")) {
                return;
            }
            if (!tag.equals("TD")) {
                throw bad("<" + tag + "> in row " + row + ", where a TD belongs");
            }
            if (!skipAttributes()) {
                cells.cell(""); // <TD/>
                continue;
            }
            cellLength = 0;
            cellText();
            cells.cell(new String(cell, 0, cellLength, StandardCharsets.UTF_8));
        }
    }

    /**
     * The next element tag after whitespace and comments, without its prefix: {@code NAME} for a
     * start tag (its attributes still to read), {@code /NAME} for an end tag (read whole).
     *
     * @param inRow the row whose cells come, or -1 between rows (for the messages, made only when needed)
     */
    private String nextTag(long inRow) throws IOException {
        while (true) {
            int c = skipSpace();
            if (c != '<') {
                throw bad(c < 0 ? (inRow < 0 ? "the VOTable ends inside its TABLEDATA" : "the VOTable ends inside row "
                        + inRow) : inRow < 0 ? "text between rows of the TABLEDATA" : "text between the cells of row "
                        + inRow);
            }
            c = next();
            if (c == '!') {
                skipComment();
                continue;
            }
            if (c == '/') {
                String name = endName(name(next()));
                expectEnd();
                return name;
            }
            return name(c);
        }
    }

    /** The end tag of a name: the common ones without making a string. */
    private static String endName(String name) {
        return switch (name) {
            case "TD" -> "/TD";
            case "TR" -> "/TR";
            case "TABLEDATA" -> "/TABLEDATA";
            default -> "/" + name;
        };
    }

    /** A TD's content through its {@code </TD>}. */
    private void cellText() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                throw bad("the VOTable ends inside a TD of row " + row);
            }
            // the plain run of bytes up to the next markup, copied at once
            int start = position;
            int end = start;
            byte[] b = buffer;
            while (end < limit && b[end] != '<' && b[end] != '&') {
                end++;
            }
            append(b, start, end - start);
            position = end;
            if (end == limit) {
                continue;
            }
            if (b[end] == '&') {
                position++;
                entity();
                continue;
            }
            position++; // '<'
            int c = next();
            if (c == '/') {
                String name = name(next());
                expectEnd();
                if (!name.equals("TD")) {
                    throw bad("</" + name + "> inside a TD of row " + row);
                }
                return;
            }
            if (c == '!') {
                if (peek() == '[') {
                    cdata();
                } else {
                    skipComment();
                }
                continue;
            }
            throw bad("an element inside a TD of row " + row);
        }
    }

    private void entity() throws IOException {
        StringBuilder name = new StringBuilder();
        int c;
        while ((c = next()) != ';') {
            if (c < 0 || name.length() > 10) {
                throw bad("an unfinished entity reference in row " + row);
            }
            name.append((char) c);
        }
        String n = name.toString();
        int codePoint = switch (n) {
            case "lt" -> '<';
            case "gt" -> '>';
            case "amp" -> '&';
            case "quot" -> '"';
            case "apos" -> '\'';
            default -> characterReference(n);
        };
        byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        append(utf8, 0, utf8.length);
    }

    private int characterReference(String n) throws BadData {
        try {
            if (n.startsWith("#x")) {
                return checked(Integer.parseInt(n.substring(2), 16));
            }
            if (n.startsWith("#")) {
                return checked(Integer.parseInt(n.substring(1)));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad("the entity &" + n + "; (a VOTable load knows only XML's own five, and character references)");
    }

    private int checked(int codePoint) throws BadData {
        if (codePoint <= 0 || codePoint > Character.MAX_CODE_POINT || codePoint >= 0xD800 && codePoint <= 0xDFFF) {
            throw bad("a character reference to no character in row " + row);
        }
        return codePoint;
    }

    /** After {@code <!}: a CDATA section, its text kept as it is. */
    private void cdata() throws IOException {
        for (char k : "[CDATA[".toCharArray()) {
            if (next() != k) {
                throw bad("a malformed CDATA section in row " + row);
            }
        }
        int brackets = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                throw bad("the VOTable ends inside a CDATA section");
            }
            if (c == '>' && brackets >= 2) {
                cellLength -= 2; // the "]]" already kept
                return;
            }
            brackets = c == ']' ? brackets + 1 : 0;
            appendByte(c);
        }
    }

    /** After {@code <!}: a comment, skipped. */
    private void skipComment() throws IOException {
        if (next() != '-' || next() != '-') {
            throw bad("markup other than a comment (<!…) in the TABLEDATA");
        }
        int dashes = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                throw bad("the VOTable ends inside a comment");
            }
            if (c == '>' && dashes >= 2) {
                return;
            }
            dashes = c == '-' ? dashes + 1 : 0;
        }
    }

    private final byte[] nameBytes = new byte[65];

    /** An element name starting with {@code first}, without its prefix (TR, TD and TABLEDATA without making a string). */
    private String name(int first) throws IOException {
        int length = 0;
        int local = 0;
        int c = first;
        while (c >= 0 && c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            if (length == 64) {
                throw bad("an element name longer than 64 characters in the TABLEDATA");
            }
            if (c == ':' && local == 0) {
                local = length + 1;
            }
            nameBytes[length++] = (byte) c;
            c = next();
        }
        if (c >= 0) {
            position--; // give the delimiter back
        }
        int n = length - local;
        if (n == 2 && nameBytes[local] == 'T') {
            if (nameBytes[local + 1] == 'D') {
                return "TD";
            }
            if (nameBytes[local + 1] == 'R') {
                return "TR";
            }
        }
        String name = new String(nameBytes, local, n, StandardCharsets.UTF_8);
        return name.equals("TABLEDATA") ? "TABLEDATA" : name;
    }

    /** Skips to the end of a start tag; false when it was empty ({@code />}). */
    private boolean skipAttributes() throws IOException {
        int quote = 0;
        int previous = 0;
        while (true) {
            int c = next();
            if (c < 0) {
                throw bad("the VOTable ends inside a tag");
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return previous != '/';
            } else if (c == '<') {
                throw bad("a '<' inside a tag in the TABLEDATA");
            }
            previous = c;
        }
    }

    private void expectEnd() throws IOException {
        int c = skipSpace();
        if (c != '>') {
            throw bad("a malformed end tag in the TABLEDATA");
        }
    }

    private int skipSpace() throws IOException {
        int c;
        do {
            c = next();
        } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
        return c;
    }

    private int next() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position] & 0xff;
    }

    private boolean fill() throws IOException {
        consumed += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private void append(byte[] b, int offset, int length) throws BadData {
        if (length == 0) {
            return;
        }
        ensure(length);
        System.arraycopy(b, offset, cell, cellLength, length);
        cellLength += length;
    }

    private void appendByte(int c) throws BadData {
        ensure(1);
        cell[cellLength++] = (byte) c;
    }

    private void ensure(int more) throws BadData {
        if (cellLength + more > VotableRows.MAX_CELL) { // bytes: at least as many as characters
            throw new BadData("cell_too_long", "a TD of row " + row + " of the VOTable is longer than "
                    + VotableRows.MAX_CELL + " characters");
        }
        if (cellLength + more > cell.length) {
            cell = Arrays.copyOf(cell, Math.min(VotableRows.MAX_CELL, Math.max(cell.length * 2, cellLength + more)));
        }
    }

    private BadData bad(String what) {
        return new BadData("the VOTable is not well-formed XML: " + what + " (near byte " + (consumed + position) + ")");
    }

    /**
     * What follows the TABLEDATA, read to the end: the document must still close (its last
     * element being {@code </VOTABLE>}); the rest of it is not read.
     */
    void finish() throws IOException {
        requireDocumentEnd(buffer, position, limit, in);
    }

    /**
     * Reads what is left of a VOTable (the unread {@code pending} bytes, then the stream) to its
     * end, and refuses one that does not end with {@code </VOTABLE>} (its data was cut off).
     */
    static void requireDocumentEnd(byte[] pending, int from, int to, InputStream in) throws IOException {
        byte[] tail = new byte[16];
        int kept = 0;
        byte[] chunk = pending;
        int position = from;
        int limit = to;
        while (true) {
            if (position == limit) {
                if (chunk == pending) {
                    chunk = new byte[8192];
                }
                limit = in.read(chunk, 0, chunk.length);
                position = 0;
                if (limit < 0) {
                    break;
                }
                continue;
            }
            int c = chunk[position++] & 0xff;
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (kept == tail.length) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                kept--;
            }
            tail[kept++] = (byte) c;
        }
        String end = new String(tail, 0, kept, StandardCharsets.UTF_8);
        if (!end.endsWith("VOTABLE>")) {
            throw new BadData("the VOTable ends early: its data ended, but not the document (no </VOTABLE>)");
        }
    }
}
