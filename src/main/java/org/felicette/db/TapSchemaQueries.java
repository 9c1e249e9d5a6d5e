package org.felicette.db;

import org.felicette.tapschema.TapSchemaTable;

/**
 * The SQL of each TAP_SCHEMA table as one viewer sees it: the TAP 1.1 standard columns of the
 * rows the read rule lets them see. Keys appear when both of their tables are visible.
 */
final class TapSchemaQueries {

    private TapSchemaQueries() {
    }

    /** The SQL with the viewer's read rule in place; binds {@code :user} and {@code :groups}. */
    static String sql(TapSchemaTable table, Viewer viewer) {
        String sql = switch (table) {
            case SCHEMAS -> """
            SELECT s.schema_name, s.utype, s.description, s.schema_index FROM tap_schema.schemas11 s
            WHERE s.schema_name IN (SELECT s.schema_name FROM tap_schema.schemas11 s WHERE <schemas>
                                    UNION SELECT t.schema_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY s.schema_index NULLS LAST, s.schema_name""";
            case TABLES -> """
            SELECT t.schema_name, t.table_name, t.table_type, t.utype, t.description, t.table_index
            FROM tap_schema.tables11 t WHERE <tables>
            ORDER BY t.schema_name, t.table_index NULLS LAST, t.table_name""";
            case COLUMNS -> """
            SELECT c.table_name, c.column_name, c.utype, c.ucd, c.unit, c.description, c.datatype, c.arraysize,
                c.xtype, c."size", c.principal, c.indexed, c.std, c.column_index
            FROM tap_schema.columns11 c JOIN tap_schema.tables11 t ON t.table_name = c.table_name
            WHERE <tables>
            ORDER BY c.table_name, c.column_index NULLS LAST, c.column_name""";
            case KEYS -> """
            SELECT k.key_id, k.from_table, k.target_table, k.utype, k.description FROM tap_schema.keys11 k
            WHERE k.from_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND k.target_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY k.key_id""";
            case KEY_COLUMNS -> """
            SELECT kc.key_id, kc.from_column, kc.target_column
            FROM tap_schema.key_columns11 kc JOIN tap_schema.keys11 k ON k.key_id = kc.key_id
            WHERE k.from_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND k.target_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY kc.key_id, kc.from_column""";
        };
        return sql.replace("<tables>", viewer.tables("t")).replace("<schemas>", viewer.schemas("s"));
    }
}
