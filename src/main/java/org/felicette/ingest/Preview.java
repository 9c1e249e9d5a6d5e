package org.felicette.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.felicette.ingest.parquet.ParquetTables;

/**
 * A first look at a table file, for a person about to load it: its columns (types, and the units,
 * UCDs and descriptions the file gives) and its first rows, as text. It reads what it is given; a
 * head of a large file is enough for every format but Parquet (whose schema is at its end).
 */
public final class Preview {

    /** The format read, the columns (from the file, or inferred from a CSV's values) and the first rows. */
    public record Result(String format, List<FileColumn> columns, List<List<String>> rows) {
    }

    private Preview() {
    }

    /** @param head the start of the file (a CSV's last, partial line is left out); a Parquet file whole */
    public static Result of(LoadFormat format, InputStream head, int maxRows) throws IOException {
        BufferedInputStream in = new BufferedInputStream(head, 64 * 1024);
        if (format == LoadFormat.CSV && startsWithEcsv(in)) {
            format = LoadFormat.ECSV;
        }
        if (format == LoadFormat.CSV || format == LoadFormat.TSV) {
            return csv(format, in, maxRows);
        }
        if (format == LoadFormat.PARQUET) {
            try (SpooledBody spooled = SpooledBody.of(in)) {
                List<FileColumn> types = new ArrayList<>();
                for (ParquetTables.Column c : ParquetTables.schema(spooled.path()).columns()) {
                    String[] vo = c.votable();
                    types.add(new FileColumn(c.name(), vo[0], vo[1], vo[2]));
                }
                Result named = described(format, h -> ParquetTables.stream(spooled.path(), h), maxRows);
                return new Result(named.format(), types, named.rows());
            }
        }
        LoadFormat f = format;
        return described(format, h -> StilTables.stream(f, in, h), maxRows);
    }

    private interface Source {
        void stream(RowHandler handler) throws IOException;
    }

    private static Result described(LoadFormat format, Source source, int maxRows) throws IOException {
        List<FileColumn> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        try {
            source.stream(new RowHandler() {
                @Override
                public void types(List<FileColumn> types) {
                    columns.addAll(types);
                }

                @Override
                public void columns(List<String> names) {
                    if (columns.isEmpty()) { // Parquet names its columns only
                        names.forEach(n -> columns.add(new FileColumn(n, null, null, null)));
                    }
                }

                @Override
                public void row(Object[] values) throws IOException {
                    rows.add(Arrays.stream(values).map(Preview::text).toList());
                    if (rows.size() >= maxRows) {
                        throw new Enough();
                    }
                }
            });
        } catch (Enough e) {
            // the first rows are all a preview shows
        } catch (BadData e) {
            if (columns.isEmpty()) {
                throw e;
            }
            // a head cut off mid-row: the columns and the rows before the cut are what was asked for
        }
        if (columns.isEmpty()) {
            throw new BadData("no_table", "the " + format.label() + " file has no table");
        }
        return new Result(format.label(), columns, rows);
    }

    private static Result csv(LoadFormat format, BufferedInputStream in, int maxRows) throws IOException {
        char delimiter = format.delimiter();
        in.mark(Integer.MAX_VALUE);
        CsvTypes.Inferred inferred = CsvTypes.infer(in, delimiter, Long.MAX_VALUE);
        in.reset();
        CsvRecords records = new CsvRecords(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter);
        records.next(); // the header
        List<List<String>> rows = new ArrayList<>();
        String[] record;
        while (rows.size() < maxRows && (record = records.next()) != null) {
            rows.add(Arrays.asList(record));
        }
        return new Result(format.label(), inferred.columns(), rows);
    }

    private static boolean startsWithEcsv(BufferedInputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(7);
        in.reset();
        return new String(head, StandardCharsets.US_ASCII).equals("# %ECSV");
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "" : " ").append(java.lang.reflect.Array.get(value, i));
            }
            return out.toString();
        }
        return value.toString();
    }

    private static final class Enough extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
