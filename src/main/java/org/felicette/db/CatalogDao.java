package org.felicette.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/**
 * Reads the catalogue as one viewer may see it. Every query takes the viewer's read rule as a
 * defined fragment ({@code <tables>}: rows of tables11 aliased t, {@code <schemas>}: of schemas11
 * aliased s) and binds {@code :user} and {@code :groups}; a schema is also visible when one of
 * its tables is.
 */
@AllowUnusedBindings // an admin's rule is TRUE and leaves :user and :groups unused
public interface CatalogDao {

    /** A table with one of its columns (null column fields for a table without columns). */
    record TableColumn(TableInfo table, ColumnInfo column) {
    }

    /** A foreign key column pair with its key. */
    record KeyColumnRow(String keyId, String fromTable, String targetTable, String utype, String description,
            String fromColumn, String targetColumn) {
    }

    String TABLE_COLUMNS = """
            t.schema_name, t.table_name, t.table_type, t.utype, t.description, t.table_index, t.owner_id,
            t.read_anon, t.read_only_group, t.read_write_group, t.api_created,
            CASE WHEN t.api_created = 1 THEN (SELECT CASE WHEN pc.reltuples < 0 THEN NULL ELSE pc.reltuples::bigint END
                FROM pg_class pc WHERE pc.oid = to_regclass(lower(t.table_name))) END AS nrows""";

    /** The columns of a schemas11 row the model reads, aliased s. */
    String SCHEMA_COLUMNS = """
            s.schema_name, s.utype, s.description, s.schema_index, s.owner_id, s.read_anon, s.read_only_group,
            s.read_write_group, s.api_created""";

    String COLUMN_COLUMNS = """
            c.table_name AS c_table_name, c.column_name, c.utype AS c_utype, c.ucd, c.unit, c.description AS c_description, c.datatype, c.arraysize,
            c.xtype, c.principal, c.indexed, c.std, c.column_index, c."nullable", c.primary_key, c.ordinal, c.column_id""";

    /**
     * A summary of everything the viewer sees: count and highest change number of their visible
     * tables and schemas. Any change to a row they see (or to what they may see) changes it.
     */
    @SqlQuery("""
            WITH vt AS (SELECT t.schema_name, t.change_seq FROM tap_schema.tables11 t WHERE <tables>),
                 vs AS (SELECT s.schema_name, s.change_seq FROM tap_schema.schemas11 s WHERE <schemas>
                        UNION
                        SELECT s.schema_name, s.change_seq FROM tap_schema.schemas11 s
                        WHERE s.schema_name IN (SELECT schema_name FROM vt))
            SELECT (SELECT count(*) FROM vt) || '-' || (SELECT coalesce(max(change_seq), 0) FROM vt) || '-'
                || (SELECT count(*) FROM vs) || '-' || (SELECT coalesce(max(change_seq), 0) FROM vs)
            """)
    String state(@Define("tables") String tables, @Define("schemas") String schemas, String user, String[] groups);

    @SqlQuery("SELECT " + SCHEMA_COLUMNS + """

            FROM tap_schema.schemas11 s
            WHERE s.schema_name IN (SELECT s.schema_name FROM tap_schema.schemas11 s WHERE <schemas>
                                    UNION SELECT t.schema_name FROM tap_schema.tables11 t WHERE <tables>)
            ORDER BY s.schema_index NULLS LAST, s.schema_name
            """)
    @UseRowMapper(SchemaMapper.class)
    List<SchemaInfo> schemas(@Define("tables") String tables, @Define("schemas") String schemas, String user,
            String[] groups);

    @SqlQuery("SELECT " + SCHEMA_COLUMNS + """

            FROM tap_schema.schemas11 s
            WHERE lower(s.schema_name) = lower(:name) AND (<schemas>
                OR s.schema_name IN (SELECT t.schema_name FROM tap_schema.tables11 t WHERE <tables>))
            """)
    @UseRowMapper(SchemaMapper.class)
    Optional<SchemaInfo> schema(String name, @Define("tables") String tables, @Define("schemas") String schemas,
            String user, String[] groups);

    /**
     * The visible tables of the given schemas (all when {@code schema} is null) with their columns,
     * in tableset order, streamed: the caller iterates inside the handle's transaction.
     */
    @SqlQuery("SELECT " + TABLE_COLUMNS + ", " + COLUMN_COLUMNS + """

            FROM tap_schema.tables11 t
            JOIN tap_schema.schemas11 s ON s.schema_name = t.schema_name
            LEFT JOIN tap_schema.columns11 c ON c.table_name = t.table_name
            WHERE <tables> AND (CAST(:schema AS text) IS NULL OR t.schema_name = :schema)
              AND (CAST(:table AS text) IS NULL OR lower(t.table_name) = lower(:table))
            ORDER BY s.schema_index NULLS LAST, s.schema_name, t.table_index NULLS LAST, t.table_name,
                c.column_index NULLS LAST, c.column_name
            """)
    @UseRowMapper(TableColumnMapper.class)
    @FetchSize(2000)
    ResultIterable<TableColumn> tablesWithColumns(@Define("tables") String tables, String schema, String table,
            String user, String[] groups);

    /** The visible tables without their columns (VOSI detail=min), in tableset order. */
    @SqlQuery("SELECT " + TABLE_COLUMNS + """

            FROM tap_schema.tables11 t JOIN tap_schema.schemas11 s ON s.schema_name = t.schema_name
            WHERE <tables> AND (CAST(:schema AS text) IS NULL OR t.schema_name = :schema)
            ORDER BY s.schema_index NULLS LAST, s.schema_name, t.table_index NULLS LAST, t.table_name
            """)
    @UseRowMapper(TableMapper.class)
    @FetchSize(2000)
    ResultIterable<TableInfo> tables(@Define("tables") String tables, String schema, String user, String[] groups);

