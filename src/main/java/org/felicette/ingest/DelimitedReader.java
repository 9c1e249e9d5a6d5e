package org.felicette.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV and TSV (RFC 4180 quoting; UTF-8): a header line naming the columns, then the rows. The
 * types come from the values ({@link CsvTypes}); a sink may take the rest of the body as it is
 * (PostgreSQL's COPY parses it), or be given each record as strings.
 */
final class DelimitedReader implements TableReader {

    static final DelimitedReader CSV = new DelimitedReader(LoadFormat.CSV, ',');
    static final DelimitedReader TSV = new DelimitedReader(LoadFormat.TSV, '\t');

    private final LoadFormat format;
    private final char delimiter;

    private DelimitedReader(LoadFormat format, char delimiter) {
        this.format = format;
        this.delimiter = delimiter;
    }

    char delimiter() {
        return delimiter;
    }

    @Override
    public LoadFormat format() {
        return format;
    }

    @Override
    public boolean signed(byte[] head, String text) {
        return false; // delimited text is what a body is when no other format's signature matches
    }

    @Override
    public FileTable describe(InputStream in, long maxRows) throws IOException {
        CsvTypes.Inferred inferred = CsvTypes.infer(in, delimiter, maxRows);
        return new FileTable(null, null, null, inferred.columns(), true, inferred.nearMisses());
    }

    @Override
    public void stream(InputStream body, RowSink sink) throws IOException {
        BufferedInputStream in = body instanceof BufferedInputStream b ? b : new BufferedInputStream(body, 64 * 1024);
        List<String> header = CsvHeader.read(in, delimiter);
        if (header.isEmpty() || header.size() == 1 && header.get(0).isEmpty()) {
            throw new BadData("no_header", "the body is empty: a " + format.label() + " load needs a header line "
                    + "naming the columns, then the rows");
        }
        sink.columns(header);
        RowSink.Passthrough passthrough = sink.passthrough(delimiter);
        if (passthrough != null) {
            passthrough.sendAll(in);
            return;
        }
        CsvRecords records = new CsvRecords(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter);
        String[] record;
        while ((record = records.next()) != null) {
            if (record.length != header.size()) {
                throw new BadData("field_count", "row " + records.records() + " has " + record.length
                        + " fields; the header has " + header.size());
            }
            sink.row(record);
        }
    }
}
