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
 * value is char. A column whose values all fit a type but a few ({@link #nearMiss}: at most one in
 * a hundred) keeps that type, and the few are reported as a {@link NearMiss}: one {@code oops} in a
 * column of declinations does not make it text.
 */
public final class CsvTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern REAL = Pattern.compile(
            "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|[Ii]nf(inity)?)");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?Z?)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false|t|f");

    /** What a pass found: the columns (named by the header, typed by the values), the rows, and the near misses. */
    public record Inferred(List<FileColumn> columns, long rows, List<NearMiss> nearMisses) {
    }

    /** Whether so few of a column's values miss a type that the type is kept and they are reported. */
    static boolean nearMiss(long misses, long values) {
        return misses > 0 && misses * 100 <= values;
    }

    /** The misses of one candidate type in one column: how many, and the first. */
    private static final class Misses {
        long count;
        long row;
        String value;

        void add(long line, String value) {
            if (count++ == 0) {
                this.row = line;
                this.value = value;
            }
        }
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
        long[] values = new long[n];
        // per column, the misses of each candidate: boolean, int, long, double, timestamp
        Misses[][] misses = new Misses[n][5];
        for (Misses[] column : misses) {
            for (int k = 0; k < 5; k++) {
                column[k] = new Misses();
            }
        }
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
                values[i]++;
                Misses[] m = misses[i];
                long line = records.records(); // the header is line 1
                if (!BOOLEAN.matcher(v).matches()) {
                    m[0].add(line, v);
                }
                boolean isInteger = INTEGER.matcher(v).matches() && fitsLong(v);
                if (!isInteger || !fitsInt(v)) {
                    m[1].add(line, v);
                }
                if (!isInteger) {
                    m[2].add(line, v);
                }
                if (!isInteger && !REAL.matcher(v).matches()) {
                    m[3].add(line, v);
                }
                if (!TIMESTAMP.matcher(v).matches()) {
                    m[4].add(line, v);
                }
            }
        }
        List<FileColumn> columns = new ArrayList<>();
        List<NearMiss> near = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = header[i].strip();
            int type = values[i] == 0 ? -1 : typeOf(misses[i], values[i]);
            columns.add(switch (type) {
                case 0 -> new FileColumn(name, "boolean", null, null);
                case 1 -> new FileColumn(name, "int", null, null);
                case 2 -> new FileColumn(name, "long", null, null);
                case 3 -> new FileColumn(name, "double", null, null);
                case 4 -> new FileColumn(name, "char", "*", "timestamp");
                default -> new FileColumn(name, "char", "*", null);
            });
            if (type >= 0 && misses[i][type].count > 0) {
                Misses m = misses[i][type];
                near.add(NearMiss.of(name, columns.get(i).xtype() != null ? "timestamp" : columns.get(i).datatype(),
                        m.count, values[i], m.row, m.value));
            }
        }
        return new Inferred(columns, rows, near);
    }

    /**
     * The narrowest candidate every value fits; else the one most values fit with a near miss
     * (numbers before dates, the narrowest number first); else -1, text.
     */
    private static int typeOf(Misses[] misses, long values) {
        for (int k = 0; k < 5; k++) {
            if (misses[k].count == 0) {
                return k;
            }
        }
        for (int k : new int[] {1, 2, 3, 4, 0}) {
            if (nearMiss(misses[k].count, values)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether a CSV value is one of an integer column (as inference reads integers). */
    static boolean isInteger(String v) {
        return INTEGER.matcher(v).matches() && fitsLong(v);
    }

    /** Whether a CSV value is one of a floating-point column. */
    static boolean isReal(String v) {
        return isInteger(v) || REAL.matcher(v).matches();
    }

    /** Whether a CSV value is one of a boolean column (PostgreSQL's words too). */
    static boolean isBoolean(String v) {
        return BOOLEAN.matcher(v).matches() || v.matches("(?i)yes|no|y|n|on|off|0|1");
    }

    /** Whether a CSV value is a date and time of DALI's ISO 8601 forms. */
    static boolean isTimestamp(String v) {
        return TIMESTAMP.matcher(v).matches();
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
