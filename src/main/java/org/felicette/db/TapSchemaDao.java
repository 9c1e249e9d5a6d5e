package org.felicette.db;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Reads the rows of one published schema in the {@code tap_schema.*11} tables; they are written by
 * {@link SchemaWriter}.
 */
public interface TapSchemaDao extends SqlObject {

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
