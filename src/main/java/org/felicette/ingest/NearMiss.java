package org.felicette.ingest;

/**
 * A column typed by most of its values though a few do not fit (a CSV's {@code oops} among
 * numbers, or {@code N/A}): the type is kept, and this says what does not fit and where, so that
 * the person loading the file chooses: fix the file, load those values as NULL, or keep the
 * column as text. A column is never made text in silence.
 *
 * @param column the column's name in the file
 * @param datatype the type most values have
 * @param misses how many non-empty values do not fit it
 * @param values how many non-empty values the column has
 * @param line the line of the file the first that does not fit is on (the header is line 1)
 * @param value that value
 * @param message all this in words: "1 of 2,000 values is not a number: line 1500, 'oops'"
 */
public record NearMiss(String column, String datatype, long misses, long values, long line, String value,
        String message) {

    public static NearMiss of(String column, String datatype, long misses, long values, long line, String value) {
        return new NearMiss(column, datatype, misses, values, line, value, message(datatype, misses, values, line,
                value));
    }

    private static String message(String datatype, long misses, long values, long line, String value) {
        String what = switch (datatype) {
            case "int", "long" -> "an integer";
            case "double" -> "a number";
            case "boolean" -> "true or false";
            default -> "a date and time (ISO 8601)";
        };
        return String.format(java.util.Locale.ROOT, "%,d of %,d values %s not %s: line %d, '%s'", misses, values,
                misses == 1 ? "is" : "are", what, line, value.length() > 40 ? value.substring(0, 40) + "…" : value);
    }
}
