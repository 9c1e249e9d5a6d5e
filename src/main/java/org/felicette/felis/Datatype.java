package org.felicette.felis;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Felis datatypes, with the VOTable datatype each becomes in TAP_SCHEMA (as felis maps them). */
public enum Datatype {
    BOOLEAN("boolean", false, Kind.BOOLEAN),
    BYTE("unsignedByte", false, Kind.INTEGER),
    SHORT("short", false, Kind.INTEGER),
    INT("int", false, Kind.INTEGER),
    LONG("long", false, Kind.INTEGER),
    FLOAT("float", false, Kind.REAL),
    DOUBLE("double", false, Kind.REAL),
    CHAR("char", true, Kind.STRING),
    STRING("char", true, Kind.STRING),
    UNICODE("unicodeChar", true, Kind.STRING),
    TEXT("char", false, Kind.STRING),
    BINARY("unsignedByte", true, Kind.OTHER),
    TIMESTAMP("char", false, Kind.OTHER);

    /** What values of the type look like, for checking a default {@code value}. */
    public enum Kind { BOOLEAN, INTEGER, REAL, STRING, OTHER }

    private static final Map<String, Datatype> BY_FELIS_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Datatype::felisName, d -> d));

    private final String felis;
    private final String votable;
    private final boolean sized;
    private final Kind kind;

    Datatype(String votable, boolean sized, Kind kind) {
        this.felis = name().toLowerCase(Locale.ROOT);
        this.votable = votable;
        this.sized = sized;
        this.kind = kind;
    }

    /** The name used in Felis documents. */
    public String felisName() {
        return felis;
    }

    public String votableName() {
        return votable;
    }

    /** Whether a length is required. */
    public boolean isSized() {
        return sized;
    }

    public Kind kind() {
        return kind;
    }

    public static Optional<Datatype> of(String felisName) {
        return Optional.ofNullable(felisName == null ? null : BY_FELIS_NAME.get(felisName));
    }

    public static String names() {
        return Arrays.stream(values()).map(Datatype::felisName).collect(Collectors.joining(", "));
    }

    /**
     * The VOTable arraysize felis gives a column that does not set one: char of length n > 1 is
     * "n"; string, unicode and binary of length n > 1 are "n*" (or "*" when unbounded is forced);
     * timestamp and text are "*".
     */
    public String defaultArraysize(Integer length, boolean forceUnbounded) {
        if (length != null && length > 1) {
            return switch (this) {
                case CHAR -> Integer.toString(length);
                case STRING, UNICODE, BINARY -> forceUnbounded ? "*" : length + "*";
                default -> null;
            };
        }
        return this == TIMESTAMP || this == TEXT ? "*" : null;
    }
}
