package org.felicette.db;

import java.util.List;
import java.util.Optional;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * User tables: their DDL (names only ever from checked identifiers, types from the fixed
 * mapping), their TAP_SCHEMA rows, permissions and usage.
 */
public interface UserTableDao extends SqlObject {

    @SqlQuery("SELECT schema_name FROM felicette.user_schemas WHERE user_name = :user")
    Optional<String> userSchema(String user);

    /** The user whose personal schema this is, if it is one. */
    @SqlQuery("SELECT user_name FROM felicette.user_schemas WHERE lower(schema_name) = lower(:schema)")
    Optional<String> personalSchemaUser(String schema);

    /** Whether a personal schema may not have this name: another user's, a TAP schema, or any database schema. */
    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM felicette.user_schemas WHERE lower(schema_name) = lower(:schema))
                OR EXISTS (SELECT 1 FROM tap_schema.schemas11 WHERE lower(schema_name) = lower(:schema))
                OR to_regnamespace(lower(:schema)) IS NOT NULL
            """)
    boolean userSchemaTaken(String schema);

    /** Whether the database has a schema of this (lower-case) name, TAP schema or not (e.g. felicette, pg_catalog). */
    @SqlQuery("SELECT to_regnamespace(:physical) IS NOT NULL")
    boolean physicalSchemaExists(String physical);

    @SqlUpdate("INSERT INTO felicette.user_schemas (user_name, schema_name) VALUES (:user, :schema)")
    void recordUserSchema(String user, String schema);

    @SqlQuery("SELECT " + CatalogDao.SCHEMA_COLUMNS + """

            FROM tap_schema.schemas11 s WHERE lower(s.schema_name) = lower(:name)
            """)
    @UseRowMapper(CatalogDao.SchemaMapper.class)
    Optional<SchemaInfo> schema(String name);

    @SqlQuery("SELECT " + CatalogDao.TABLE_COLUMNS + """

            FROM tap_schema.tables11 t WHERE lower(t.table_name) = lower(:name)
            """)
    @UseRowMapper(CatalogDao.TableMapper.class)
    Optional<TableInfo> table(String name);

    /** Whether the name is taken in TAP_SCHEMA or physically, case-insensitively. */
    @SqlQuery("""
            SELECT EXISTS (SELECT 1 FROM tap_schema.tables11 WHERE lower(table_name) = lower(:qualified))
                OR to_regclass(:physical) IS NOT NULL
            """)
    boolean tableTaken(String qualified, String physical);

    /** Whether TAP_SCHEMA has a table of this name, case-insensitively. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM tap_schema.tables11 WHERE lower(table_name) = lower(:qualified))")
    boolean described(String qualified);

    /** A column of a table as the database has it: its name and format_type. */
    record PhysicalColumn(String name, String type) {
    }

    /** The columns of a (lower-case, physical) table name, in order; empty when there is no such table. */
    @SqlQuery("""
            SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
            WHERE a.attrelid = to_regclass(:physical) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(PhysicalColumn.class)
    List<PhysicalColumn> physicalColumns(String physical);

    @SqlQuery("SELECT table_name FROM tap_schema.tables11 WHERE schema_name = :schema ORDER BY table_name")
    List<String> tableNames(String schema);

    @SqlQuery("SELECT count(*) FROM tap_schema.tables11 WHERE schema_name = :schema")
    int tableCount(String schema);

    default void createPhysicalSchema(SchemaName schema) {
        getHandle().execute("CREATE SCHEMA " + schema.sql());
    }

    /** @param columns each "quoted-name type", built from checked names and mapped types */
    default void createPhysicalTable(TableName table, List<String> columns) {
        getHandle().execute("CREATE TABLE " + table.sql() + " (" + String.join(", ", columns) + ")");
    }

    /**
     * Gives back the space of rows a failed load left behind (the dead tail of the table), so that
     * they stop counting against the owner's quota. Outside any transaction (VACUUM cannot run in
     * one); it waits at most two seconds for a lock, and leaves the rest to autovacuum.
     */
    default void reclaim(TableName table) {
        Handle handle = getHandle();
        try {
            handle.execute("SET lock_timeout = '2s'");
            handle.execute("VACUUM (TRUNCATE true) " + table.sql());
        } catch (RuntimeException busy) {
            // an index build or another vacuum holds the table: autovacuum gives the space back later
        } finally {
            handle.execute("RESET lock_timeout");
        }
    }

    /**
     * Counts a table's rows for PostgreSQL's statistics if it never has been (its row estimate is
     * then unknown, and "My tables" would show none): once, after its first load; later loads are
     * autovacuum's to count.
     */
    default void countIfNeverCounted(TableName table) {
        Boolean never = getHandle().createQuery("SELECT reltuples < 0 FROM pg_class WHERE oid = to_regclass(:t)")
                .bind("t", table.sql()).mapTo(Boolean.class).findOne().orElse(false);
        if (never) {
            getHandle().execute("ANALYZE " + table.sql());
        }
    }

    /**
     * Lets the role read a new table. The schema's USAGE is granted only when the role lacks it:
     * two sessions granting on the same schema at once fail with "tuple concurrently updated",
     * and every upload goes to one schema.
     *
     * @param role a checked role name (quoted here)
     */
    default void grantRead(TableName table, String role) {
        boolean uses = getHandle().createQuery("SELECT has_schema_privilege(:role, :schema, 'USAGE')")
                .bind("role", role).bind("schema", table.schema().physical()).mapTo(Boolean.class).one();
        if (!uses) {
            getHandle().execute("GRANT USAGE ON SCHEMA " + table.schema().sql() + " TO \"" + role + "\"");
        }
        getHandle().execute("GRANT SELECT ON TABLE " + table.sql() + " TO \"" + role + "\"");
    }

    /**
     * Makes the first load of a table that has never held a row as cheap as a load into a new
     * table. Only such a table (its file is empty, which reading the size does not lock for the
     * transaction) is taken for the transaction (ACCESS EXCLUSIVE: a second first load waits, then
     * finds rows and appends) and truncated, which lets the COPY write its rows frozen. Any other
     * table is loaded as it is, beside concurrent loads and readers.
     *
     * @return whether the table was taken and truncated (and the COPY may use FREEZE)
     */
    default boolean takeIfNeverLoaded(TableName table) {
        String sizeOf = "SELECT coalesce(pg_relation_size(to_regclass(:t)) = 0, false)"; // false: no such table
        if (!getHandle().createQuery(sizeOf).bind("t", table.physical()).mapTo(Boolean.class).one()) {
            return false;
        }
        getHandle().execute("LOCK TABLE " + table.sql() + " IN ACCESS EXCLUSIVE MODE");
        if (!getHandle().createQuery(sizeOf).bind("t", table.physical()).mapTo(Boolean.class).one()) {
            return false; // a load committed while this one waited
        }
        getHandle().execute("TRUNCATE " + table.sql());
        return true;
    }

    default void dropPhysicalTable(TableName table) {
        getHandle().execute("DROP TABLE IF EXISTS " + table.sql());
    }

    default void dropPhysicalSchema(SchemaName schema) {
        getHandle().execute("DROP SCHEMA IF EXISTS " + schema.sql());
    }

    @SqlUpdate("""
            INSERT INTO tap_schema.schemas11 (schema_name, utype, description, owner_id, read_anon, read_only_group,
                read_write_group, api_created)
            VALUES (:name, :utype, :description, :access.ownerId, CAST(:access.isPublic AS integer), :access.readOnlyGroup,
                :access.readWriteGroup, 1)
            """)
    void insertSchema(@BindMethods SchemaInfo schema);

    @SqlUpdate("""
            INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, utype, description, table_index,
                owner_id, read_anon, read_only_group, read_write_group, api_created)
            VALUES (:schemaName, :name, :type, :utype, :description, :index, :access.ownerId,
                CAST(:access.isPublic AS integer), :access.readOnlyGroup, :access.readWriteGroup, 1)
            """)
    void insertTable(@BindMethods TableInfo table);

    /** A table described from what the database has (not created through the API); a view names its target. */
    @SqlUpdate("""
            INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, view_target, utype, description,
                table_index, owner_id, read_anon, read_only_group, read_write_group, api_created)
            VALUES (:t.schemaName, :t.name, :t.type, :viewTarget, :t.utype, :t.description, :t.index, :t.access.ownerId,
                CAST(:t.access.isPublic AS integer), :t.access.readOnlyGroup, :t.access.readWriteGroup, 0)
            """)
    void insertIngestedTable(@BindMethods("t") TableInfo table, String viewTarget);

    /** What the database has under a (lower-case, physical) name: r table, v view, m materialised view, p partitioned; empty if nothing. */
    @SqlQuery("SELECT c.relkind::text FROM pg_class c WHERE c.oid = to_regclass(:physical)")
    Optional<String> relationKind(String physical);

    @SqlBatch("""
            INSERT INTO tap_schema.columns11 (table_name, column_name, utype, ucd, unit, description, datatype,
                arraysize, xtype, "size", principal, indexed, std, column_index, "nullable", primary_key, ordinal,
                column_id)
            VALUES (:tableName, :name, :utype, :ucd, :unit, :description, :datatype, :arraysize, :xtype, :size,
                CAST(:principal AS integer), CAST(:indexed AS integer), CAST(:std AS integer), :columnIndex,
                CAST(:nullable AS integer), CAST(:primaryKey AS integer), :ordinal, :columnId)
            """)
    void insertColumns(@BindMethods List<ColumnInfo> columns);

    @SqlUpdate("DELETE FROM tap_schema.columns11 WHERE table_name = :table")
    void deleteColumns(String table);

    @SqlUpdate("DELETE FROM tap_schema.tables11 WHERE table_name = :table")
    void deleteTable(String table);

    /** Removes the foreign keys from a table and those pointing at it (their column pairs first). */
    @SqlUpdate("""
            WITH k AS (SELECT key_id FROM tap_schema.keys11 WHERE from_table = :table OR target_table = :table),
                 pairs AS (DELETE FROM tap_schema.key_columns11 WHERE key_id IN (SELECT key_id FROM k))
            DELETE FROM tap_schema.keys11 WHERE key_id IN (SELECT key_id FROM k)
            """)
    int deleteKeysOf(String table);

    /** Removes the foreign keys from a table (not those pointing at it). */
    @SqlUpdate("""
            WITH k AS (SELECT key_id FROM tap_schema.keys11 WHERE from_table = :table),
                 pairs AS (DELETE FROM tap_schema.key_columns11 WHERE key_id IN (SELECT key_id FROM k))
            DELETE FROM tap_schema.keys11 WHERE key_id IN (SELECT key_id FROM k)
            """)
    int deleteKeysFrom(String table);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM tap_schema.keys11 WHERE key_id = :keyId)")
    boolean keyIdTaken(String keyId);

    @SqlUpdate("""
            INSERT INTO tap_schema.keys11 (key_id, from_table, target_table, utype, description)
            VALUES (:keyId, :fromTable, :targetTable, :utype, :description)
            """)
    void insertKey(String keyId, String fromTable, String targetTable, String utype, String description);

    @SqlBatch("INSERT INTO tap_schema.key_columns11 (key_id, from_column, target_column) VALUES (:keyId, :from, :target)")
    void insertKeyColumns(String keyId, List<String> from, List<String> target);

    @SqlUpdate("DELETE FROM tap_schema.schemas11 WHERE schema_name = :schema")
    void deleteSchema(String schema);

    @SqlUpdate("UPDATE tap_schema.schemas11 SET description = :description, utype = :utype WHERE schema_name = :schema")
    void describeSchema(String schema, String description, String utype);

    /** The column (table.column) that has this column_id, if any. */
    @SqlQuery("SELECT table_name || '.' || column_name FROM tap_schema.columns11 WHERE column_id = :columnId")
    Optional<String> columnWithId(String columnId);

    @SqlUpdate("UPDATE tap_schema.tables11 SET description = :description, utype = :utype WHERE table_name = :table")
    void describeTable(String table, String description, String utype);

    @SqlUpdate("""
            UPDATE tap_schema.columns11 SET description = :description, ucd = :ucd, unit = :unit, utype = :utype,
                principal = CAST(:principal AS integer), std = CAST(:std AS integer), column_id = :columnId
            WHERE table_name = :table AND column_name = :column
            """)
    void describeColumn(String table, String column, String description, String ucd, String unit, String utype,
            boolean principal, boolean std, String columnId);

    @SqlQuery("SELECT " + CatalogDao.COLUMN_COLUMNS + """

            FROM tap_schema.columns11 c WHERE c.table_name = :table ORDER BY c.column_index NULLS LAST, c.column_name
            """)
    @UseRowMapper(CatalogDao.ColumnMapper.class)
    List<ColumnInfo> columns(String table);

    @SqlUpdate("""
            UPDATE tap_schema.schemas11 SET owner_id = :a.ownerId, read_anon = CAST(:a.isPublic AS integer),
                read_only_group = :a.readOnlyGroup, read_write_group = :a.readWriteGroup
            WHERE schema_name = :schema
            """)
    void setSchemaAccess(String schema, @BindMethods("a") Access access);

    @SqlUpdate("""
            UPDATE tap_schema.tables11 SET owner_id = :a.ownerId, read_anon = CAST(:a.isPublic AS integer),
                read_only_group = :a.readOnlyGroup, read_write_group = :a.readWriteGroup
            WHERE table_name = :table
            """)
    void setTableAccess(String table, @BindMethods("a") Access access);

    /** Tables a user owns (created through the API) and the bytes they take. */
    record Usage(int tables, long bytes) {
    }

    /**
     * The bytes of a relation without waiting for its lock: a table another transaction holds
     * (or waits to hold) exclusively, being made, truncated for its first load or dropped, is
     * counted by the pages PostgreSQL last recorded for it instead of its files, since reading
     * those would wait for that transaction. For the quota ledger, which must never wait for a
     * request that may be waiting for it.
     */
    String UNLOCKED_BYTES = """
            CASE WHEN EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = c.oid
                                AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid())
                 THEN c.relpages::bigint * 8192 ELSE pg_total_relation_size(c.oid) END""";

    /** The bytes of one table (by its physical name), 0 for one this transaction cannot see; see {@link #UNLOCKED_BYTES}. */
    @SqlQuery("SELECT coalesce((SELECT " + UNLOCKED_BYTES + " FROM pg_class c WHERE c.oid = to_regclass(:qualified)), 0)")
    long tableBytes(String qualified);

    /** The bytes of an owner's tables, read without waiting for any of them; see {@link #UNLOCKED_BYTES}. */
    @SqlQuery("SELECT coalesce(sum(" + UNLOCKED_BYTES + """
            ), 0)
            FROM tap_schema.tables11 t JOIN pg_class c ON c.oid = to_regclass(lower(t.table_name))
            WHERE t.api_created = 1 AND t.owner_id = :user
            """)
    long bytesWithoutWaiting(String user);

    @SqlQuery("""
            SELECT count(*) AS tables,
                coalesce(sum(pg_total_relation_size(to_regclass(lower(table_name)))), 0) AS bytes
            FROM tap_schema.tables11 WHERE api_created = 1 AND owner_id = :user
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(Usage.class)
    Usage usage(String user);

    /** One table a user owns: its rows (the planner's estimate, null before the first analyse), bytes and sharing. */
    record OwnedTable(String table, Long rows, long bytes, boolean isPublic, String readGroup, String readWriteGroup) {
    }

    @SqlQuery("""
            SELECT t.table_name AS table,
                (SELECT CASE WHEN pc.reltuples < 0 THEN NULL ELSE pc.reltuples::bigint END
                 FROM pg_class pc WHERE pc.oid = to_regclass(lower(t.table_name))) AS rows,
                coalesce(pg_total_relation_size(to_regclass(lower(t.table_name))), 0) AS bytes,
                t.read_anon = 1 AS is_public, t.read_only_group AS read_group, t.read_write_group
            FROM tap_schema.tables11 t WHERE t.api_created = 1 AND t.owner_id = :user
              AND (CAST(:after AS text) IS NULL OR t.table_name > :after)
            ORDER BY t.table_name LIMIT :limit
            """)
    @org.jdbi.v3.sqlobject.config.RegisterConstructorMapper(OwnedTable.class)
    List<OwnedTable> ownedTables(String user, String after, int limit);
}
