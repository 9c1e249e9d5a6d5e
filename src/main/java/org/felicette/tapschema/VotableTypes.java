package org.felicette.tapschema;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;

/**
 * VOTable's datatypes, known here and nowhere else: what kind of value each column holds (how a
 * load writes it), the PostgreSQL type a user table's column of it has, the VOTable type of a
 * database column, how a type reads in a message, and what VOSI serves for a TAP_SCHEMA datatype.
 */
public final class VotableTypes {

    /** VOTable's datatypes: what TAP_SCHEMA holds is served as it is when it is one of them. */
    public static final Set<String> DATATYPES = Set.of("boolean", "bit", "unsignedByte", "short", "int", "long",
            "char", "unicodeChar", "float", "double", "floatComplex", "doubleComplex");

    /** How a column's values are written, from its VOTable datatype, arraysize and xtype. */
    public enum Kind {
        BOOLEAN, INTEGER, REAL, TEXT, TIMESTAMP, BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY;

        public boolean isArray() {
            return this == BOOLEAN_ARRAY || this == INTEGER_ARRAY || this == REAL_ARRAY;
        }

        public static Kind of(String datatype, String arraysize, String xtype) {
            String type = datatype == null ? "" : datatype.strip();
            String x = xtype == null ? "" : xtype.strip().toLowerCase(Locale.ROOT);
            if (GEOMETRY.contains(x)) {
                return REAL_ARRAY;
            }
            if (x.equals("timestamp")) {
                return TIMESTAMP;
            }
            boolean array = arraysize != null && !arraysize.isBlank() && !arraysize.strip().equals("1");
            return switch (type) {
                case "boolean" -> array ? BOOLEAN_ARRAY : BOOLEAN;
                case "short", "int", "long", "unsignedByte" -> array ? INTEGER_ARRAY : INTEGER;
                case "float", "double" -> array ? REAL_ARRAY : REAL;
                default -> TEXT;
            };
        }
    }

    /** The bytes of a numeric datatype's value as PostgreSQL holds it (unsignedByte in a smallint), or 0. */
    public static int width(String datatype) {
        return switch (datatype == null ? "" : datatype.strip()) {
            case "short", "unsignedByte" -> 2;
            case "int", "float" -> 4;
            case "long", "double" -> 8;
            default -> 0;
        };
    }

    /** The VOTable datatype VOSI serves for a TAP_SCHEMA datatype; anything else is served as char. */
    public static String served(String tapDatatype) {
        return tapDatatype != null && DATATYPES.contains(tapDatatype) ? tapDatatype : "char";
    }

    /** How a column's type reads in a message: "a double", "a timestamp (ISO 8601, ...)", "an array of int". */
    public static String describe(String datatype, String arraysize, String xtype) {
        return switch (Kind.of(datatype, arraysize, xtype)) {
            case TIMESTAMP -> "a timestamp (ISO 8601, e.g. 2024-01-31T12:00:00)";
            case BOOLEAN -> "a boolean (T, F, true, false, 1 or 0)";
            case BOOLEAN_ARRAY, INTEGER_ARRAY, REAL_ARRAY -> "an array of " + datatype
                    + (xtype != null ? " (" + xtype + ")" : "") + " (values between spaces)";
            default -> (datatype != null && !datatype.isEmpty() && "aeiouAEIOU".indexOf(datatype.charAt(0)) >= 0
                    ? "an " : "a ") + datatype;
        };
    }

    public static final String SUPPORTED = "boolean, short, int, long, float, double, unsignedByte, char, unicodeChar "
            + "(with arraysize n, n* or *); xtypes timestamp, point, circle, polygon, interval";
    private static final Set<String> GEOMETRY = Set.of("point", "circle", "polygon", "interval");
    private static final Pattern LENGTH = Pattern.compile("([0-9]{1,8})(\\*?)");
    private static final int MAX_LENGTH = 10_485_760;

    private VotableTypes() {
    }

