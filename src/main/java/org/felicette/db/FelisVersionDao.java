package org.felicette.db;

import java.util.List;
import java.util.Optional;
import org.felicette.tapschema.PublishedVersion;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.AllowUnusedBindings;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Published versions of Felis schemas ({@code felicette.felis_schema_versions}), as read; a
 * publish records them through {@link SchemaWriter}. What a caller may see of them follows the
 * read rule of the schema's TAP_SCHEMA row, rendered by {@link Viewer} ({@code <schemas>} over
 * schemas11 aliased s).
 */
@AllowUnusedBindings // an admin's rule is TRUE and leaves :user and :groups unused
public interface FelisVersionDao {

    String VERSION_COLUMNS = """
            v.id, v.name, v.felis_version, v.checksum, v.schema_index, v.owner_id, v.table_count, v.column_count,
            v.key_count, v.published_by, v.published_at""";

    @SqlUpdate("UPDATE felicette.felis_schemas SET current_version = NULL, retired_at = now() WHERE name = :name")
    int retire(String name);

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schemas s JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            WHERE s.name = :name
            """)
    @RegisterConstructorMapper(PublishedVersion.class)
    Optional<PublishedVersion> current(String name);

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schemas s JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            ORDER BY v.schema_index NULLS LAST, v.name
            """)
    @RegisterConstructorMapper(PublishedVersion.class)
    List<PublishedVersion> currentVersions();

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schemas fs JOIN felicette.felis_schema_versions v ON v.id = fs.current_version
            JOIN tap_schema.schemas11 s ON s.schema_name = fs.name
            WHERE <schemas> AND (CAST(:name AS text) IS NULL OR fs.name = :name)
            ORDER BY v.schema_index NULLS LAST, v.name
            """)
    @RegisterConstructorMapper(PublishedVersion.class)
    List<PublishedVersion> visibleVersions(@Define("schemas") String schemas, String name, String user,
            String[] groups);

    /** The current versions the viewer may see (all of them, or the one of {@code name}). */
    default List<PublishedVersion> visibleVersions(Viewer viewer, String name) {
        return visibleVersions(viewer.schemas("s"), name, viewer.user(), viewer.groups());
    }

    @SqlQuery("SELECT " + VERSION_COLUMNS + """

            FROM felicette.felis_schema_versions v WHERE v.name = :name ORDER BY v.id
            """)
    @RegisterConstructorMapper(PublishedVersion.class)
    List<PublishedVersion> history(String name);

    @SqlQuery("""
            SELECT d.text FROM felicette.felis_schemas s
            JOIN felicette.felis_schema_versions v ON v.id = s.current_version
            JOIN felicette.felis_documents d ON d.sha256 = v.document_sha256
            WHERE s.name = :name
            """)
    Optional<String> currentDocument(String name);
}
