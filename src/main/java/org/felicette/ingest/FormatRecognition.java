package org.felicette.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.felicette.FelicetteException;

/**
 * Which table format a body is, from its first bytes, with the declared content type as a hint
 * (never a file name): FITS ({@code SIMPLE  =}), Parquet ({@code PAR1}), XML whose root is
 * {@code VOTABLE}, ECSV ({@code # %ECSV}), else delimited text (CSV or TSV, the delimiter sniffed
 * from the header when the type does not say). A signature wins over a declared type that says
 * otherwise (a FITS file sent as text/csv is read as FITS); a body that is none of these is
 * refused with what it looks like and what is accepted.
 */
public final class FormatRecognition {

    /** How much of a body is looked at. */
    public static final int HEAD = 64 * 1024;

    private static final byte[] GZIP = {(byte) 0x1f, (byte) 0x8b};
    private static final byte[] ZIP = {'P', 'K', 3, 4};

    private FormatRecognition() {
    }

    /** A body whose format is known, positioned at its start. */
    public record Recognised(LoadFormat format, InputStream body) {
    }

    /**
     * Recognises the format of a body (its content encoding already undone) without consuming it.
     *
     * @param declared the request's content type, or null
     * @param what the request, for messages ("POST /load/user_a.t")
     */
    public static Recognised recognise(InputStream body, String declared, String what) throws IOException {
        BufferedInputStream in = body instanceof BufferedInputStream b ? b : new BufferedInputStream(body, HEAD);
        in.mark(HEAD);
        byte[] buffer = new byte[HEAD];
        int n = 0;
        LoadFormat format = null;
        // only as much as the decision needs: a client streaming its rows slowly is not held up
        while (n < HEAD) {
            int read = in.read(buffer, n, HEAD - n);
            if (read < 0) {
                break;
            }
            n += read;
            format = decide(java.util.Arrays.copyOf(buffer, n), false, declared, what);
            if (format != null) {
                break;
            }
        }
        if (format == null) {
            format = decide(java.util.Arrays.copyOf(buffer, n), true, declared, what);
        }
        in.reset();
        return new Recognised(format, in);
    }

    /** The format of a body whose first bytes (all of it, or its first {@link #HEAD}) are {@code head}. */
    public static LoadFormat of(byte[] head, String declared, String what) {
        return decide(head, true, declared, what);
    }

    /**
     * @param complete whether no more bytes will come to look at
     * @return the format, or null when more bytes are needed to tell (only when not complete)
     */
    private static LoadFormat decide(byte[] head, boolean complete, String declared, String what) {
        Optional<LoadFormat> said = LoadFormat.of(declared);
        if (!complete && prefixOfASignature(head)) {
            return null;
        }
        Optional<LoadFormat> signed = signature(head);
        if (signed.isPresent()) {
            return signed.get();
        }
        if (startsWith(head, GZIP)) {
            throw unsupported(what, declared, "the body is gzip-compressed data; send it with Content-Encoding: gzip, "
                    + "or uncompressed");
        }
        if (startsWith(head, ZIP)) {
            throw unsupported(what, declared, "the body is a zip archive; send the table file itself");
        }
        String text = text(head);
        if (text == null) {
            throw unsupported(what, declared, "the body is binary data that is none of the formats read here (a FITS "
                    + "file starts with SIMPLE  =, a Parquet file with PAR1)");
        }
        String start = stripBom(text).stripLeading();
        if (start.startsWith("<")) {
            String root = xmlRoot(start);
            if (root == null && !complete) {
                return null;
            }
            throw unsupported(what, declared, "the body is XML whose root element is " + (root == null
                    ? "not found in its first " + HEAD + " bytes" : "<" + root + ">") + ", not a VOTABLE");
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            throw unsupported(what, declared, "the body looks like JSON, not a table file");
        }
        if (said.isPresent() && (said.get() == LoadFormat.CSV || said.get() == LoadFormat.TSV)) {
            return said.get(); // a one-column file has no delimiter to sniff: the type says which
        }
        if (!complete && start.chars().filter(c -> c == '\n').count() < 3) {
            return null; // a few whole lines to judge by
        }
        return delimited(start, declared, what);
    }

    /** Whether the bytes so far could still become a signature (too few of them to tell). */
    private static boolean prefixOfASignature(byte[] head) {
        for (LoadFormat format : LoadFormat.values()) {
            for (String magic : format.reader().magic()) {
                byte[] m = magic.getBytes(StandardCharsets.UTF_8);
                if (head.length < m.length && startsWith(m, head)) {
                    return true;
                }
            }
        }
        return head.length < 4 && (head.length == 0 || head[0] == GZIP[0] || head[0] == ZIP[0]);
    }

