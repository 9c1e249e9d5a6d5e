package org.felicette.db;

/**
 * A floating-point value as PostgreSQL wrote it (its shortest exact text), handed on without
 * being parsed and formatted again: writers of text take {@link #toString}, writers of binary
 * parse it when they need the number. Infinities read as VOTable writes them ({@code +Inf}, {@code -Inf}).
 */
final class TextNumber extends Number {

    private static final long serialVersionUID = 1L;

    private final String text;

    TextNumber(String text) {
        this.text = switch (text) {
            case "Infinity" -> "+Inf";
            case "-Infinity" -> "-Inf";
            default -> text;
        };
    }

    @Override
    public double doubleValue() {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    @Override
    public float floatValue() {
        return (float) doubleValue();
    }

    @Override
    public long longValue() {
        return (long) doubleValue();
    }

    @Override
    public int intValue() {
        return (int) doubleValue();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextNumber t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
