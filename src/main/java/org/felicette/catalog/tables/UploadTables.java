package org.felicette.catalog.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.QuotaLedger;
import org.felicette.db.UploadDao;
import org.felicette.db.UserTableDao;
import org.felicette.ingest.FileColumn;
import org.felicette.ingest.LoadFormat;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.tapschema.Keyset;
import org.felicette.tapschema.TableDefinition;
import org.felicette.tapschema.VotableTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.catalog.PgLimits;
import org.felicette.catalog.UserTablesConfig;
import org.felicette.catalog.UserChanges;

/**
 * Temporary tables for TAP UPLOAD: each a real table in schema {@code tap_upload} under a unique
 * physical name, made and filled in one transaction, registered with its owner and expiry, never
 * in TAP_SCHEMA. A column whose name is not an ADQL regular identifier keeps its name in the
 * description and gets a safe physical name.
 */
public final class UploadTables {

    /** The kind of hold uploads in flight have on their owner's upload limit. */
    static final String UPLOAD_BYTES = "upload_bytes";

    public static final SchemaName SCHEMA = new SchemaName("tap_upload");

    /**
     * Who owns the UPLOAD tables of anonymous queries: one owner, whose byte limit all anonymous
     * callers share, under a name no authenticator gives a user (parentheses are in no user name).
     */
    static final Caller ANONYMOUS_QUERIES = new Caller("(anonymous)", java.util.Set.of(), false);

