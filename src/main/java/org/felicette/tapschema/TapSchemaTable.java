package org.felicette.tapschema;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The five TAP_SCHEMA tables of TAP 1.1 with their standard columns, as each caller's view of
 * them is served ({@code /tap_schema/{table}}).
 */
public enum TapSchemaTable {
    SCHEMAS("schemas", col("schema_name", false), col("utype", false), col("description", false),
            col("schema_index", true)),
    TABLES("tables", col("schema_name", false), col("table_name", false), col("table_type", false),
            col("utype", false), col("description", false), col("table_index", true)),
    COLUMNS("columns", col("table_name", false), col("column_name", false), col("utype", false), col("ucd", false),
            col("unit", false), col("description", false), col("datatype", false), col("arraysize", false),
            col("xtype", false), col("size", true), col("principal", true), col("indexed", true), col("std", true),
            col("column_index", true)),
    KEYS("keys", col("key_id", false), col("from_table", false), col("target_table", false), col("utype", false),
            col("description", false)),
    KEY_COLUMNS("key_columns", col("key_id", false), col("from_column", false), col("target_column", false));

    /** A column of a TAP_SCHEMA table: its name and whether it holds integers (else text). */
    public record Column(String name, boolean integer) {
    }

    private final String name;
    private final List<Column> columns;

    TapSchemaTable(String name, Column... columns) {
        this.name = name;
        this.columns = List.of(columns);
    }

    private static Column col(String name, boolean integer) {
        return new Column(name, integer);
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
