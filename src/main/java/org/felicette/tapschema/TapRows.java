package org.felicette.tapschema;

import java.util.List;

/**
 * The TAP_SCHEMA rows of one schema, as they are stored in the {@code tap_schema.*11} tables.
 * Flags are TAP 1.1 integers (0/1); a null owner means the schema belongs to nobody (public).
 */
public record TapRows(SchemaRow schema, List<TableRow> tables, List<ColumnRow> columns, List<KeyRow> keys,
        List<KeyColumnRow> keyColumns) {

    public TapRows {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
        keyColumns = List.copyOf(keyColumns);
    }

    public record SchemaRow(String schemaName, String utype, String description, Integer schemaIndex, Access access,
            int apiCreated) {
    }

    public record TableRow(String schemaName, String tableName, String tableType, String utype, String description,
            Integer tableIndex, Access access, int apiCreated) {
    }

    /**
     * A column; {@code nullable} and {@code primaryKey} (0/1) are extensions TAP allows, for the
     * VOSI column flags; {@code ordinal} is its place in the document that defined it (1, 2, ...);
     * {@code columnId} is CADC's column_id (an XML ID for the column's FIELD), null when not given.
     */
    public record ColumnRow(String tableName, String columnName, String utype, String ucd, String unit,
            String description, String datatype, String arraysize, String xtype, Integer size, int principal,
            int indexed, int std, Integer columnIndex, int nullable, int primaryKey, int ordinal, String columnId) {

        /** The same column at another place in its document. */
        public ColumnRow withOrdinal(int newOrdinal) {
            return newOrdinal == ordinal ? this : new ColumnRow(tableName, columnName, utype, ucd, unit, description,
                    datatype, arraysize, xtype, size, principal, indexed, std, columnIndex, nullable, primaryKey,
                    newOrdinal, columnId);
        }
    }

    public record KeyRow(String keyId, String fromTable, String targetTable, String utype, String description) {
    }

    public record KeyColumnRow(String keyId, String fromColumn, String targetColumn) {
    }

    /** The same rows with the schema and every table given this access and schema index. */
    public TapRows with(Access access, Integer schemaIndex) {
        SchemaRow s = new SchemaRow(schema.schemaName(), schema.utype(), schema.description(), schemaIndex, access,
                schema.apiCreated());
        List<TableRow> t = tables.stream().map(r -> new TableRow(r.schemaName(), r.tableName(), r.tableType(),
                r.utype(), r.description(), r.tableIndex(), access, r.apiCreated())).toList();
        return new TapRows(s, t, columns, keys, keyColumns);
    }
}