    /** Foreign keys whose both tables are visible (of one from-table when given), with their column pairs. */
    @SqlQuery("""
            SELECT k.key_id, k.from_table, k.target_table, k.utype, k.description, kc.from_column, kc.target_column
            FROM tap_schema.keys11 k
            JOIN tap_schema.key_columns11 kc ON kc.key_id = k.key_id
            WHERE k.from_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND k.target_table IN (SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables>)
              AND (CAST(:table AS text) IS NULL OR lower(k.from_table) = lower(:table))
            ORDER BY k.from_table, k.key_id, kc.from_column
            """)
    @UseRowMapper(KeyColumnMapper.class)
    List<KeyColumnRow> keys(@Define("tables") String tables, String table, String user, String[] groups);

    /** Convenience for a viewer: the rule fragments come from it. */
    default String state(Viewer v) {
        return state(v.tables("t"), v.schemas("s"), v.user(), v.groups());
    }

    default List<SchemaInfo> schemas(Viewer v) {
        return schemas(v.tables("t"), v.schemas("s"), v.user(), v.groups());
    }

    default Optional<SchemaInfo> schema(String name, Viewer v) {
        return schema(name, v.tables("t"), v.schemas("s"), v.user(), v.groups());
    }

    /** The rows as the database sends them (a cursor, not a list): close the stream. */
    default Stream<TableColumn> tablesWithColumns(Viewer v, String schema, String table) {
        return tablesWithColumns(v.tables("t"), schema, table, v.user(), v.groups()).stream();
    }

    /** The tables as the database sends them (a cursor, not a list): close the stream. */
    default Stream<TableInfo> tables(Viewer v, String schema) {
        return tables(v.tables("t"), schema, v.user(), v.groups()).stream();
    }

    default List<TableInfo> tableList(Viewer v, String schema) {
        return tables(v.tables("t"), schema, v.user(), v.groups()).list();
    }

    default List<KeyColumnRow> keys(Viewer v, String table) {
        return keys(v.tables("t"), table, v.user(), v.groups());
    }

    private static Access access(ResultSet rs) throws SQLException {
        return new Access(rs.getString("owner_id"), rs.getInt("read_anon") == 1, rs.getString("read_only_group"),
                rs.getString("read_write_group"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** Maps a schemas11 row. */
    final class SchemaMapper implements org.jdbi.v3.core.mapper.RowMapper<SchemaInfo> {
        @Override
        public SchemaInfo map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new SchemaInfo(rs.getString("schema_name"), rs.getString("utype"), rs.getString("description"),
                    integer(rs, "schema_index"), access(rs), rs.getInt("api_created") == 1);
        }
    }

    /** Maps the table part of a row. */
    final class TableMapper implements org.jdbi.v3.core.mapper.RowMapper<TableInfo> {
        @Override
        public TableInfo map(ResultSet rs, StatementContext ctx) throws SQLException {
            long nrows = rs.getLong("nrows");
            Long estimate = rs.wasNull() ? null : nrows;
            return new TableInfo(rs.getString("schema_name"), rs.getString("table_name"), rs.getString("table_type"),
                    rs.getString("utype"), rs.getString("description"), integer(rs, "table_index"), access(rs),
                    rs.getInt("api_created") == 1, estimate);
        }
    }

    /** Maps a table-with-column row; the table part is shared by consecutive rows of one table. */
    final class TableColumnMapper implements org.jdbi.v3.core.mapper.RowMapper<TableColumn> {
        private final TableMapper tables = new TableMapper();
        private TableInfo last;

        @Override
        public TableColumn map(ResultSet rs, StatementContext ctx) throws SQLException {
            String name = rs.getString("table_name");
            TableInfo table = last != null && last.name().equals(name) ? last : tables.map(rs, ctx);
            last = table;
            String column = rs.getString("column_name");
            if (column == null) {
                return new TableColumn(table, null);
            }
            return new TableColumn(table, ColumnMapper.column(rs));
        }
    }

    /** Maps a columns11 row (the {@link #COLUMN_COLUMNS}) into the catalogue model. */
    final class ColumnMapper implements org.jdbi.v3.core.mapper.RowMapper<ColumnInfo> {
        @Override
        public ColumnInfo map(ResultSet rs, StatementContext ctx) throws SQLException {
            return column(rs);
        }

        static ColumnInfo column(ResultSet rs) throws SQLException {
            int nullable = rs.getInt("nullable");
            Boolean nullableFlag = rs.wasNull() ? null : nullable == 1;
            return new ColumnInfo(rs.getString("c_table_name"), rs.getString("column_name"), rs.getString("c_utype"),
                    rs.getString("ucd"),
                    rs.getString("unit"), rs.getString("c_description"), rs.getString("datatype"),
                    rs.getString("arraysize"), rs.getString("xtype"), rs.getInt("principal") == 1,
                    rs.getInt("indexed") == 1, rs.getInt("std") == 1, integer(rs, "column_index"), nullableFlag,
                    rs.getInt("primary_key") == 1, rs.getInt("ordinal"), rs.getString("column_id"));
        }
    }

    /** Maps a key column pair. */
    final class KeyColumnMapper implements org.jdbi.v3.core.mapper.RowMapper<KeyColumnRow> {
        @Override
        public KeyColumnRow map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new KeyColumnRow(rs.getString("key_id"), rs.getString("from_table"), rs.getString("target_table"),
                    rs.getString("utype"), rs.getString("description"), rs.getString("from_column"),
                    rs.getString("target_column"));
        }
    }
}
