package org.felicette.ingest;

/** How a column's type reads in a message: "a double", "a timestamp (ISO 8601, ...)", "an array of int". */
public final class ValueTypes {

    private ValueTypes() {
    }

    public static String describe(String datatype, String arraysize, String xtype) {
        return switch (CopyText.Kind.of(datatype, arraysize, xtype)) {
            case TIMESTAMP -> "a timestamp (ISO 8601, e.g. 2024-01-31T12:00:00)";
            case BOOLEAN -> "a boolean (T, F, true, false, 1 or 0)";
            case BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY -> "an array of " + datatype
                    + (xtype != null ? " (" + xtype + ")" : "") + " (values between spaces)";
            default -> (datatype != null && !datatype.isEmpty() && "aeiouAEIOU".indexOf(datatype.charAt(0)) >= 0
                    ? "an " : "a ") + datatype;
        };
    }
}
