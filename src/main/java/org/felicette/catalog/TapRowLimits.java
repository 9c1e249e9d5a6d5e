package org.felicette.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapRows;

/**
 * What the TAP_SCHEMA columns (CADC's layout) can store: their widths, and no NUL characters
 * (PostgreSQL text cannot hold them). Checking values before writing turns what would be a
 * database error into a message naming the value.
 */
public final class TapRowLimits {

    /** Text columns without a width (descriptions). */
    private static final int UNBOUNDED = Integer.MAX_VALUE;

    private TapRowLimits() {
    }

    /** A value that cannot be stored: {@code too_long} or {@code nul_character}, and why. */
    public record Violation(String code, String message) {
    }

    public static List<Violation> violations(TapRows rows) {
        List<Violation> out = violations(rows.schema());
        rows.tables().forEach(t -> table(out, t));
        rows.columns().forEach(c -> column(out, c));
        for (KeyInfo k : rows.keys()) {
            fits(out, "key id", k.keyId(), 64, k.keyId());
            fits(out, "utype of key " + k.keyId(), k.utype(), 512, k.keyId());
            fits(out, "description of key " + k.keyId(), k.description(), UNBOUNDED, k.keyId());
        }
        return out;
    }

    /** A schema's row (a user schema, new or described again). */
    public static List<Violation> violations(SchemaInfo row) {
        List<Violation> out = new ArrayList<>();
        String schema = row.name();
        fits(out, "schema name", schema, 64, schema);
        fits(out, "utype of schema " + schema, row.utype(), 512, schema);
        fits(out, "description of schema " + schema, row.description(), UNBOUNDED, schema);
        access(out, row.access(), schema);
        return out;
    }

    /** The rows of one table (a user table, new or described again). */
    public static List<Violation> violations(TableInfo table, List<ColumnInfo> columns) {
        List<Violation> out = new ArrayList<>();
        table(out, table);
        columns.forEach(c -> column(out, c));
        return out;
    }

    /** Who owns and may read an object: owner 256 characters, groups 128. */
    public static List<Violation> violations(Access access, String where) {
        List<Violation> out = new ArrayList<>();
        access(out, access, where);
        return out;
    }

    /** One value of a bounded column, e.g. a Felis version (64). */
    public static List<Violation> violations(String what, String value, int max) {
        List<Violation> out = new ArrayList<>();
        fits(out, what, value, max, what);
        return out;
    }

    /**
     * @throws FelicetteException 400 naming every value that cannot be stored, when there is one
     *     (its code is that of the first)
     */
    public static void require(List<Violation> violations) {
        if (!violations.isEmpty()) {
            List<String> messages = violations.stream().map(Violation::message).toList();
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, violations.get(0).code(),
                    String.join("\n", messages), Map.of("errors", messages));
        }
    }

    private static void table(List<Violation> out, TableInfo t) {
        fits(out, "qualified table name", t.name(), 128, t.name());
        fits(out, "utype of table " + t.name(), t.utype(), 512, t.name());
        fits(out, "description of table " + t.name(), t.description(), UNBOUNDED, t.name());
        access(out, t.access(), t.name());
    }

    private static void column(List<Violation> out, ColumnInfo c) {
        columnValue(out, c, "column name", c.name(), 64);
        columnValue(out, c, "utype", c.utype(), 512);
        columnValue(out, c, "ucd", c.ucd(), 64);
        columnValue(out, c, "unit", c.unit(), 64);
        columnValue(out, c, "xtype", c.xtype(), 64);
        columnValue(out, c, "arraysize", c.arraysize(), 16);
        columnValue(out, c, "columnID", c.columnId(), 32);
        columnValue(out, c, "description", c.description(), UNBOUNDED);
    }

    /** A value of a column row; its message (and the column's name in it) only made when it does not fit. */
    private static void columnValue(List<Violation> out, ColumnInfo c, String label, String value, int max) {
        if (!storable(value, max)) {
            String where = c.tableName() + "." + c.name();
            fits(out, label.equals("column name") ? label : label + " of " + where, value, max, where);
        }
    }

    private static void access(List<Violation> out, Access a, String where) {
        fits(out, "owner", a.ownerId(), 256, where);
        fits(out, "read-only group", a.readOnlyGroup(), 128, where);
        fits(out, "read-write group", a.readWriteGroup(), 128, where);
    }

    private static boolean storable(String value, int max) {
        return value == null || value.length() <= max && value.indexOf('\0') < 0;
    }

    private static void fits(List<Violation> out, String what, String value, int max, String where) {
        if (storable(value, max)) {
            return;
        }
        if (value.length() > max) {
            out.add(new Violation("too_long", what + " '" + abbreviate(value) + "' has " + value.length()
                    + " characters; TAP_SCHEMA allows " + max + " (" + where + ")"));
        } else {
            out.add(new Violation("nul_character", what + " '" + abbreviate(value).replace("\0", "\\0")
                    + "' holds a NUL character (\\0), which PostgreSQL cannot store (" + where + ")"));
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
