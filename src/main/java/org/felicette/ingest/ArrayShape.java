package org.felicette.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many values an array column holds, from its VOTable arraysize ({@code n}, {@code n*},
 * {@code *}, {@code AxB}, {@code Ax*}) or, without one, its geometry xtype; and arrays written
 * as text in a cell, read strictly.
 */
public record ArrayShape(long fixed, long maxSlices, boolean variable, int minimum, boolean even) {

    /** Any number of values. */
    public static final ArrayShape ANY = new ArrayShape(1, Long.MAX_VALUE, true, 0, false);

    public static ArrayShape of(String arraysize, String xtype) {
        String size = arraysize == null ? "" : arraysize.strip();
        String x = xtype == null ? "" : xtype.strip().toLowerCase(Locale.ROOT);
        if (size.isEmpty() || size.equals("*")) {
            return switch (x) {
                case "point", "interval" -> new ArrayShape(2, 1, false, 0, false);
                case "circle" -> new ArrayShape(3, 1, false, 0, false);
                case "polygon" -> new ArrayShape(1, Long.MAX_VALUE, true, 6, true);
                default -> ANY;
            };
        }
        String[] dims = size.split("x");
        long fixed = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            fixed *= Long.parseLong(dims[i]);
        }
        String last = dims[dims.length - 1];
        if (last.equals("*")) {
            return new ArrayShape(fixed, Long.MAX_VALUE, true, 0, x.equals("polygon"));
        }
        if (last.endsWith("*")) {
            return new ArrayShape(fixed, Long.parseLong(last.substring(0, last.length() - 1)), true, 0, false);
        }
        return new ArrayShape(fixed * Long.parseLong(last), 1, false, 0, false);
    }

    /** Why {@code count} values do not fit (e.g. "has 3 values; arraysize 2 holds exactly 2"), or null. */
    public String misfit(int count, String arraysize) {
        String said = arraysize == null || arraysize.isBlank() ? "its xtype" : "arraysize " + arraysize.strip();
        if (!variable) {
            return count == fixed ? null : "has " + count + " values; " + said + " holds exactly " + fixed;
        }
        if (count % fixed != 0) {
            return "has " + count + " values; " + said + " holds a multiple of " + fixed;
        }
        if (count / fixed > maxSlices) {
            return "has " + count + " values; " + said + " holds at most " + fixed * maxSlices;
        }
        if (count < minimum || even && count % 2 != 0) {
            return "has " + count + " values; a polygon holds an even number of values, at least " + Math.max(6, minimum);
        }
        return null;
    }

    /**
     * The values of an array written as text: separated by blanks or by commas (with blanks
     * around them), optionally within one pair of {@code {}} (PostgreSQL) or {@code []} (JSON,
     * ECSV); null when the text is not such a list (a bracket inside, an empty value between two
     * commas, brackets that do not pair).
     */
    public static List<String> elements(String text) {
        String s = text.strip();
        if (s.startsWith("{") || s.startsWith("[")) {
            char close = s.charAt(0) == '{' ? '}' : ']';
            if (s.length() < 2 || s.charAt(s.length() - 1) != close) {
                return null;
            }
            s = s.substring(1, s.length() - 1).strip();
        }
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        boolean commas = s.indexOf(',') >= 0;
        for (String part : commas ? s.split(",", -1) : s.split("\\s+")) {
            String value = part.strip();
            if (value.isEmpty() || value.chars().anyMatch(c -> "{}[]\",".indexOf(c) >= 0
                    || commas && Character.isWhitespace(c))) {
                return null;
            }
            out.add(value);
        }
        return out;
    }
}