    /** The owner of a query's UPLOAD tables: the caller, or for an anonymous caller the shared anonymous owner. */
    public static Caller ownerFor(Caller caller) {
        return caller.isAnonymous() ? ANONYMOUS_QUERIES : caller;
    }
    private static final Logger LOG = LoggerFactory.getLogger(UploadTables.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A column: its name as the file gave it, its physical name, its VOTable type, and the unit, UCD
     * and description the file gave it (null where it gave none, and in uploads kept before these were).
     */
    public record Column(String name, String physical, String datatype, String arraysize, String xtype, String unit,
            String ucd, String description) {
    }

    /** Where an upload came from when it was a URL, and what its server said of the version. */
    public record Origin(String url, String etag, String lastModified) {
    }

    /** An upload table as its owner sees it. */
    public record Upload(String id, String owner, String name, String table, List<Column> columns, long rows,
            long bytes, Instant created, Instant expires, String sourceUrl, String etag, String lastModified,
            String description) {
    }

    private final UserChanges changes;
    private final UserTablesConfig config;

    public UploadTables(UserChanges changes, UserTablesConfig config) {
        this.changes = changes;
        this.config = config;
    }

    /**
     * Makes the table and loads the file into it, all or nothing.
     *
     * @param columns as the file describes them (or as inferred, or as the uploader described them), in file order
     * @param description what the uploader says the table holds, or null
     * @param nullIfInvalid columns (as named in {@code columns}, without case) whose values that are
     *     not of their type load as NULL
     * @param origin null for an inline upload
     */
    public Upload create(Caller caller, String name, List<FileColumn> columns, String description,
            Set<String> nullIfInvalid, LoadFormat format, Path file, Instant expires, long maxRows,
            long maxBytesPerUser, Origin origin) throws IOException {
        caller.requireIdentity("upload a table");
        PgLimits.checkColumnCount(columns.size(), "the table");
        List<Column> described = physicalNames(columns);
        Set<String> lenient = lenientPhysical(described, nullIfInvalid);
        String id = newId();
        TableName physical = new TableName(SCHEMA, name.toLowerCase(Locale.ROOT) + "_" + id.substring(0, 12));
        List<String> ddl = new ArrayList<>();
        List<ColumnInfo> infos = new ArrayList<>();
        for (int i = 0; i < described.size(); i++) {
            Column c = described.get(i);
            ddl.add(new ColumnName(c.physical()).sql() + " " + VotableTypes.postgres(new TableDefinition.Column(c.physical(), null,
                    c.datatype(), c.arraysize(), c.xtype(), null, null, null, null, null, null)));
            infos.add(new ColumnInfo(physical.qualified(), c.physical(), null, null, null, null, c.datatype(),
                    c.arraysize(), c.xtype(), true, false, false, i + 1, true, false, i + 1, null));
        }
        long bytes = Files.size(file);
        return TableLoads.translated("upload " + name, () -> changes.db().inTransaction(tx -> {
            // held until this transaction ends, against the owner's live uploads and every other upload in flight
            try {
                changes.reserve(tx, UPLOAD_BYTES, caller.user()).reserve(bytes, bytes, maxBytesPerUser,
                        l -> l.attach(UploadDao.class).bytesOf(caller.user()));
            } catch (QuotaLedger.Refused e) {
                throw new FelicetteException(Kind.TOO_LARGE, "upload_quota", "your uploads would take "
                        + (maxBytesPerUser - e.available() + bytes) + " bytes; each user may hold " + maxBytesPerUser
                        + " bytes of uploads", Map.of("limit", maxBytesPerUser));
            }
            UserTableDao tables = tx.attach(UserTableDao.class);
            tables.createPhysicalTable(physical, ddl);
            for (String reader : config.readerRoles()) {
                tables.grantRead(physical, reader);
            }
            long rows;
            try (InputStream in = org.felicette.ingest.SpooledBody.reading(file)) { // Parquet is read where it is
                rows = TableLoads.copyInFileOrder(tx, physical, "upload " + name, infos, lenient, format, in, maxRows);
            }
            tx.attach(UploadDao.class).insert(id, caller.user(), name, physical.qualified(), json(described), rows,
                    bytes, origin == null ? null : origin.url(), origin == null ? null : origin.etag(),
                    origin == null ? null : origin.lastModified(), expires, description);
            changes.audit(tx, caller, "upload", "table", physical.qualified(), Map.of("name", name, "rows", rows,
                    "bytes", bytes, "format", format.label()));
            return new Upload(id, caller.user(), name, physical.qualified(), described, rows, bytes, Instant.now(),
                    expires, origin == null ? null : origin.url(), origin == null ? null : origin.etag(),
                    origin == null ? null : origin.lastModified(), description);
        }));
    }

    /** The physical names of the columns named (without case) to load leniently; a name no column has is a 400. */
    static Set<String> lenientPhysical(List<Column> columns, Set<String> named) {
        Set<String> out = new HashSet<>();
        for (String n : named) {
            Column column = columns.stream().filter(c -> c.name().equalsIgnoreCase(n.strip())).findFirst()
                    .orElseThrow(() -> FelicetteException.badInput("unknown_column", "nullIfInvalid names column '"
                            + n + "', which the table does not have; its columns are "
                            + columns.stream().map(c -> "'" + c.name() + "'").toList()));
            out.add(column.physical());
        }
        return out;
    }

    /** Safe physical names: a regular identifier keeps its (lower-case) name, anything else becomes colN. */
    static List<Column> physicalNames(List<FileColumn> columns) {
        List<Column> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            FileColumn c = columns.get(i);
            String name = c.name() == null || c.name().isBlank() ? "col" + (i + 1) : c.name().strip();
            String physical = null;
            try {
                physical = new ColumnName(name).name().toLowerCase(Locale.ROOT); // a reserved word is quoted in SQL
            } catch (FelicetteException e) {
                // not an ADQL regular identifier: a delimited name in ADQL, a made-up one here
            }
            if (physical == null || !taken.add(physical)) {
                physical = "col" + (i + 1);
                for (int k = 2; !taken.add(physical); k++) {
                    physical = "col" + (i + 1) + "_" + k;
                }
            }
            out.add(new Column(name, physical, c.datatype(), c.arraysize(), c.xtype(), c.unit(), c.ucd(),
                    c.description()));
        }
        return out;
    }

