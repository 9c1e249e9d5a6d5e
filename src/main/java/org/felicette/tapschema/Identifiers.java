package org.felicette.tapschema;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.felicette.FelicetteException;

/**
 * ADQL regular identifiers (DESIGN.md §4.4): a letter, then letters, digits and underscores; at
 * most 63 bytes. Schema and table names are not reserved words of ADQL or PostgreSQL; a column
 * may be one ({@code dec}, {@code count}: real catalogues have them), since every statement
 * quotes it, and its creator is told which of its words a strict ADQL parser wants quoted. A
 * name is checked here once, into one of the value types below, before it can reach SQL; SQL
 * quotes the lower-case physical form.
 */
public final class Identifiers {

    private static final Pattern REGULAR = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final int MAX_BYTES = 63;

    /** ADQL 2.1's reserved words (its own and SQL-92's) and PostgreSQL's reserved key words. */
    static final Set<String> RESERVED_WORDS = Set.of("abs", "absolute", "acos", "action", "add", "all", "allocate",
            "alter", "analyse", "analyze", "and", "any", "are", "area", "array", "as", "asc", "asin", "assertion",
            "asymmetric", "at", "atan", "atan2", "authorization", "avg", "begin", "between", "binary", "bit",
            "bit_and", "bit_length", "bit_not", "bit_or", "bit_xor", "both", "box", "by", "cascade", "cascaded",
            "case", "cast", "catalog", "ceiling", "centroid", "char", "char_length", "character",
            "character_length", "check", "circle", "close", "coalesce", "collate", "collation", "column", "commit",
            "concurrently", "connect", "connection", "constraint", "constraints", "contains", "continue",
            "convert", "coord1", "coord2", "coordsys", "corresponding", "cos", "cot", "count", "create", "cross",
            "current", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
            "current_timestamp", "current_user", "cursor", "date", "day", "deallocate", "dec", "decimal",
            "declare", "default", "deferrable", "deferred", "degrees", "delete", "desc", "describe", "descriptor",
            "diagnostics", "disconnect", "distance", "distinct", "do", "domain", "double", "drop", "else", "end",
            "end-exec", "escape", "except", "exception", "exec", "execute", "exists", "exp", "external", "extract",
            "false", "fetch", "first", "float", "floor", "for", "foreign", "found", "freeze", "from", "full",
            "get", "global", "go", "goto", "grant", "group", "having", "hour", "identity", "ilike", "immediate",
            "in", "in_unit", "indicator", "initially", "inner", "input", "insensitive", "insert", "int", "integer",
            "intersect", "intersects", "interval", "into", "is", "isnull", "isolation", "join", "key", "language",
            "last", "lateral", "leading", "left", "level", "like", "limit", "local", "localtime", "localtimestamp",
            "log", "log10", "lower", "match", "max", "min", "minute", "mod", "module", "month", "names",
            "national", "natural", "nchar", "next", "no", "not", "notnull", "null", "nullif", "numeric",
            "octet_length", "of", "offset", "on", "only", "open", "option", "or", "order", "outer", "output",
            "overlaps", "pad", "partial", "pi", "placing", "point", "polygon", "position", "power", "precision",
            "prepare", "preserve", "primary", "prior", "privileges", "procedure", "public", "radians", "rand",
            "read", "real", "references", "region", "relative", "restrict", "returning", "revoke", "right",
            "rollback", "round", "rows", "schema", "scroll", "second", "section", "select", "session",
            "session_user", "set", "similar", "sin", "size", "smallint", "some", "space", "sql", "sqlcode",
            "sqlerror", "sqlstate", "sqrt", "substring", "sum", "symmetric", "system_user", "table", "tablesample",
            "tan", "temporary", "then", "time", "timestamp", "timezone_hour", "timezone_minute", "to", "top",
            "trailing", "transaction", "translate", "translation", "trim", "true", "truncate", "union", "unique",
            "unknown", "update", "upper", "usage", "user", "using", "value", "values", "varchar", "variadic",
            "varying", "verbose", "view", "when", "whenever", "where", "window", "with", "work", "write", "year",
            "zone");

    /**
     * PostgreSQL's system columns: every table has them, so no column of a user table may take
     * their names, quoted or not.
     */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

    private Identifiers() {
    }

    /** A schema name, checked. */
    public record SchemaName(String name) {
        public SchemaName {
            check(name, "schema name");
        }

        /** The physical (PostgreSQL) name, lower case, quoted. */
        public String sql() {
            return quote(name);
        }

        public String physical() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    /** A qualified table name {@code schema.table}, each part checked. */
    public record TableName(SchemaName schema, String table) {
        public TableName {
            check(table, "table name");
        }

        public static TableName parse(String qualified) {
            int dot = qualified.indexOf('.');
            if (dot <= 0 || dot != qualified.lastIndexOf('.') || dot == qualified.length() - 1) {
                throw FelicetteException.badInput("bad_name", "'" + qualified
                        + "' is not a qualified table name schema.table");
            }
            return new TableName(new SchemaName(qualified.substring(0, dot)), qualified.substring(dot + 1));
        }

        /** The name TAP_SCHEMA keeps: the spelling given. */
        public String qualified() {
            return schema.name() + "." + table;
        }

        public String sql() {
            return schema.sql() + "." + quote(table);
        }

        /** The lower-case physical name schema.table, for to_regclass and comparisons. */
        public String physical() {
            return schema.physical() + "." + table.toLowerCase(Locale.ROOT);
        }
    }

    /** A column name, checked: a regular identifier, possibly a reserved word, never a system column's name. */
    public record ColumnName(String name) {
        public ColumnName {
            checkForm(name, "column name");
            if (SYSTEM_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
                throw FelicetteException.badInput("bad_name", "the column name '" + name + "' is the name of a "
                        + "PostgreSQL system column, which every table has; choose another");
            }
        }

        public String sql() {
            return quote(name);
        }

        /** Whether ADQL or PostgreSQL reserve this word, so that a query must quote it. */
        public boolean isReservedWord() {
            return RESERVED_WORDS.contains(name.toLowerCase(Locale.ROOT));
        }
    }

    static void check(String name, String what) {
        checkForm(name, what);
        if (RESERVED_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
            throw FelicetteException.badInput("bad_name", "the " + what + " '" + name + "' is a reserved word of ADQL "
                    + "or PostgreSQL");
        }
    }

    private static void checkForm(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw FelicetteException.badInput("bad_name", "a " + what + " is required");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw FelicetteException.badInput("bad_name", "the " + what + " '" + abbreviate(name) + "' is longer than "
                    + MAX_BYTES + " bytes");
        }
        if (!REGULAR.matcher(name).matches()) {
            throw FelicetteException.badInput("bad_name", "the " + what + " '" + abbreviate(name)
                    + "' is not a regular identifier: use a letter, then letters, digits and _");
        }
    }

    /** Quotes the lower-case form of an already checked name (it has no quote to escape). */
    private static String quote(String checked) {
        return '"' + checked.toLowerCase(Locale.ROOT) + '"';
    }

    private static String abbreviate(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 77) + "..." : printable;
    }

    /** The schema a user's tables go to by default: user_ and the name, lower case, other characters as _. */
    public static String userSchemaBase(String user) {
        StringBuilder out = new StringBuilder("user_");
        for (char c : user.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return out.length() > 55 ? out.substring(0, 55) : out.toString();
    }
}
