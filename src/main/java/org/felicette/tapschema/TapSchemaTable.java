package org.felicette.tapschema;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five TAP_SCHEMA tables of TAP 1.1 with their standard columns, as each caller's view of
 * them is served ({@code /tap_schema/{table}}).
 */
public enum TapSchemaTable {
    SCHEMAS("schemas", col("schema_name", "VARCHAR(64) NOT NULL"), col("utype", "VARCHAR(512)"),
            col("description", "VARCHAR(512)"), col("schema_index", "INTEGER")),
    TABLES("tables", col("schema_name", "VARCHAR(64) NOT NULL"), col("table_name", "VARCHAR(128) NOT NULL"),
            col("table_type", "VARCHAR(8) NOT NULL"), col("utype", "VARCHAR(512)"), col("description", "VARCHAR(512)"),
            col("table_index", "INTEGER")),
    COLUMNS("columns", col("table_name", "VARCHAR(128) NOT NULL"), col("column_name", "VARCHAR(64) NOT NULL"),
            col("utype", "VARCHAR(512)"), col("ucd", "VARCHAR(64)"), col("unit", "VARCHAR(64)"),
            col("description", "VARCHAR(512)"), col("datatype", "VARCHAR(64) NOT NULL"), col("arraysize", "VARCHAR(16)"),
            col("xtype", "VARCHAR(64)"), col("size", "INTEGER"), col("principal", "INTEGER NOT NULL"),
            col("indexed", "INTEGER NOT NULL"), col("std", "INTEGER NOT NULL"), col("column_index", "INTEGER")),
    KEYS("keys", col("key_id", "VARCHAR(64) NOT NULL"), col("from_table", "VARCHAR(128) NOT NULL"),
            col("target_table", "VARCHAR(128) NOT NULL"), col("utype", "VARCHAR(512)"), col("description", "VARCHAR(512)")),
    KEY_COLUMNS("key_columns", col("key_id", "VARCHAR(64) NOT NULL"), col("from_column", "VARCHAR(64) NOT NULL"),
            col("target_column", "VARCHAR(64) NOT NULL"));

    /**
     * A column of a TAP_SCHEMA table: its name and its SQL type as felis's {@code tap_schema_std.yaml}
     * declares it (what {@code felis init-tap-schema} makes in SQLite).
     */
    public record Column(String name, String sqlType) {

        /** Whether it holds integers (else text). */
        public boolean integer() {
            return sqlType.startsWith("INTEGER");
        }
    }

    private final String name;
    private final List<Column> columns;

    TapSchemaTable(String name, Column... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    private static Column col(String name, String sqlType) {
        return new Column(name, sqlType);
    }

    /** The name a translated query gives the caller's view of this table (a CTE its runner defines). */
    public String viewName() {
        return "tap_schema_view_" + name;
    }

    public String tableName() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public static Optional<TapSchemaTable> named(String name) {
        return Arrays.stream(values()).filter(v -> v.name.equalsIgnoreCase(name)).findFirst();
    }
}
