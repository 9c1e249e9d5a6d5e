package org.felicette.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Published versions of Felis schemas ({@code felicette.felis_schema_versions}). */
public interface FelisVersionDao {

    /** A version as listed (without its documents). */
    record Version(long id, String name, String felisVersion, String checksum, Integer schemaIndex, String ownerId,
            int tableCount, int columnCount, int keyCount, String publishedBy, Instant publishedAt) {
    }

    /** A new version, to be recorded. */
    record NewVersion(String name, String felisVersion, String checksum, String document, String sources,
            String options, Integer schemaIndex, String ownerId, int tableCount, int columnCount, int keyCount,
            String publishedBy) {
    }

    String VERSION_COLUMNS = """
            v.id, v.name, v.felis_version, v.checksum, v.schema_index, v.owner_id, v.table_count, v.column_count,
            v.key_count, v.published_by, v.published_at""";

    @SqlUpdate("""
            INSERT INTO felicette.felis_schema_versions (name, felis_version, checksum, document, sources, options,
                schema_index, owner_id, table_count, column_count, key_count, published_by)
            VALUES (:name, :felisVersion, :checksum, :document, CAST(:sources AS jsonb), CAST(:options AS jsonb),
                :schemaIndex, :ownerId, :tableCount, :columnCount, :keyCount, :publishedBy)
            """)
    @GetGeneratedKeys("id")
    long insert(@org.jdbi.v3.sqlobject.customizer.BindMethods NewVersion version);

    @SqlUpdate("""
            INSERT INTO felicette.felis_schemas (name, current_version, retired_at) VALUES (:name, :versionId, NULL)
            ON CONFLICT (name) DO UPDATE SET current_version = :versionId, retired_at = NULL
            """)
    void makeCurrent(String name, long versionId);

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
            SELECT v.document FROM felicette.felis_schemas s
            JOIN felicette.felis_schema_versions v ON v.id = s.current_version WHERE s.name = :name
            """)
    Optional<String> currentDocument(String name);
}
