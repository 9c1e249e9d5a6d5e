package org.felicette.catalog.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogReader;
import org.felicette.catalog.TapRowLimits;
import org.felicette.db.AuditDao;
import org.felicette.db.FelisVersionDao;
import org.felicette.db.LockDao;
import org.felicette.db.SchemaWriter;
import org.felicette.db.TapSchemaDao;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.InvalidFelisException;
import org.felicette.felis.Problem;
import org.felicette.felis.Source;
import org.felicette.felis.TapSchemaMapper;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.PublishedVersion;
import org.felicette.tapschema.TapRows;
import org.felicette.db.Tx;
import org.felicette.db.Db;

/**
 * Publishes Felis schemas into TAP_SCHEMA: a whole schema is replaced in one transaction, so a
 * reader sees the old version or the new one and never a mix; every version is recorded, and
 * publishing what is already current changes nothing.
 */
public final class SchemaPublisher {

    /** Schema names Felis documents may not take: they belong to the service itself. */
    private static final Set<String> SERVICE_SCHEMAS = Set.of("tap_schema", "tap_upload", "felicette", "public",
            "information_schema");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;

    /**
     * What this instance last wrote for each schema, by checksum: when the current version is
     * the one it published, the diff compares with these rows and needs no read of TAP_SCHEMA
     * (another instance's publish changes the checksum, and fingerprints are then read back).
     */
    private final Map<String, Written> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();

    private record Written(String checksum, TapRows rows) {
    }

    private final Runnable changed;

    public SchemaPublisher(Db db) {
        this(db, () -> { });
    }

    /**
     * @param changed called after each publish or retirement commits, before the call returns:
     *     the instance's own readers see the new version at once
     */
    public SchemaPublisher(Db db, Runnable changed) {
        this.db = db;
        this.changed = changed;
    }

    /**
     * @param schemaIndex the schema_index it gets (null: none, as felis load-tap-schema leaves it)
     * @param ownerId the owner; null publishes it as public, owned by nobody
     * @param publishedBy who asks (null for the service itself, at start-up)
     */
    public record Request(Integer schemaIndex, String ownerId, String publishedBy) {
    }

    public PublishReport publish(FelisLoader.Loaded loaded, FelisOptions options, Request request) {
        if (!loaded.valid()) {
            throw new InvalidFelisException(loaded.problems());
        }
        String name = loaded.schema().name();
        if (SERVICE_SCHEMAS.contains(name.toLowerCase(Locale.ROOT)) || name.toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw new FelicetteException(Kind.CONFLICT, "reserved_name", "the schema name '" + name
                    + "' is reserved for the service's own tables", Map.of());
        }
        Access access = request.ownerId() == null ? Access.PUBLIC : Access.privateTo(request.ownerId());
        TapRows rows = TapSchemaMapper.map(loaded.schema(), options)
                .with(access, request.schemaIndex());
        TapRowLimits.require(TapRowLimits.violations(rows));
        List<String> warnings = loaded.problems().warnings().stream().map(Problem::toString).toList();
        String checksum = checksum(loaded.sources(), options, request);
        String felisVersion = loaded.schema().version() == null ? null : loaded.schema().version().current();
        TapRowLimits.require(TapRowLimits.violations("schema version", felisVersion, 64));
        Source main = loaded.sources().get(0);
        List<String> keyIds = rows.keys().stream().map(KeyInfo::keyId).toList();
        PublishReport report = db.inTransaction(tx -> {
            SchemaWriter writer = SchemaWriter.in(tx);
            SchemaWriter.State state = writer.lockAndState(name, keyIds, main.sha256());
            if (checksum.equals(state.currentChecksum())) {
                return new PublishReport(name, felisVersion, "unchanged", checksum, rows.tables().size(),
                        rows.columns().size(), rows.keys().size(), warnings, PublishReport.Diff.NONE);
            }
            if (state.apiCreated() != null && state.apiCreated() == 1) {
                throw new FelicetteException(Kind.CONFLICT, "schema_exists", "schema '" + name
                        + "' exists and was created through the table API; a Felis schema cannot replace it", Map.of());
            }
            if (!state.takenKeys().isEmpty()) {
                throw keysTaken(state.takenKeys());
            }
            Written before = lastWritten.get(name);
            PublishReport.Diff diff = before != null && before.checksum().equals(state.currentChecksum())
                    ? SchemaDiff.of(before.rows(), rows)
                    : SchemaDiff.of(tx.attach(TapSchemaDao.class).fingerprints(name), rows);
            String status = state.currentChecksum() != null ? "updated" : "created";
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", felisVersion);
            detail.put("checksum", checksum);
            detail.put("status", status);
            detail.put("diff", diff);
            tx.afterCommit(changed);
            try {
                writer.replace(rows, new SchemaWriter.NewVersion(name, felisVersion, checksum, main.sha256(),
                        json(sourcesSummary(loaded.sources())), json(optionsOf(options)), rows.schema().index(),
                        request.ownerId(), rows.tables().size(), rows.columns().size(), rows.keys().size(),
                        request.publishedBy()), state.documentStored() ? null : main.text(), json(detail));
            } catch (SchemaWriter.KeyIdTaken e) {
                // Another schema took a key id after the check: it publishes under its own lock.
                throw keysTaken(List.of(e.keyId()));
            }
            return new PublishReport(name, felisVersion, status, checksum, rows.tables().size(),
                    rows.columns().size(), rows.keys().size(), warnings, diff);
        });
        if (!report.status().equals("unchanged")) {
            lastWritten.put(name, new Written(checksum, rows));
        }
        return report;
    }

