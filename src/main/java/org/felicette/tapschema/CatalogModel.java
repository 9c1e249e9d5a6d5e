package org.felicette.tapschema;

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

    /** @param nullable null where not known; @param columnId CADC's column_id, null where none */
    public record ColumnInfo(String name, String utype, String ucd, String unit, String description,
            String datatype, String arraysize, String xtype, boolean principal, boolean indexed, boolean std,
            Integer columnIndex, Boolean nullable, boolean primaryKey, String columnId) {
    }

    public record KeyInfo(String keyId, String fromTable, String targetTable, String utype, String description,
            List<KeyColumn> columns) {
    }

    public record KeyColumn(String fromColumn, String targetColumn) {
    }

    /** One table with its columns (in column_index, then name order) and foreign keys. */
    public record TableDetail(TableInfo table, List<ColumnInfo> columns, List<KeyInfo> keys) {
    }

    /** Receives a tableset in order: each schema, then each of its tables. */
    public interface TablesetVisitor {
        void schema(SchemaInfo schema) throws IOException;

        void table(TableDetail table) throws IOException;

        void endSchema(SchemaInfo schema) throws IOException;
    }
}
