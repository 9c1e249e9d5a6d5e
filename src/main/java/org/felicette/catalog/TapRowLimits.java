package org.felicette.catalog;

import java.util.ArrayList;
import java.util.List;

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
        for (TapRows.TableRow t : rows.tables()) {
            fits(out, "qualified table name", t.tableName(), 128, t.tableName());
            fits(out, "utype of table " + t.tableName(), t.utype(), 512, t.tableName());
        }
        for (TapRows.ColumnRow c : rows.columns()) {
            String where = c.tableName() + "." + c.columnName();
            fits(out, "column name", c.columnName(), 64, where);
            fits(out, "utype of " + where, c.utype(), 512, where);
            fits(out, "ucd of " + where, c.ucd(), 64, where);
            fits(out, "unit of " + where, c.unit(), 64, where);
            fits(out, "xtype of " + where, c.xtype(), 64, where);
            fits(out, "arraysize of " + where, c.arraysize(), 16, where);
        }
        for (TapRows.KeyRow k : rows.keys()) {
            fits(out, "key id", k.keyId(), 64, k.keyId());
            fits(out, "utype of key " + k.keyId(), k.utype(), 512, k.keyId());
        }
        return out;
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
