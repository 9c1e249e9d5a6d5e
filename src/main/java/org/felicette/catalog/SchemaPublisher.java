package org.felicette.catalog;

import org.felicette.tapschema.Access;
import org.felicette.tapschema.TapRows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.db.AuditDao;
import org.felicette.db.FelisVersionDao;
import org.felicette.tapschema.PublishedVersion;
import org.felicette.db.LockDao;
import org.felicette.db.SchemaWriter;
import org.felicette.db.TapSchemaDao;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.InvalidFelisException;
import org.felicette.felis.Problem;
import org.felicette.felis.Source;
import org.felicette.felis.TapSchemaMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Publishes Felis schemas into TAP_SCHEMA: a whole schema is replaced in one transaction, so a
 * reader sees the old version or the new one and never a mix; every version is recorded, and
 * publishing what is already current changes nothing.
 */
public final class SchemaPublisher {

    /** Schema names Felis documents may not take: they belong to the service itself. */
    private static final Set<String> RESERVED = Set.of("tap_schema", "tap_upload", "felicette", "public",
            "information_schema");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    /**
     * What this instance last wrote for each schema, by checksum: when the current version is
     * the one it published, the diff compares with these rows and needs no read of TAP_SCHEMA
     * (another instance's publish changes the checksum, and fingerprints are then read back).
     */
    private final Map<String, Written> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();

    private record Written(String checksum, TapRows rows) {
    }

    private final Runnable changed;

    public SchemaPublisher(Jdbi jdbi) {
        this(jdbi, () -> { });
    }

