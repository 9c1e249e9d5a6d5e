package org.felicette.db;

import java.sql.SQLException;
import java.util.List;
import org.felicette.catalog.TapRows;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes and reads the rows of one schema in the {@code tap_schema.*11} tables. */
public interface TapSchemaDao extends SqlObject {

    /**
     * Removes a schema's rows from all five tables in one statement. The foreign keys between the
     * tables are checked at the end of the statement, when children and parents are gone together.
     */
    @SqlUpdate("""
            WITH t AS (SELECT table_name FROM tap_schema.tables11 WHERE schema_name = :schemaName),
                 k AS (SELECT key_id FROM tap_schema.keys11 WHERE from_table IN (SELECT table_name FROM t)),
                 key_columns AS (DELETE FROM tap_schema.key_columns11 WHERE key_id IN (SELECT key_id FROM k)),
                 keys AS (DELETE FROM tap_schema.keys11 WHERE key_id IN (SELECT key_id FROM k)),
                 columns AS (DELETE FROM tap_schema.columns11 WHERE table_name IN (SELECT table_name FROM t)),
                 tables AS (DELETE FROM tap_schema.tables11 WHERE schema_name = :schemaName)
            DELETE FROM tap_schema.schemas11 WHERE schema_name = :schemaName
            """)
    int deleteAll(String schemaName);

    /**
     * Inserts all rows of a schema, parents first, each table with one COPY: a schema of
     * thousands of columns goes in with five statements.
     */
    default void insertAll(TapRows rows) {
        try {
            CopyWriter copy = new CopyWriter(getHandle().getConnection());
            copy.copy("tap_schema.schemas11", "schema_name, utype, description, schema_index, owner_id, read_anon, "
                    + "read_only_group, read_write_group, api_created", List.of(rows.schema()), s -> new Object[] {
                        s.schemaName(), s.utype(), s.description(), s.schemaIndex(), s.access().ownerId(),
                        s.access().readAnon(), s.access().readOnlyGroup(), s.access().readWriteGroup(), s.apiCreated()});
            copy.copy("tap_schema.tables11", "schema_name, table_name, table_type, utype, description, table_index, "
                    + "owner_id, read_anon, read_only_group, read_write_group, api_created", rows.tables(), t ->
                    new Object[] {t.schemaName(), t.tableName(), t.tableType(), t.utype(), t.description(),
                        t.tableIndex(), t.access().ownerId(), t.access().readAnon(), t.access().readOnlyGroup(),
                        t.access().readWriteGroup(), t.apiCreated()});
            copy.copy("tap_schema.columns11", "table_name, column_name, utype, ucd, unit, description, datatype, "
                    + "arraysize, xtype, \"size\", principal, indexed, std, column_index, \"nullable\", primary_key, ordinal",
                    rows.columns(), c -> new Object[] {c.tableName(), c.columnName(), c.utype(), c.ucd(), c.unit(),
                        c.description(), c.datatype(), c.arraysize(), c.xtype(), c.size(), c.principal(), c.indexed(),
                        c.std(), c.columnIndex(), c.nullable(), c.primaryKey(), c.ordinal()});
            copy.copy("tap_schema.keys11", "key_id, from_table, target_table, utype, description", rows.keys(), k ->
                    new Object[] {k.keyId(), k.fromTable(), k.targetTable(), k.utype(), k.description()});
            copy.copy("tap_schema.key_columns11", "key_id, from_column, target_column", rows.keyColumns(), k ->
                    new Object[] {k.keyId(), k.fromColumn(), k.targetColumn()});
        } catch (SQLException e) {
            throw new ConnectionException(e);
        }
    }

    /**
     * What TAP_SCHEMA holds of a schema, for telling what a new version changes without reading
     * every row back: each table (fingerprint null) and each column {@code table.column} with a
     * fingerprint of everything TAP_SCHEMA says about it.
     */
    @SqlQuery("""
            SELECT table_name AS name, NULL AS fingerprint FROM tap_schema.tables11 WHERE schema_name = :schemaName
            UNION ALL
            SELECT c.table_name || '.' || c.column_name, md5(concat_ws('|',
                coalesce(c.utype, '\\N'), coalesce(c.ucd, '\\N'), coalesce(c.unit, '\\N'), coalesce(c.description, '\\N'),
                c.datatype, coalesce(c.arraysize, '\\N'), coalesce(c.xtype, '\\N'), coalesce(c."size"::text, '\\N'),
                c.principal::text, c.indexed::text, c.std::text, coalesce(c.column_index::text, '\\N'),
                coalesce(c."nullable"::text, '\\N'), coalesce(c.primary_key::text, '\\N')))
            FROM tap_schema.columns11 c JOIN tap_schema.tables11 t ON t.table_name = c.table_name
            WHERE t.schema_name = :schemaName
            """)
    @RegisterConstructorMapper(Fingerprint.class)
    List<Fingerprint> fingerprints(String schemaName);

    /** A table (no fingerprint) or a column ({@code table.column}) with its fingerprint. */
    record Fingerprint(String name, String fingerprint) {
    }
}
