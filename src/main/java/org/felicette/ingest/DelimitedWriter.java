package org.felicette.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV (RFC 4180: a header line, fields quoted where they hold a comma, quote or line break) or
 * TSV (tabs and line breaks inside a value written as spaces); UTF-8, null as an empty field.
 */
final class DelimitedWriter implements TableWriter {

    private final Writer out;
    private final char delimiter;
    private int columns;

    DelimitedWriter(OutputStream out, char delimiter) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        this.delimiter = delimiter;
    }

    @Override
    public void start(List<FileColumn> fields) throws IOException {
        columns = fields.size();
        Object[] names = fields.stream().map(FileColumn::name).toArray();
        row(names);
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            String v = ValueText.of(values[i], "true", "false");
            if (v != null) {
                out.write(delimiter == ',' ? csv(v) : v.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
            }
        }
        out.write('\n');
    }

    private static String csv(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + v.replace("\"", "\"\"") + '"';
            }
        }
        return v;
    }

    @Override
    public void end(boolean overflow) throws IOException {
        out.flush(); // CSV has no place to say it was cut: the row limit is in the request
    }
}