    /** The caller's uploads that have not expired, newest first. */
    public List<Upload> list(Caller caller) {
        if (caller.isAnonymous()) {
            return List.of();
        }
        return changes.db().onDemand(UploadDao.class).list(caller.user()).stream()
                .filter(r -> r.expiresAt().isAfter(Instant.now())).map(UploadTables::upload).toList();
    }

    /** A page of the caller's live uploads, newest first, after {@code from} (null: the newest), at most {@code limit}. */
    public Keyset.Page<Upload> page(Caller caller, Keyset from, int limit) {
        if (caller.isAnonymous()) {
            return new Keyset.Page<>(List.of(), null);
        }
        List<UploadDao.UploadRow> rows = changes.db().onDemand(UploadDao.class).page(caller.user(),
                from == null ? null : from.created(), from == null ? null : from.id(), limit + 1);
        List<Upload> uploads = rows.stream().limit(limit).map(UploadTables::upload).toList();
        Keyset next = rows.size() > limit ? new Keyset(rows.get(limit - 1).createdAt(), rows.get(limit - 1).id()) : null;
        return new Keyset.Page<>(uploads, next);
    }

    /**
     * One of the caller's uploads: private to its owner by the one read rule (an admin sees it
     * too); to anyone else, and once expired, there is none.
     */
    public Upload find(Caller caller, String id) {
        return changes.db().onDemand(UploadDao.class).find(id)
                .filter(r -> Access.privateTo(r.ownerId()).readableBy(caller) && r.expiresAt().isAfter(Instant.now()))
                .map(UploadTables::upload)
                .orElseThrow(() -> FelicetteException.notFound("no upload '" + id + "'"));
    }

    /** The caller's live upload of this URL, if any. */
    public Optional<Upload> ofUrl(Caller caller, String url) {
        return changes.db().onDemand(UploadDao.class).reusable(caller.user(), url).map(UploadTables::upload);
    }

    /** Upload bytes the owner holds now. */
    public long bytesOf(String owner) {
        return changes.db().onDemand(UploadDao.class).bytesOf(owner);
    }

    /** Keeps an upload for longer (a reuse renews it). */
    public void extend(Upload upload, Instant expires) {
        changes.db().useConnection(h -> h.attach(UploadDao.class).setExpiry(upload.id(), expires));
    }

    public void drop(Caller caller, String id) {
        Upload upload = find(caller, id);
        changes.db().useTransaction(tx -> {
            tx.attach(UserTableDao.class).dropPhysicalTable(TableName.parse(upload.table()));
            tx.attach(UploadDao.class).delete(id);
            changes.audit(tx, caller, "drop", "upload", upload.table(), Map.of("name", upload.name()));
        });
    }

    /**
     * Drops expired uploads, a few at a time; instances doing it at once take different ones
     * (row locks skipped). The number dropped.
     */
    public int dropExpired(int limit) {
        return changes.db().inTransaction(tx -> {
            UploadDao dao = tx.attach(UploadDao.class);
            List<UploadDao.UploadRow> expired = dao.lockExpired(limit);
            for (UploadDao.UploadRow row : expired) {
                tx.attach(UserTableDao.class).dropPhysicalTable(TableName.parse(row.tableName()));
                dao.delete(row.id());
            }
            if (!expired.isEmpty()) {
                LOG.info("dropped {} expired upload table(s)", expired.size());
            }
            return expired.size();
        });
    }

    private static Upload upload(UploadDao.UploadRow r) {
        try {
            List<Column> columns = JSON.readValue(r.columns(), new TypeReference<List<Column>>() { });
            return new Upload(r.id(), r.ownerId(), r.name(), r.tableName(), columns, r.rowCount(), r.bytes(),
                    r.createdAt(), r.expiresAt(), r.sourceUrl(), r.etag(), r.lastModified(), r.description());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("upload " + r.id() + " has unreadable columns", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
