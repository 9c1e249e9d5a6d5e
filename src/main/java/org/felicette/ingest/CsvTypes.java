package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The column types of a CSV or TSV file without a schema, from its values (a first pass over the
 * file, before it is loaded): for each column the narrowest of boolean, int, long, double,
 * timestamp (DALI's ISO 8601 forms) and char that holds every non-empty value. A column with no
 * value is char.
 */
public final class CsvTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern REAL = Pattern.compile(
            "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|[Ii]nf(inity)?)");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z?)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|t|f");

    /** What a pass found: the columns (named by the header, typed by the values) and the rows. */
    public record Inferred(List<FileColumn> columns, long rows) {
    }

    private CsvTypes() {
    }

    /**
     * @param maxRows the most data rows accepted; more is a {@link LimitExceeded}
     */
    public static Inferred infer(InputStream in, char delimiter, long maxRows) throws IOException {
        CsvRecords records = new CsvRecords(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter);
        String[] header = records.next();
        if (header == null || header.length == 1 && header[0].isBlank()) {
            throw new BadData("no_header", "the table is empty: it needs a header line naming the columns, then the rows");
        }
        int n = header.length;
        boolean[] seen = new boolean[n];
        boolean[] bool = filled(n);
        boolean[] integer = filled(n);
        boolean[] narrow = filled(n); // every integer fits in 32 bits
        boolean[] real = filled(n);
        boolean[] time = filled(n);
        long rows = 0;
        String[] record;
        while ((record = records.next()) != null) {
            if (record.length == 1 && record[0].isEmpty()) {
                continue; // a blank line
            }
            rows++;
            if (rows > maxRows) {
                throw new LimitExceeded("too_many_rows", "the table has more than the " + maxRows
                        + " rows an upload may have", maxRows);
            }
            if (record.length != n) {
                throw new BadData("field_count", "row " + rows + " has " + record.length + " fields; the header has " + n);
            }
            for (int i = 0; i < n; i++) {
                String v = record[i] == null ? "" : record[i].strip();
                if (v.isEmpty()) {
                    continue;
                }
                seen[i] = true;
                bool[i] &= BOOLEAN.matcher(v).matches();
                boolean isInteger = integer[i] && INTEGER.matcher(v).matches() && fitsLong(v);
                integer[i] = isInteger;
                narrow[i] &= isInteger && fitsInt(v);
                real[i] &= isInteger || REAL.matcher(v).matches();
                time[i] &= TIMESTAMP.matcher(v).matches();
            }
        }
        List<FileColumn> columns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = header[i].strip();
            if (!seen[i]) {
                columns.add(new FileColumn(name, "char", "*", null));
            } else if (bool[i]) {
                columns.add(new FileColumn(name, "boolean", null, null));
            } else if (integer[i]) {
                columns.add(new FileColumn(name, narrow[i] ? "int" : "long", null, null));
            } else if (real[i]) {
                columns.add(new FileColumn(name, "double", null, null));
            } else if (time[i]) {
                columns.add(new FileColumn(name, "char", "*", "timestamp"));
            } else {
                columns.add(new FileColumn(name, "char", "*", null));
            }
        }
        return new Inferred(columns, rows);
    }

    private static boolean[] filled(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    private static boolean fitsLong(String v) {
        try {
            Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean fitsInt(String v) {
        long x = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        return x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
    }
}