    /** Removes a published schema from TAP_SCHEMA; its history stays. */
    public void retire(String name, String actor) {
        db.inTransaction(tx -> {
            lock(tx, name);
            FelisVersionDao versions = tx.attach(FelisVersionDao.class);
            if (versions.current(name).isEmpty()) {
                throw FelicetteException.notFound("no published Felis schema '" + name + "'");
            }
            tx.afterCommit(changed);
            SchemaWriter.in(tx).delete(name);
            versions.retire(name);
            lastWritten.remove(name);
            tx.attach(AuditDao.class).record(actor, "retire", "schema", name, "{}");
            return null;
        });
    }

    /** The published schemas the caller may see (by the read rule of each schema's TAP_SCHEMA row). */
    public List<PublishedVersion> list(Caller caller) {
        return db.withExtension(FelisVersionDao.class, dao -> dao.visibleVersions(CatalogReader.viewer(caller), null));
    }

    /** The current version of a schema the caller may see; empty alike when there is none and when it is hidden. */
    public Optional<PublishedVersion> current(Caller caller, String name) {
        return db.withExtension(FelisVersionDao.class, dao -> dao.visibleVersions(CatalogReader.viewer(caller), name)
                .stream().findFirst());
    }

    /** The current document of a schema the caller may see. */
    public Optional<String> document(Caller caller, String name) {
        return db.inTransaction(tx -> {
            FelisVersionDao dao = tx.attach(FelisVersionDao.class);
            return dao.visibleVersions(CatalogReader.viewer(caller), name).isEmpty()
                    ? Optional.<String>empty() : dao.currentDocument(name);
        });
    }

    /**
     * Publishers of one schema take turns (on any instance sharing the database); publishers of
     * different schemas do not wait for each other.
     */
    private static void lock(Tx tx, String name) {
        tx.attach(LockDao.class).lockForTransaction(SchemaWriter.lockKey(name));
    }

    private static FelicetteException keysTaken(List<String> keys) {
        return new FelicetteException(Kind.CONFLICT, "key_id_taken", "TAP_SCHEMA key ids are global and "
                + String.join(", ", keys) + " already exist; publish with unique keys (the schema name prefixed to "
                + "each key id)", Map.of("keys", keys));
    }

    private static List<Map<String, String>> sourcesSummary(List<Source> sources) {
        return sources.stream().map(s -> Map.of("name", s.name(), "sha256", s.sha256())).toList();
    }

    private static Map<String, Object> optionsOf(FelisOptions options) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("uniqueKeys", options.uniqueKeys());
        map.put("forceUnboundedArraysize", options.forceUnboundedArraysize());
        map.put("columnRefIndexIncrement", options.columnRefIndexIncrement());
        map.put("idGeneration", options.idGeneration());
        return map;
    }

    /** Same documents, same options, same index and owner: same checksum. */
    static String checksum(List<Source> sources, FelisOptions options, Request request) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("documents", sources.stream().map(Source::sha256).toList());
        all.put("options", optionsOf(options));
        all.put("schemaIndex", request.schemaIndex());
        all.put("owner", request.ownerId());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json(all).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
    }
}
