package org.felicette.api.loads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;

/**
 * A {@code multipart/form-data} body read part by part as it arrives (RFC 7578): each part's
 * headers, then its content as a stream that ends at the next boundary. Nothing is buffered beyond
 * one chunk, so a caller can cap each part while it streams.
 */
final class MultipartReader {

    /** A part: its form name, file name (null for a plain field), content type (null if none) and content. */
    record Part(String name, String filename, String contentType, InputStream content) {
    }

    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))");
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final int MAX_HEADERS = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter; // CRLF--boundary
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean done;
    private PartStream current;

    MultipartReader(InputStream in, String contentType) throws IOException {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            throw FelicetteException.badInput("bad_multipart", "the multipart/form-data body has no boundary parameter");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // the first boundary may come without the CRLF before it
        buffer[0] = '\r';
        buffer[1] = '\n';
        start = 0;
        end = 2;
        skipPast(delimiter, "the body does not start with its boundary");
    }

    /** The next part, or null after the last; the previous part's content is skipped if unread. */
    Part next() throws IOException {
        if (current != null) {
            current.transferTo(OutputStreamNull.INSTANCE);
            current = null;
        }
        if (done) {
            return null;
        }
        // after a boundary: "--" ends the body, CRLF starts a part
        fill(2);
        if (end - start >= 2 && buffer[start] == '-' && buffer[start + 1] == '-') {
            done = true;
            return null;
        }
        skipLineEnd();
        Map<String, String> headers = headers();
        String disposition = headers.getOrDefault("content-disposition", "");
        String name = group(NAME.matcher(disposition));
        if (name == null) {
            throw FelicetteException.badInput("bad_multipart", "a part of the multipart body has no name "
                    + "(Content-Disposition: form-data; name=\"…\")");
        }
        current = new PartStream();
        return new Part(name, group(FILENAME.matcher(disposition)), headers.get("content-type"), current);
    }

    private static String group(Matcher m) {
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                throw FelicetteException.badInput("bad_multipart", "the multipart body ends inside a part's headers");
            }
            if (++total > MAX_HEADERS) {
                throw FelicetteException.badInput("bad_multipart", "a part's headers are longer than " + MAX_HEADERS
                        + " bytes");
            }
            if (c == '\n') {
                String text = line.toString().strip();
                line.setLength(0);
                if (text.isEmpty()) {
                    return headers;
                }
                int colon = text.indexOf(':');
                if (colon > 0) {
                    headers.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
                }
            } else {
                line.append((char) c);
            }
        }
    }

    private void skipLineEnd() throws IOException {
        int c;
        do {
            c = read();
        } while (c == ' ' || c == '\t'); // transport padding
        if (c == '\r') {
            c = read();
        }
        if (c != '\n') {
            throw FelicetteException.badInput("bad_multipart", "a boundary of the multipart body is not followed by "
                    + "a line end");
        }
    }

    private int read() throws IOException {
        if (start == end && !fill(1)) {
            return -1;
        }
        return buffer[start++] & 0xff;
    }

    /** Tries to have at least n bytes buffered; false when the body ends (or the buffer fills) before. */
    private boolean fill(int n) throws IOException {
        if (end - start >= n) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n) {
            if (end == buffer.length) {
                return false;
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return false;
            }
            end += read;
        }
        return true;
    }

    private int indexOf(byte[] pattern) {
        outer:
        for (int i = start; i <= end - pattern.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (buffer[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void skipPast(byte[] pattern, String missing) throws IOException {
        while (true) {
            int at = indexOf(pattern);
            if (at >= 0) {
                start = at + pattern.length;
                return;
            }
            start = Math.max(start, end - pattern.length + 1);
            if (!fill(end - start + 1)) {
                throw FelicetteException.badInput("bad_multipart", missing);
            }
        }
    }

    /** A part's content: bytes up to the next delimiter. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] out, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            while (true) {
                int at = indexOf(delimiter);
                int safe = at >= 0 ? at : Math.max(start, end - delimiter.length + 1);
                if (safe > start) {
                    int n = Math.min(length, safe - start);
                    System.arraycopy(buffer, start, out, offset, n);
                    start += n;
                    return n;
                }
                if (at == start) {
                    start += delimiter.length;
                    ended = true;
                    return -1;
                }
                if (!fill(end - start + 1)) {
                    throw FelicetteException.badInput("bad_multipart", "the multipart body ends inside a part");
                }
            }
        }
    }

    /** Discards what is written to it. */
    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
