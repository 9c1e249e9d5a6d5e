package org.felicette.db;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five TAP_SCHEMA tables as one viewer sees them: the TAP 1.1 standard columns of the rows
 * the read rule lets them see. Keys appear when both of their tables are visible.
 */
public enum TapSchemaView {
    SCHEMAS("schemas", """
            SELECT s.schema_name, s.utype, s.description, s.schema_index FROM tap_schema.schemas11 s
            WHERE s.schema_name IN (SELECT s.schema_name FROM tap_schema.schemas11 s WHERE <schemas>
                                    UNION SELECT t.schema_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY s.schema_index NULLS LAST, s.schema_name""",
            col("schema_name", false), col("utype", false), col("description", false), col("schema_index", true)),
    TABLES("tables", """
            SELECT t.schema_name, t.table_name, t.table_type, t.utype, t.description, t.table_index
            FROM tap_schema.tables11 t WHERE <tables>
            ORDER BY t.schema_name, t.table_index NULLS LAST, t.table_name""",
            col("schema_name", false), col("table_name", false), col("table_type", false), col("utype", false),
            col("description", false), col("table_index", true)),
    COLUMNS("columns", """
            SELECT c.table_name, c.column_name, c.utype, c.ucd, c.unit, c.description, c.datatype, c.arraysize,
                c.xtype, c."size", c.principal, c.indexed, c.std, c.column_index
            FROM tap_schema.columns11 c JOIN tap_schema.tables11 t ON t.table_name = c.table_name
            WHERE <tables>
            ORDER BY c.table_name, c.column_index NULLS LAST, c.column_name""",
            col("table_name", false), col("column_name", false), col("utype", false), col("ucd", false),
            col("unit", false), col("description", false), col("datatype", false), col("arraysize", false),
            col("xtype", false), col("size", true), col("principal", true), col("indexed", true), col("std", true),
            col("column_index", true)),
    KEYS("keys", """
            SELECT k.key_id, k.from_table, k.target_table, k.utype, k.description FROM tap_schema.keys11 k
            WHERE k.from_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND k.target_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY k.key_id""",
            col("key_id", false), col("from_table", false), col("target_table", false), col("utype", false),
            col("description", false)),
    KEY_COLUMNS("key_columns", """
            SELECT kc.key_id, kc.from_column, kc.target_column
            FROM tap_schema.key_columns11 kc JOIN tap_schema.keys11 k ON k.key_id = kc.key_id
            WHERE k.from_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND k.target_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY kc.key_id, kc.from_column""",
            col("key_id", false), col("from_column", false), col("target_column", false));

    /** A column of a view: its name and whether it holds integers (else text). */
    public record Column(String name, boolean integer) {
    }

    private final String name;
    private final String sql;
    private final List<Column> columns;

    TapSchemaView(String name, String sql, Column... columns) {
        this.name = name;
        this.sql = sql;
        this.columns = List.of(columns);
    }

    private static Column col(String name, boolean integer) {
        return new Column(name, integer);
    }

    public String viewName() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The SQL with the viewer's read rule in place; binds {@code :user} and {@code :groups}. */
    String sql(Viewer viewer) {
        return sql.replace("<tables>", viewer.tables("t")).replace("<schemas>", viewer.schemas("s"));
    }

    public static Optional<TapSchemaView> named(String name) {
        return Arrays.stream(values()).filter(v -> v.name.equalsIgnoreCase(name)).findFirst();
    }
}
