package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * ECSV (astropy's enhanced CSV): a YAML header, then delimited rows. A body whose columns are
 * all scalars is read as text, its values going to COPY as written ({@link EcsvText}); any other
 * (arrays, JSON subtypes) is read by STIL.
 */
final class EcsvReader implements TableReader {

    static final EcsvReader INSTANCE = new EcsvReader();

    private EcsvReader() {
    }

    @Override
    public LoadFormat format() {
        return LoadFormat.ECSV;
    }

    @Override
    public boolean signed(byte[] head, String text) {
        return text != null && text.startsWith("# %ECSV");
    }

    @Override
    public List<String> magic() {
        return List.of("# %ECSV", "\uFEFF# %ECSV");
    }

    @Override
    public FileTable describe(InputStream in, long maxRows) throws IOException {
        return StilTables.describe(LoadFormat.ECSV, in);
    }

    @Override
    public void stream(InputStream body, RowSink sink) throws IOException {
        EcsvText.Opened opened = EcsvText.open(body);
        if (opened.text() == null) {
            StilTables.stream(LoadFormat.ECSV, opened.whole(), sink);
            return;
        }
        EcsvText ecsv = opened.text();
        sink.columns(ecsv.names());
        String[] row;
        while ((row = ecsv.next()) != null) {
            sink.row(row);
        }
    }
}
