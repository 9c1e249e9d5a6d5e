package org.felicette.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Published versions of Felis schemas ({@code felicette.felis_schema_versions}). */
public interface FelisVersionDao {

    /** A version as listed (without its documents). */
    record Version(long id, String name, String felisVersion, String checksum, Integer schemaIndex, String ownerId,
            int tableCount, int columnCount, int keyCount, String publishedBy, Instant publishedAt) {
    }

    /** A new version, to be recorded; its main document is stored (once) under its SHA-256. */
    record NewVersion(String name, String felisVersion, String checksum, String documentSha256, String sources,
            String options, Integer schemaIndex, String ownerId, int tableCount, int columnCount, int keyCount,
            String publishedBy) {
    }

    String VERSION_COLUMNS = """
            v.id, v.name, v.felis_version, v.checksum, v.schema_index, v.owner_id, v.table_count, v.column_count,
            v.key_count, v.published_by, v.published_at""";

    /**
     * Records a new version in one statement: its document (stored once per content), the
     * version, the schema's pointer to it, and the audit entry.
     *
     * @return the id of the new version
     */
    @SqlQuery("""
            WITH document AS (
                     INSERT INTO felicette.felis_documents (sha256, text) VALUES (:v.documentSha256, :documentText)
                     ON CONFLICT (sha256) DO NOTHING),
                 version AS (
                     INSERT INTO felicette.felis_schema_versions (name, felis_version, checksum, document_sha256,
                         sources, options, schema_index, owner_id, table_count, column_count, key_count, published_by)
                     VALUES (:v.name, :v.felisVersion, :v.checksum, :v.documentSha256, CAST(:v.sources AS jsonb),
                         CAST(:v.options AS jsonb), :v.schemaIndex, :v.ownerId, :v.tableCount, :v.columnCount,
                         :v.keyCount, :v.publishedBy)
                     RETURNING id),
                 current AS (
                     INSERT INTO felicette.felis_schemas (name, current_version, retired_at)
                     SELECT :v.name, id, NULL FROM version
                     ON CONFLICT (name) DO UPDATE SET current_version = EXCLUDED.current_version, retired_at = NULL),
                 audit AS (
                     INSERT INTO felicette.audit_log (actor, action, object_type, object_name, detail)
                     VALUES (:v.publishedBy, 'publish', 'schema', :v.name, CAST(:auditDetail AS jsonb)))
            SELECT id FROM version
            """)
    long record(@BindMethods("v") NewVersion version, String documentText, String auditDetail);

    /**
     * What a publish needs to know before it writes, in one round trip: the checksum of the
     * current version, whether a schema of that name was created through the table API, and
     * which of the new key ids other schemas already use.
     */
    record PublishState(String currentChecksum, Integer apiCreated, List<String> takenKeys) {
    }

    @SqlQuery("""
            SELECT (SELECT v.checksum FROM felicette.felis_schemas s
                    JOIN felicette.felis_schema_versions v ON v.id = s.current_version WHERE s.name = :name)
                       AS current_checksum,
                   (SELECT api_created FROM tap_schema.schemas11 WHERE schema_name = :name) AS api_created,
                   ARRAY(SELECT k.key_id || ' (schema ' || t.schema_name || ')'
                         FROM tap_schema.keys11 k JOIN tap_schema.tables11 t ON t.table_name = k.from_table
                         WHERE k.key_id IN (<keyIds>) AND t.schema_name <> :name ORDER BY 1) AS taken_keys
            """)
    @RegisterConstructorMapper(PublishState.class)
    PublishState publishState(String name,
            @BindList(value = "keyIds", onEmpty = BindList.EmptyHandling.NULL_STRING) List<String> keyIds);

    @SqlUpdate("UPDATE felicette.felis_schemas SET current_version = NULL, retired_at = now() WHERE name = :name")
    int retire(String name);

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schemas s JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            WHERE s.name = :name
            """)
    @RegisterConstructorMapper(Version.class)
    Optional<Version> current(String name);

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schemas s JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            ORDER BY v.schema_index NULLS LAST, v.name
            """)
    @RegisterConstructorMapper(Version.class)
    List<Version> currentVersions();

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schema_versions v WHERE v.name = :name ORDER BY v.id
            """)
    @RegisterConstructorMapper(Version.class)
    List<Version> history(String name);

    @SqlQuery("""
            SELECT d.text FROM felicette.felis_schemas s
            JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            JOIN felicette.felis_documents d ON d.sha256 = v.document_sha256
            WHERE s.name = :name
            """)
    Optional<String> currentDocument(String name);
}
