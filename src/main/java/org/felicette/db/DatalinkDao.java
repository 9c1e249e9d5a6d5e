package org.felicette.db;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** DataLink snippets, minimal column lists, and the column lists DataLink asks for. */
@AllowUnusedBindings // an admin's rule is TRUE and leaves :user and :groups unused
public interface DatalinkDao {

    record StoredSnippet(String name, String text) {
    }

    /** A column of a visible table, in list order (column_index, then as given). */
    record TableColumnName(String tableName, String columnName, boolean principal) {
    }

    @SqlQuery("SELECT name, text FROM felicette.datalink_snippets ORDER BY name")
    @RegisterConstructorMapper(StoredSnippet.class)
    List<StoredSnippet> snippets();

    @SqlUpdate("""
            INSERT INTO felicette.datalink_snippets (name, text, updated_by) VALUES (:name, :text, :by)
            ON CONFLICT (name) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by,
                updated_at = now(), change_seq = nextval('felicette.catalog_change_seq')
            WHERE felicette.datalink_snippets.text <> EXCLUDED.text
            """)
    int putSnippet(String name, String text, String by);

    @SqlUpdate("DELETE FROM felicette.datalink_snippets WHERE name = :name")
    int deleteSnippet(String name);

    @SqlQuery("SELECT table_name AS name, columns::text AS text FROM felicette.minimal_columns ORDER BY table_name")
    @RegisterConstructorMapper(StoredSnippet.class)
    List<StoredSnippet> minimalLists();

    @SqlQuery("SELECT columns::text FROM felicette.minimal_columns WHERE lower(table_name) = lower(:table)")
    Optional<String> minimalList(String table);

    @SqlUpdate("""
            INSERT INTO felicette.minimal_columns (table_name, columns, updated_by)
            VALUES (:table, CAST(:columns AS jsonb), :by)
            ON CONFLICT (table_name) DO UPDATE SET columns = EXCLUDED.columns, updated_by = EXCLUDED.updated_by,
                updated_at = now(), change_seq = nextval('felicette.catalog_change_seq')
            WHERE felicette.minimal_columns.columns <> EXCLUDED.columns
            """)
    int putMinimal(String table, String columns, String by);

    /** What DataLink artefacts depend on beyond TAP_SCHEMA: count and last change of snippets and lists. */
    @SqlQuery("""
            SELECT (SELECT count(*) || '-' || coalesce(max(change_seq), 0) FROM felicette.datalink_snippets) || '/'
                || (SELECT count(*) || '-' || coalesce(max(change_seq), 0) FROM felicette.minimal_columns)
            """)
    String version();

    /** The columns of the viewer's tables (one table when given), in list order. */
    @SqlQuery("""
            SELECT c.table_name, c.column_name, c.principal = 1 AS principal
            FROM tap_schema.columns11 c JOIN tap_schema.tables11 t ON t.table_name = c.table_name
            WHERE <tables> AND (CAST(:table AS text) IS NULL OR lower(t.table_name) = lower(:table))
            ORDER BY c.table_name, c.column_index NULLS LAST, c.ordinal NULLS LAST, c.column_name
            """)
    @RegisterConstructorMapper(TableColumnName.class)
    List<TableColumnName> columns(@Define("tables") String tables, String table, String user, String[] groups);

    @SqlQuery("SELECT t.table_name FROM tap_schema.tables11 t WHERE <tables> ORDER BY t.table_name")
    List<String> tables(@Define("tables") String tables, String user, String[] groups);

    default List<TableColumnName> columns(Viewer v, String table) {
        return columns(v.tables("t"), table, v.user(), v.groups());
    }

    default List<String> tables(Viewer v) {
        return tables(v.tables("t"), v.user(), v.groups());
    }
}
