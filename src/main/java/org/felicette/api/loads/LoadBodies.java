package org.felicette.api.loads;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.felicette.FelicetteException;
import org.felicette.ingest.FormatRecognition;
import org.felicette.ingest.LoadFormat;

/**
 * A load's body as the loader reads it: its format recognised from its first bytes, gzip undone when the
 * Content-Encoding says so (Jetty's gzip handler inflates request bodies before they get here and
 * removes the header; this is for a server configured without it), text in another charset than UTF-8 re-encoded as UTF-8 while it
 * streams. A body declared US-ASCII is read as UTF-8 (of which ASCII is a part): clients that
 * say ASCII often send UTF-8.
 */
public final class LoadBodies {

    private LoadBodies() {
    }

    /**
     * The body, its Content-Encoding undone, with its format recognised from its first bytes (the
     * Content-Type a hint, see {@link FormatRecognition}) and, for text, re-encoded as UTF-8.
     *
     * @param what the request, for messages ("POST /load/user_a.t")
     */
    public static FormatRecognition.Recognised open(InputStream body, HttpHeaders headers, String what) throws IOException {
        MediaType type = headers.getMediaType();
        String declared = type == null ? null : type.getType() + "/" + type.getSubtype();
        FormatRecognition.Recognised recognised;
        try {
            recognised = FormatRecognition.recognise(uncompressed(body, headers), declared, what);
        } catch (IOException | RuntimeException e) {
            // the server's own gzip handler reports a body that is not gzip data as it is read
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ZipException) {
                    throw FelicetteException.badInput("bad_encoding", "the body says Content-Encoding: gzip but is not "
                            + "gzip data");
                }
            }
            throw e;
        }
        return new FormatRecognition.Recognised(recognised.format(), inUtf8(recognised.body(), type,
                recognised.format()));
    }

    /** Whether the Content-Type is one of a table file's (a body of rows, not a table document). */
    public static boolean isLoad(HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        return type != null && LoadFormat.of(type.getType() + "/" + type.getSubtype()).isPresent();
    }

    /** The body of a declared format with its Content-Encoding undone and, for text, re-encoded as UTF-8. */
    public static InputStream decoded(InputStream body, HttpHeaders headers, LoadFormat format) throws IOException {
        return inUtf8(uncompressed(body, headers), headers.getMediaType(), format);
    }

    private static InputStream uncompressed(InputStream body, HttpHeaders headers) throws IOException {
        InputStream in = body;
        List<String> encodings = headers.getRequestHeader(HttpHeaders.CONTENT_ENCODING);
        if (encodings != null) {
            for (String encoding : encodings) {
                String e = encoding.strip().toLowerCase(Locale.ROOT);
                if (e.equals("gzip") || e.equals("x-gzip")) {
                    try {
                        in = new GZIPInputStream(in, 64 * 1024);
                    } catch (ZipException | java.io.EOFException notGzip) {
                        throw FelicetteException.badInput("bad_encoding", "the body says Content-Encoding: gzip but "
                                + "is not gzip data");
                    }
                } else if (!e.equals("identity") && !e.isEmpty()) {
                    throw new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE,
                            "unsupported_encoding", "Content-Encoding '" + encoding.strip() + "' is not read here; "
                            + "send the body as it is or gzip it", Map.of("accepted", List.of("gzip", "identity")));
                }
            }
        }
        return in;
    }

    private static InputStream inUtf8(InputStream in, MediaType type, LoadFormat format) {
        boolean text = format == LoadFormat.CSV || format == LoadFormat.TSV || format == LoadFormat.ECSV;
        String charset = type == null ? null : type.getParameters().get("charset");
        if (!text || charset == null) {
            return in;
        }
        Charset given;
        try {
            given = Charset.forName(charset.strip());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new FelicetteException(FelicetteException.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_charset",
                    "charset '" + charset + "' is not known; send UTF-8", Map.of());
        }
        if (given.equals(StandardCharsets.UTF_8) || given.equals(StandardCharsets.US_ASCII)) {
            return in;
        }
        return new Utf8Input(new InputStreamReader(in, given));
    }

    /** Characters as UTF-8 bytes, encoded block by block as they are read. */
    private static final class Utf8Input extends InputStream {
        private final Reader in;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
        private final CharBuffer chars = CharBuffer.allocate(16 * 1024);
        private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        private boolean ended;

        Utf8Input(Reader in) {
            this.in = in;
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!bytes.hasRemaining()) {
                if (ended) {
                    return -1;
                }
                bytes.clear();
                int n = in.read(chars);
                if (n < 0) {
                    ended = true;
                }
                chars.flip();
                CoderResult result = encoder.encode(chars, bytes, ended);
                if (result.isError()) {
                    result.throwException();
                }
                chars.compact();
                bytes.flip();
            }
            int n = Math.min(len, bytes.remaining());
            bytes.get(b, off, n);
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