    /**
     * @param changed called after each publish or retirement commits, before the call returns:
     *     the instance's own readers see the new version at once
     */
    public SchemaPublisher(Jdbi jdbi, Runnable changed) {
        this.jdbi = jdbi;
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
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || name.toLowerCase(Locale.ROOT).startsWith("pg_")) {
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
        List<String> keyIds = rows.keys().stream().map(TapRows.KeyRow::keyId).toList();
        PublishReport report = jdbi.inTransaction(handle -> {
            SchemaWriter writer = new SchemaWriter(handle.getConnection());
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
                    ? diff(before.rows(), rows)
                    : diff(handle.attach(TapSchemaDao.class).fingerprints(name), rows);
            String status = state.currentChecksum() != null ? "updated" : "created";
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version", felisVersion);
            detail.put("checksum", checksum);
            detail.put("status", status);
            detail.put("diff", diff);
            handle.afterCommit(changed);
            try {
                writer.replace(rows, new SchemaWriter.NewVersion(name, felisVersion, checksum, main.sha256(),
                        json(sourcesSummary(loaded.sources())), json(optionsOf(options)), rows.schema().schemaIndex(),
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
        jdbi.inTransaction(handle -> {
            lock(handle, name);
            FelisVersionDao versions = handle.attach(FelisVersionDao.class);
            if (versions.current(name).isEmpty()) {
                throw FelicetteException.notFound("no published Felis schema '" + name + "'");
            }
            handle.afterCommit(changed);
            new SchemaWriter(handle.getConnection()).delete(name);
            versions.retire(name);
            lastWritten.remove(name);
            handle.attach(AuditDao.class).record(actor, "retire", "schema", name, "{}");
            return null;
        });
    }

    public List<PublishedVersion> list() {
        return jdbi.withExtension(FelisVersionDao.class, FelisVersionDao::currentVersions);
    }

    public Optional<PublishedVersion> current(String name) {
        return jdbi.withExtension(FelisVersionDao.class, dao -> dao.current(name));
    }

    public Optional<String> document(String name) {
        return jdbi.withExtension(FelisVersionDao.class, dao -> dao.currentDocument(name));
    }

    /**
     * Publishers of one schema take turns (on any instance sharing the database); publishers of
     * different schemas do not wait for each other.
     */
    private static void lock(Handle handle, String name) {
        handle.attach(LockDao.class).lockForTransaction(SchemaWriter.lockKey(name));
    }

    private static FelicetteException keysTaken(List<String> keys) {
        return new FelicetteException(Kind.CONFLICT, "key_id_taken", "TAP_SCHEMA key ids are global and "
                + String.join(", ", keys) + " already exist; publish with unique keys (the schema name prefixed to "
                + "each key id)", Map.of("keys", keys));
    }

    /** The differences from what TAP_SCHEMA holds, as {@link TapSchemaDao#fingerprints} read it. */
    static PublishReport.Diff diff(List<TapSchemaDao.Fingerprint> current, TapRows rows) {
        Set<String> tablesBefore = new HashSet<>();
        Map<String, String> oldFingerprints = new HashMap<>();
        for (TapSchemaDao.Fingerprint f : current) {
            if (f.fingerprint() == null) {
                tablesBefore.add(f.name());
            } else {
                oldFingerprints.put(f.name(), f.fingerprint());
            }
        }
        return diff(tablesBefore, oldFingerprints.keySet(),
                (key, row) -> !oldFingerprints.get(key).equals(fingerprint(row)), rows);
    }

    /** The differences from rows this instance wrote. */
    static PublishReport.Diff diff(TapRows before, TapRows after) {
        List<TapRows.ColumnRow> old = before.columns();
        List<TapRows.ColumnRow> now = after.columns();
        if (old.size() == now.size() && tableNames(before).equals(tableNames(after))) {
            // Usually a new version has the same tables and columns in the same order: compare
            // row by row, and fall back to matching by name at the first difference of shape.
            List<String> changed = new ArrayList<>();
            int i = 0;
            for (; i < now.size(); i++) {
                TapRows.ColumnRow a = old.get(i);
                TapRows.ColumnRow b = now.get(i);
                if (!a.tableName().equals(b.tableName()) || !a.columnName().equals(b.columnName())) {
                    break;
                }
                if (!sameDescription(a, b)) {
                    changed.add(columnKey(b));
                }
            }
            if (i == now.size()) {
                return new PublishReport.Diff(List.of(), List.of(), List.of(), List.of(), sorted(changed));
            }
        }
        Map<String, TapRows.ColumnRow> byKey = new HashMap<>();
        old.forEach(c -> byKey.put(columnKey(c), c));
        return diff(new HashSet<>(tableNames(before)), byKey.keySet(),
                (key, row) -> !sameDescription(byKey.get(key), row), after);
    }

    private static List<String> tableNames(TapRows rows) {
        return rows.tables().stream().map(TapRows.TableRow::tableName).toList();
    }

    private static String columnKey(TapRows.ColumnRow c) {
        return c.tableName() + "." + c.columnName();
    }

    /**
     * The differences from a previous version of which the table names and column keys
     * ({@code table.column}) are known; {@code changed} tells whether a column present in both
     * now says something else.
     */
    private static PublishReport.Diff diff(Set<String> tablesBefore, Set<String> columnsBefore,
            BiPredicate<String, TapRows.ColumnRow> changed, TapRows rows) {
        Set<String> after = rows.tables().stream().map(TapRows.TableRow::tableName)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> added = new ArrayList<>();
        List<String> changedColumns = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (TapRows.ColumnRow row : rows.columns()) {
            String key = columnKey(row);
            present.add(key);
            if (!columnsBefore.contains(key)) {
                added.add(key);
            } else if (changed.test(key, row)) {
                changedColumns.add(key);
            }
        }
        List<String> removed = columnsBefore.stream().filter(k -> !present.contains(k)).toList();
        return new PublishReport.Diff(minus(after, tablesBefore), sorted(minus(tablesBefore, after)), sorted(added),
                sorted(removed), sorted(changedColumns));
    }

    /** Whether two rows of one column say the same in TAP_SCHEMA (what {@link #fingerprint} covers). */
    static boolean sameDescription(TapRows.ColumnRow a, TapRows.ColumnRow b) {
        return a.withOrdinal(0).equals(b.withOrdinal(0));
    }

    /** The fingerprint {@link TapSchemaDao#columnFingerprints} computes in SQL, computed here for a new row. */
    static String fingerprint(TapRows.ColumnRow c) {
        String joined = String.join("|", orNull(c.utype()), orNull(c.ucd()), orNull(c.unit()), orNull(c.description()),
                c.datatype(), orNull(c.arraysize()), orNull(c.xtype()), orNull(c.size()), String.valueOf(c.principal()),
                String.valueOf(c.indexed()), String.valueOf(c.std()), orNull(c.columnIndex()),
                String.valueOf(c.nullable()), String.valueOf(c.primaryKey()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String orNull(Object value) {
        return value == null ? "\\N" : value.toString();
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
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