    /**
     * The PostgreSQL type of a user table's column, from its VOTable datatype, arraysize and
     * xtype, as CADC maps them. Only these types are accepted; the result is assembled from
     * constants and checked integers, never from the client's text.
     */
    public static String postgres(TableDefinition.Column column) {
        String datatype = column.datatype() == null ? "" : column.datatype().strip();
        String arraysize = column.arraysize() == null || column.arraysize().isBlank() ? null : column.arraysize().strip();
        String xtype = column.xtype() == null ? null : column.xtype().strip().toLowerCase(Locale.ROOT);
        String where = "column " + column.name();
        if (xtype != null && GEOMETRY.contains(xtype)) {
            if (!datatype.equals("double") && !datatype.equals("float")) {
                throw bad(where + ": xtype " + xtype + " needs datatype double or float, not '" + datatype + "'");
            }
            return "double precision[]";
        }
        if ("timestamp".equals(xtype)) {
            if (!datatype.equals("char") && !datatype.equals("unicodeChar")) {
                throw bad(where + ": xtype timestamp needs datatype char, not '" + datatype + "'");
            }
            return "timestamp";
        }
        String scalar = switch (datatype) {
            case "boolean" -> "boolean";
            case "short", "unsignedByte" -> "smallint";
            case "int" -> "integer";
            case "long" -> "bigint";
            case "float" -> "real";
            case "double" -> "double precision";
            case "char", "unicodeChar" -> null;
            default -> throw bad(where + ": datatype '" + datatype + "' is not supported; use " + SUPPORTED);
        };
        if (scalar != null) {
            return arraysize == null || arraysize.equals("1") ? scalar : checkedArray(scalar, arraysize, where);
        }
        if (arraysize == null || arraysize.equals("1")) {
            return "char(1)";
        }
        if (arraysize.equals("*")) {
            return "text";
        }
        Matcher m = LENGTH.matcher(arraysize);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > MAX_LENGTH) {
            throw bad(where + ": arraysize '" + arraysize + "' of a char column must be n, n* or * (1 <= n <= "
                    + MAX_LENGTH + ")");
        }
        int length = Integer.parseInt(m.group(1));
        return m.group(2).isEmpty() ? "char(" + length + ")" : "varchar(" + length + ")";
    }

    private static String checkedArray(String scalar, String arraysize, String where) {
        if (!arraysize.matches("([0-9]{1,8}x)*([0-9]{1,8}\\*?|\\*)")) {
            throw bad(where + ": arraysize '" + arraysize + "' is not a VOTable arraysize");
        }
        return scalar + "[]";
    }

    /** A VOTable datatype, arraysize (null: a scalar) and xtype (null: none). */
    public record VoType(String datatype, String arraysize, String xtype) {
    }

    private static final Pattern SIZED = Pattern.compile("(character varying|character|bit varying|bit)\\(([0-9]+)\\)");

    /**
     * The VOTable type of a database column, by its {@code format_type} (what ingesting an existing
     * table records in TAP_SCHEMA, as CADC's TAP services map them); empty where VOTable has no
     * type that holds its values exactly.
     */
    public static java.util.Optional<VoType> ofPostgres(String formatType) {
        String type = formatType.strip().toLowerCase(Locale.ROOT);
        boolean array = type.endsWith("[]");
        String base = array ? type.substring(0, type.length() - 2) : type;
        Matcher sized = SIZED.matcher(base);
        VoType scalar;
        if (sized.matches()) {
            if (sized.group(1).startsWith("bit")) {
                return java.util.Optional.empty();
            }
            String n = sized.group(2);
            scalar = new VoType("char", sized.group(1).equals("character") ? (n.equals("1") ? null : n) : n + "*", null);
        } else {
            scalar = switch (base) {
                case "boolean" -> new VoType("boolean", null, null);
                case "smallint" -> new VoType("short", null, null);
                case "integer" -> new VoType("int", null, null);
                case "bigint" -> new VoType("long", null, null);
                case "real" -> new VoType("float", null, null);
                case "double precision" -> new VoType("double", null, null);
                case "text", "character varying" -> new VoType("char", "*", null);
                case "character" -> new VoType("char", null, null);
                case "timestamp without time zone", "timestamp with time zone", "date" ->
                        new VoType("char", "*", "timestamp");
                case "uuid" -> new VoType("char", "36", "uuid");
                case "bytea" -> new VoType("unsignedByte", "*", null);
                case "spoint" -> new VoType("double", "2", "point");
                case "scircle" -> new VoType("double", "3", "circle");
                case "spoly" -> new VoType("double", "*", "polygon");
                default -> null;
            };
        }
        if (scalar == null) {
            return java.util.Optional.empty();
        }
        if (!array) {
            return java.util.Optional.of(scalar);
        }
        if (scalar.arraysize() != null || scalar.xtype() != null) {
            return java.util.Optional.empty(); // arrays of strings or geometries: no VOTable form
        }
        return java.util.Optional.of(new VoType(scalar.datatype(), "*", null));
    }

    private static FelicetteException bad(String message) {
        return FelicetteException.badInput("bad_datatype", message);
    }
}