    /** The format whose reader finds its signature in the first bytes, if one does. */
    private static Optional<LoadFormat> signature(byte[] head) {
        String text = text(head);
        String start = text == null ? null : stripBom(text).stripLeading();
        for (LoadFormat format : LoadFormat.values()) {
            if (format.reader().signed(head, start)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * CSV or TSV by the first lines: the header's delimiter, and the same number of fields in the
     * lines after it (a note or a letter has neither).
     */
    private static LoadFormat delimited(String text, String declared, String what) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (lines.size() == 6) {
                break;
            }
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw FelicetteException.badInput("empty_body", what + ": the body is empty; send a table file ("
                    + String.join(", ", names()) + ")");
        }
        String header = lines.get(0);
        char delimiter = count(header, '\t') > 0 && count(header, '\t') >= count(header, ',') ? '\t' : ',';
        int fields = count(header, delimiter) + 1;
        boolean consistent = fields > 1;
        for (int i = 1; i < lines.size() - 1 && consistent; i++) { // the last line may be cut off by the head
            consistent = fieldCount(lines.get(i), delimiter) == fields;
        }
        if (!consistent) {
            throw unsupported(what, declared, "the body looks like plain text, not a table: its first line "
                    + (fields > 1 ? "has " + fields + " fields and the lines after it other numbers"
                    : "has no comma or tab to separate columns") + " (send CSV with a header line as text/csv)");
        }
        return delimiter == '\t' ? LoadFormat.TSV : LoadFormat.CSV;
    }

    /** Fields of a line, quotes respected. */
    private static int fieldCount(String line, char delimiter) {
        int fields = 1;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == delimiter && !quoted) {
                fields++;
            }
        }
        return fields;
    }

    private static int count(String line, char c) {
        return fieldCount(line, c) - 1;
    }

    /** The local name of the first element of an XML text, past its declaration, comments and doctype. */
    static String xmlRoot(String xml) {
        int i = 0;
        while (i < xml.length()) {
            int open = xml.indexOf('<', i);
            if (open < 0 || open + 1 >= xml.length()) {
                return null;
            }
            char next = xml.charAt(open + 1);
            if (next == '?' || next == '!') {
                int end = xml.startsWith("<!--", open) ? xml.indexOf("-->", open) : xml.indexOf('>', open);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            int end = open + 1;
            while (end < xml.length() && !Character.isWhitespace(xml.charAt(end)) && xml.charAt(end) != '>'
                    && xml.charAt(end) != '/') {
                end++;
            }
            String name = xml.substring(open + 1, end);
            return name.contains(":") ? name.substring(name.indexOf(':') + 1) : name;
        }
        return null;
    }

    /** The head as text (UTF-8, or Latin-1 without control characters), or null for binary data. */
    private static String text(byte[] head) {
        int n = head.length;
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b == 0 || b < 0x09 || b > 0x0d && b < 0x20 && b != 0x1b) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, trimmed(head)))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(head, StandardCharsets.ISO_8859_1); // text in another charset: its loader says
        }
    }

    /** The head without a UTF-8 sequence cut off at its end. */
    private static int trimmed(byte[] head) {
        int n = head.length;
        for (int back = 1; back <= 3 && n - back >= 0; back++) {
            int b = head[n - back] & 0xff;
            if ((b & 0xc0) == 0xc0) { // a lead byte: is its sequence complete?
                int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return length > back ? n - back : n;
            }
            if ((b & 0xc0) != 0x80) {
                return n;
            }
        }
        return n;
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static List<String> names() {
        // csv's and tsv's labels are lower case; a list of formats names them as people write them
        return java.util.Arrays.stream(LoadFormat.values()).map(f -> f.label().length() == 3
                ? f.label().toUpperCase(Locale.ROOT) : f.label()).toList();
    }

    /** What the body looks like, with what it was sent as (a type of a table file it is not) and what is accepted. */
    private static FelicetteException unsupported(String what, String declared, String looks) {
        Optional<LoadFormat> said = LoadFormat.of(declared);
        String sentAs = said.isPresent() ? "it was sent as " + declared + ", but " : "";
        return new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE, "unrecognised_format", what
                + ": " + sentAs + looks + ". Accepted: " + String.join(", ", names()) + " ("
                + String.join(", ", LoadFormat.accepted()) + ")", Map.of("accepted", LoadFormat.accepted()));
    }
}
