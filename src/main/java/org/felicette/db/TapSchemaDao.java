package org.felicette.db;

import java.util.List;
import org.felicette.catalog.TapRows.ColumnRow;
import org.felicette.catalog.TapRows.KeyColumnRow;
import org.felicette.catalog.TapRows.KeyRow;
import org.felicette.catalog.TapRows.SchemaRow;
import org.felicette.catalog.TapRows.TableRow;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes and reads the rows of one schema in the {@code tap_schema.*11} tables. */
public interface TapSchemaDao {

    @SqlUpdate("""
            INSERT INTO tap_schema.schemas11 (schema_name, utype, description, schema_index, owner_id, read_anon,
                read_only_group, read_write_group, api_created)
            VALUES (:schemaName, :utype, :description, :schemaIndex, :access.ownerId, :access.readAnon,
                :access.readOnlyGroup, :access.readWriteGroup, :apiCreated)
            """)
    void insertSchema(@BindMethods SchemaRow schema);

    @SqlBatch("""
            INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, utype, description, table_index,
                owner_id, read_anon, read_only_group, read_write_group, api_created)
            VALUES (:schemaName, :tableName, :tableType, :utype, :description, :tableIndex, :access.ownerId,
                :access.readAnon, :access.readOnlyGroup, :access.readWriteGroup, :apiCreated)
            """)
    void insertTables(@BindMethods List<TableRow> tables);

    @SqlBatch("""
            INSERT INTO tap_schema.columns11 (table_name, column_name, utype, ucd, unit, description, datatype,
                arraysize, xtype, "size", principal, indexed, std, column_index)
            VALUES (:tableName, :columnName, :utype, :ucd, :unit, :description, :datatype, :arraysize, :xtype, :size,
                :principal, :indexed, :std, :columnIndex)
            """)
    void insertColumns(@BindMethods List<ColumnRow> columns);

    @SqlBatch("""
            INSERT INTO tap_schema.keys11 (key_id, from_table, target_table, utype, description)
            VALUES (:keyId, :fromTable, :targetTable, :utype, :description)
            """)
    void insertKeys(@BindMethods List<KeyRow> keys);

    @SqlBatch("""
            INSERT INTO tap_schema.key_columns11 (key_id, from_column, target_column)
            VALUES (:keyId, :fromColumn, :targetColumn)
            """)
    void insertKeyColumns(@BindMethods List<KeyColumnRow> keyColumns);

    /** The api_created flag of a schema, or null when there is no such schema. */
    @SqlQuery("SELECT api_created FROM tap_schema.schemas11 WHERE schema_name = :schemaName")
    Integer apiCreated(String schemaName);

    /** Key ids among the given ones that belong to tables of other schemas. */
    @SqlQuery("""
            SELECT k.key_id || ' (schema ' || t.schema_name || ')'
            FROM tap_schema.keys11 k JOIN tap_schema.tables11 t ON t.table_name = k.from_table
            WHERE k.key_id IN (<keyIds>) AND t.schema_name <> :schemaName
            ORDER BY 1
            """)
    List<String> keysOfOtherSchemas(@org.jdbi.v3.sqlobject.customizer.BindList("keyIds") List<String> keyIds,
            String schemaName);

    @SqlUpdate("""
            DELETE FROM tap_schema.key_columns11 WHERE key_id IN (
                SELECT k.key_id FROM tap_schema.keys11 k JOIN tap_schema.tables11 t ON t.table_name = k.from_table
                WHERE t.schema_name = :schemaName)
            """)
    int deleteKeyColumns(String schemaName);

    @SqlUpdate("""
            DELETE FROM tap_schema.keys11 WHERE from_table IN (
                SELECT table_name FROM tap_schema.tables11 WHERE schema_name = :schemaName)
            """)
    int deleteKeys(String schemaName);

    @SqlUpdate("""
            DELETE FROM tap_schema.columns11 WHERE table_name IN (
                SELECT table_name FROM tap_schema.tables11 WHERE schema_name = :schemaName)
            """)
    int deleteColumns(String schemaName);

    @SqlUpdate("DELETE FROM tap_schema.tables11 WHERE schema_name = :schemaName")
    int deleteTables(String schemaName);

    @SqlUpdate("DELETE FROM tap_schema.schemas11 WHERE schema_name = :schemaName")
    int deleteSchema(String schemaName);

    /** Removes a schema's rows, children first (the foreign keys between the tables demand it). */
    default void deleteAll(String schemaName) {
        deleteKeyColumns(schemaName);
        deleteKeys(schemaName);
        deleteColumns(schemaName);
        deleteTables(schemaName);
        deleteSchema(schemaName);
    }

    /** Inserts all rows of a schema, parents first. */
    default void insertAll(org.felicette.catalog.TapRows rows) {
        insertSchema(rows.schema());
        insertTables(rows.tables());
        insertColumns(rows.columns());
        insertKeys(rows.keys());
        insertKeyColumns(rows.keyColumns());
    }

    @SqlQuery("""
            SELECT c.table_name, c.column_name, c.utype, c.ucd, c.unit, c.description, c.datatype, c.arraysize,
                c.xtype, c."size", c.principal, c.indexed, c.std, c.column_index
            FROM tap_schema.columns11 c JOIN tap_schema.tables11 t ON t.table_name = c.table_name
            WHERE t.schema_name = :schemaName
            ORDER BY c.table_name, c.column_index NULLS LAST, c.column_name
            """)
    @RegisterConstructorMapper(ColumnRow.class)
    List<ColumnRow> columnsOf(String schemaName);

    @SqlQuery("SELECT table_name FROM tap_schema.tables11 WHERE schema_name = :schemaName ORDER BY table_name")
    List<String> tableNamesOf(String schemaName);
}
