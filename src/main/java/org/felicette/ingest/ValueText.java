package org.felicette.ingest;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A value of a result as text: numbers as Java writes them, date-times in ISO 8601, arrays between spaces. */
final class ValueText {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private ValueText() {
    }

    /** @param booleans how true and false read ("T"/"F" in VOTable, "true"/"false" elsewhere) */
    static String of(Object value, String yes, String no) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Double d) {
            return real(d);
        }
        if (value instanceof Float f) {
            return f.isNaN() ? "NaN" : f.isInfinite() ? (f > 0 ? "+Inf" : "-Inf") : f.toString();
        }
        if (value instanceof Boolean b) {
            return b ? yes : no;
        }
        if (value instanceof BigDecimal big) {
            return big.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return ISO.format(t);
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String element = of(Array.get(value, i), yes, no);
                out.append(i == 0 ? "" : " ").append(element == null ? "NaN" : element);
            }
            return out.toString();
        }
        return value.toString();
    }

    static String real(double d) {
        return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "+Inf" : "-Inf") : Double.toString(d);
    }
}
