package org.felicette.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The registry of temporary upload tables ({@code felicette.uploads}) and their tables in
 * {@code tap_upload}. The expiry sweep takes expired rows with {@code FOR UPDATE SKIP LOCKED}, so
 * that instances sweeping at once each drop different tables, never one twice.
 */
@RegisterConstructorMapper(UploadDao.UploadRow.class)
public interface UploadDao {

    /** An upload as registered; its columns as JSON text. */
    record UploadRow(String id, String ownerId, String name, String tableName, String columns, long rowCount,
            long bytes, String sourceUrl, String etag, String lastModified, Instant createdAt, Instant expiresAt,
            String description) {
    }

    String COLUMNS = """
            id, owner_id, name, table_name, columns::text AS columns, row_count, bytes, source_url, etag,
            last_modified, created_at, expires_at, description""";

    @SqlUpdate("""
            INSERT INTO felicette.uploads (id, owner_id, name, table_name, columns, row_count, bytes, source_url, etag,
                last_modified, expires_at, description)
            VALUES (:id, :ownerId, :name, :tableName, CAST(:columns AS jsonb), :rowCount, :bytes, :sourceUrl, :etag,
                :lastModified, :expiresAt, :description)
            """)
    void insert(String id, String ownerId, String name, String tableName, String columns, long rowCount, long bytes,
            String sourceUrl, String etag, String lastModified, Instant expiresAt, String description);

    @SqlQuery("SELECT " + COLUMNS + " FROM felicette.uploads WHERE id = :id")
    Optional<UploadRow> find(String id);

    @SqlQuery("SELECT " + COLUMNS + " FROM felicette.uploads WHERE owner_id = :owner ORDER BY created_at DESC, id")
    List<UploadRow> list(String owner);

    /**
     * A page of an owner's live uploads, newest first (ties by id, descending), strictly after the
     * keyset given (null: from the newest): read along the (owner, created, id) index.
     */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM felicette.uploads WHERE owner_id = :owner AND expires_at > now()
              AND (CAST(:beforeCreated AS timestamptz) IS NULL OR (created_at, id) < (:beforeCreated, :beforeId))
            ORDER BY created_at DESC, id DESC LIMIT :limit
            """)
    List<UploadRow> page(String owner, Instant beforeCreated, String beforeId, int limit);

    /** The caller's live upload of a URL, newest first. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM felicette.uploads WHERE owner_id = :owner AND source_url = :url AND expires_at > now()
            ORDER BY created_at DESC LIMIT 1
            """)
    Optional<UploadRow> reusable(String owner, String url);

    @SqlQuery("SELECT coalesce(sum(bytes), 0) FROM felicette.uploads WHERE owner_id = :owner AND expires_at > now()")
    long bytesOf(String owner);

    @SqlUpdate("UPDATE felicette.uploads SET expires_at = :expiresAt WHERE id = :id")
    void setExpiry(String id, Instant expiresAt);

    @SqlUpdate("DELETE FROM felicette.uploads WHERE id = :id")
    int delete(String id);

    /** Expired uploads not being swept by another instance now, locked until this transaction ends. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM felicette.uploads WHERE expires_at <= now() ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED
            """)
    List<UploadRow> lockExpired(int limit);
}
