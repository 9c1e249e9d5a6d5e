package org.felicette.tapschema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.IOException;
import java.util.List;

/** What the catalogue says about schemas, tables, columns and keys, as read for a caller. */
public final class CatalogModel {

    private CatalogModel() {
    }

    public record SchemaInfo(String name, String utype, String description, Integer index, Access access,
            boolean apiCreated) {
    }

    /**
     * @param nrows PostgreSQL's estimate of the rows of a user table; null where unknown
     */
    public record TableInfo(String schemaName, String name, String type, String utype, String description,
            Integer index, Access access, boolean apiCreated, Long nrows) {
    }

    /**
     * A column of a table.
     *
     * @param tableName the qualified name of its table
     * @param nullable null where not known (a row TAP_SCHEMA leaves empty); always set for a new column
     * @param ordinal its place in the document that defined it (1, 2, ...); 0 where not known
     * @param columnId CADC's column_id (an XML ID for the column's FIELD), null where none
     */
    public record ColumnInfo(@JsonIgnore String tableName, String name, String utype, String ucd, String unit,
            String description, String datatype, String arraysize, String xtype, boolean principal, boolean indexed,
            boolean std, Integer columnIndex, Boolean nullable, boolean primaryKey, @JsonIgnore int ordinal,
            String columnId) {

        /** TAP_SCHEMA's {@code size}, from the arraysize. */
        public Integer size() {
            return Arraysize.size(arraysize);
        }

        /** The same column at another place in its document. */
        public ColumnInfo withOrdinal(int newOrdinal) {
            return newOrdinal == ordinal ? this : new ColumnInfo(tableName, name, utype, ucd, unit, description,
                    datatype, arraysize, xtype, principal, indexed, std, columnIndex, nullable, primaryKey, newOrdinal,
                    columnId);
        }
    }

    public record KeyInfo(String keyId, String fromTable, String targetTable, String utype, String description,
            List<KeyColumn> columns) {
    }

    public record KeyColumn(String fromColumn, String targetColumn) {
    }

    /** One table with its columns (in column_index, then name order) and foreign keys. */
    /**
     * A table with its columns, its foreign keys and (where it was read) how it would be
     * distributed; null when not read, as in a tableset.
     */
    public record TableDetail(TableInfo table, List<ColumnInfo> columns, List<KeyInfo> keys,
            Distribution distribution) {

        public TableDetail(TableInfo table, List<ColumnInfo> columns, List<KeyInfo> keys) {
            this(table, columns, keys, null);
        }
    }

    /** Receives a tableset in order: each schema, then each of its tables. */
    public interface TablesetVisitor {
        void schema(SchemaInfo schema) throws IOException;

        void table(TableDetail table) throws IOException;

        void endSchema(SchemaInfo schema) throws IOException;
    }
}
