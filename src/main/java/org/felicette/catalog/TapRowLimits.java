package org.felicette.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;

/**
 * The widths of the TAP_SCHEMA columns (CADC's layout). Checking them before writing turns what
 * would be a database error into a message naming the value that does not fit.
 */
public final class TapRowLimits {

    private TapRowLimits() {
    }

    public static List<String> violations(TapRows rows) {
        List<String> out = new ArrayList<>();
        String schema = rows.schema().schemaName();
        fits(out, "schema name", schema, 64, schema);
        fits(out, "utype of schema " + schema, rows.schema().utype(), 512, schema);
        access(out, rows.schema().access(), schema);
        rows.tables().forEach(t -> table(out, t));
        rows.columns().forEach(c -> column(out, c));
        for (TapRows.KeyRow k : rows.keys()) {
            fits(out, "key id", k.keyId(), 64, k.keyId());
            fits(out, "utype of key " + k.keyId(), k.utype(), 512, k.keyId());
        }
        return out;
    }

    /** The rows of one table (a user table, new or described again). */
    public static List<String> violations(TapRows.TableRow table, List<TapRows.ColumnRow> columns) {
        List<String> out = new ArrayList<>();
        table(out, table);
        columns.forEach(c -> column(out, c));
        return out;
    }

    /** Who owns and may read an object: owner 256 characters, groups 128. */
    public static List<String> violations(TapRows.Access access, String where) {
        List<String> out = new ArrayList<>();
        access(out, access, where);
        return out;
    }

    /** One value of a bounded column, e.g. a Felis version (64). */
    public static List<String> violations(String what, String value, int max) {
        List<String> out = new ArrayList<>();
        fits(out, what, value, max, what);
        return out;
    }

    /** @throws FelicetteException 400 naming every value that does not fit, when there is one */
    public static void require(List<String> violations) {
        if (!violations.isEmpty()) {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "too_long", String.join("\n", violations),
                    Map.of("errors", violations));
        }
    }

    private static void table(List<String> out, TapRows.TableRow t) {
        fits(out, "qualified table name", t.tableName(), 128, t.tableName());
        fits(out, "utype of table " + t.tableName(), t.utype(), 512, t.tableName());
        access(out, t.access(), t.tableName());
    }

    private static void column(List<String> out, TapRows.ColumnRow c) {
        columnValue(out, c, "column name", c.columnName(), 64);
        columnValue(out, c, "utype", c.utype(), 512);
        columnValue(out, c, "ucd", c.ucd(), 64);
        columnValue(out, c, "unit", c.unit(), 64);
        columnValue(out, c, "xtype", c.xtype(), 64);
        columnValue(out, c, "arraysize", c.arraysize(), 16);
    }

    /** A value of a column row; its message (and the column's name in it) only made when it does not fit. */
    private static void columnValue(List<String> out, TapRows.ColumnRow c, String label, String value, int max) {
        if (value != null && value.length() > max) {
            String where = c.tableName() + "." + c.columnName();
            fits(out, label.equals("column name") ? label : label + " of " + where, value, max, where);
        }
    }

    private static void access(List<String> out, TapRows.Access a, String where) {
        fits(out, "owner", a.ownerId(), 256, where);
        fits(out, "read-only group", a.readOnlyGroup(), 128, where);
        fits(out, "read-write group", a.readWriteGroup(), 128, where);
    }

    private static void fits(List<String> out, String what, String value, int max, String where) {
        if (value != null && value.length() > max) {
            out.add(what + " '" + abbreviate(value) + "' has " + value.length() + " characters; TAP_SCHEMA allows " + max
                    + " (" + where + ")");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
