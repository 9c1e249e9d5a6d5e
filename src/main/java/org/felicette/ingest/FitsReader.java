package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** FITS: the first binary or ASCII table extension, read by STIL after its header is checked ({@link FitsHeaderCheck}). */
final class FitsReader implements TableReader {

    static final FitsReader INSTANCE = new FitsReader();

    private static final byte[] SIMPLE = "SIMPLE  =".getBytes(StandardCharsets.US_ASCII);

    private FitsReader() {
    }

    @Override
    public LoadFormat format() {
        return LoadFormat.FITS;
    }

    @Override
    public boolean signed(byte[] head, String text) {
        return FormatRecognition.startsWith(head, SIMPLE);
    }

    @Override
    public List<String> magic() {
        return List.of("SIMPLE  =");
    }

    @Override
    public FileTable describe(InputStream in, long maxRows) throws IOException {
        return StilTables.describe(LoadFormat.FITS, in);
    }

    @Override
    public void stream(InputStream in, RowSink sink) throws IOException {
        StilTables.stream(LoadFormat.FITS, in, sink);
    }
}
