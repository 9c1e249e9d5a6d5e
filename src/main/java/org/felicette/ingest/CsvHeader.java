package org.felicette.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The header record of a CSV or TSV body, read byte by byte up to its line end (and no further:
 * the rest of the stream is the data, for COPY to read as it is). A UTF-8 byte-order mark is
 * skipped.
 */
public final class CsvHeader {

    private static final int MAX_HEADER = 1024 * 1024;

    private CsvHeader() {
    }

    /** The column names of the header, or an empty list for an empty body. */
    public static List<String> read(InputStream in, char delimiter) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        boolean quoted = false;
        int b = in.read();
        if (b == 0xEF) {
            if (in.read() != 0xBB || in.read() != 0xBF) {
                throw new BadData("the header line is not UTF-8");
            }
            b = in.read();
        }
        while (b >= 0) {
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                break;
            }
            header.write(b);
            if (header.size() > MAX_HEADER) {
                throw new BadData("the header line is longer than " + MAX_HEADER + " bytes");
            }
            b = in.read();
        }
        if (header.size() == 0 && b < 0) {
            return List.of();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadData("the header line is not UTF-8");
        }
        String[] names = new CsvRecords(new StringReader(text), delimiter).next();
        return names == null ? List.of() : java.util.Arrays.stream(names).map(n -> n == null ? "" : n.strip()).toList();
    }
}
