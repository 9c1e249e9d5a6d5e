package org.felicette.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.ingest.FileColumn;
import org.felicette.ingest.FileTable;
import org.felicette.ingest.FormatRecognition;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.Spool;
import org.felicette.tapschema.TableDefinition;

/**
 * TAP UPLOAD ingest: each {@code name,URI} item's table (a part of the request, already kept in a
 * file, or fetched from its URL) becomes a temporary table in {@code tap_upload}, its column types
 * from the file (VOTable FIELDs, FITS TFORMs, the ECSV header) or, for CSV and TSV, from its values.
 * A request's tables are made all or none. The same caller uploading the same URL again, before
 * expiry and unchanged on its server (ETag or Last-Modified), gets the table it has.
 */
public final class Uploads {

    /** A part of the request kept in a file, with the content type it was sent with (null if none). */
    public record Part(Path file, String contentType) {
    }

    /**
     * What the uploader says of an upload beyond its file: a VOSI table describing its columns in
     * file order (their names, types, units, UCDs and descriptions) and the table, or null for the
     * file's own description; and the columns (by those names) whose values that are not of their
     * type load as NULL.
     */
    public record Description(TableDefinition table, Set<String> nullIfInvalid) {
        public static final Description NONE = new Description(null, Set.of());
    }

    /** One table of the answer, and whether it was an earlier upload reused. */
    public record Result(UploadTables.Upload upload, boolean reused) {
    }

    private final UploadTables tables;
    private final UploadsConfig config;
    private final UrlFetcher fetcher;
    private final Path spool;

    public Uploads(UploadTables tables, UploadsConfig config, Path spool) {
        this.tables = tables;
        this.config = config;
        this.fetcher = new UrlFetcher(config);
        this.spool = spool;
    }

    public UploadsConfig config() {
        return config;
    }

    public Path spool() {
        return spool;
    }

    public UploadTables tables() {
        return tables;
    }

    /**
     * @param expires the lifetime asked for: a number of seconds or an ISO 8601 time (null: the default)
     */
    public List<Result> upload(Caller caller, List<UploadItems.Item> items, Map<String, Part> parts, String expires)
            throws IOException {
        return upload(caller, items, parts, expires, Map.of());
    }

    /**
     * @param descriptions by upload name in lower case: what the uploader says of each table beyond its file
     */
    public List<Result> upload(Caller caller, List<UploadItems.Item> items, Map<String, Part> parts, String expires,
            Map<String, Description> descriptions) throws IOException {
        caller.requireIdentity("upload a table");
        if (items.size() > config.maxTablesPerRequest()) {
            throw new FelicetteException(Kind.TOO_LARGE, "too_many_tables", "the request uploads " + items.size()
                    + " tables; at most " + config.maxTablesPerRequest() + " may go in one request",
                    Map.of("limit", config.maxTablesPerRequest()));
        }
        for (UploadItems.Item item : items) {
            if (item.part() != null && !parts.containsKey(item.part())) {
                throw FelicetteException.badInput("missing_part", "UPLOAD " + item.name() + ": the request has no part "
                        + "named '" + item.part() + "'" + (parts.isEmpty() ? " (send it as multipart/form-data)" : ""));
            }
        }
        for (String described : descriptions.keySet()) {
            if (items.stream().noneMatch(i -> i.name().equalsIgnoreCase(described))) {
                throw FelicetteException.badInput("unknown_upload", "a description is given for '" + described
                        + "', which the request does not upload; its uploads are "
                        + items.stream().map(i -> "'" + i.name() + "'").toList());
            }
        }
        Instant expiry = expiry(expires);
        long held = tables.bytesOf(caller.user());
        List<Result> done = new ArrayList<>();
        Files.createDirectories(spool);
        try {
            for (UploadItems.Item item : items) {
                done.add(one(caller, item, parts, expiry, held, descriptions.getOrDefault(
                        item.name().toLowerCase(Locale.ROOT), Description.NONE)));
                held += done.get(done.size() - 1).reused() ? 0 : done.get(done.size() - 1).upload().bytes();
            }
            return done;
        } catch (IOException | RuntimeException e) {
            for (Result r : done) { // all or none: the tables this request made go again
                if (!r.reused()) {
                    tables.drop(caller, r.upload().id());
                }
            }
            throw e;
        }
    }

    private Result one(Caller caller, UploadItems.Item item, Map<String, Part> parts, Instant expiry, long held,
            Description description) throws IOException {
        if (item.part() != null) {
            Part part = parts.get(item.part());
            return new Result(make(caller, item.name(), part.file(), part.contentType(), expiry, held, null,
                    description), false);
        }
        String url = item.url().toString();
        Optional<UploadTables.Upload> earlier = tables.ofUrl(caller, url)
                .filter(u -> u.etag() != null || u.lastModified() != null);
        Path file = Files.createTempFile(spool, "url-", ".upload");
        try {
            UrlFetcher.Fetched fetched = fetcher.fetch(item.name(), item.url(), file, config.maxBytesPerTable(),
                    earlier.map(UploadTables.Upload::etag).orElse(null),
                    earlier.map(UploadTables.Upload::lastModified).orElse(null));
            if (fetched.notModified() && earlier.isPresent()) {
                UploadTables.Upload kept = earlier.get();
                if (kept.expires().isBefore(expiry)) {
                    tables.extend(kept, expiry);
                }
                return new Result(tables.find(caller, kept.id()), true);
            }
            return new Result(make(caller, item.name(), file, fetched.contentType(), expiry, held,
                    new UploadTables.Origin(url, fetched.etag(), fetched.lastModified()), description), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private UploadTables.Upload make(Caller caller, String name, Path file, String contentType, Instant expiry, long held,
            UploadTables.Origin origin, Description said) throws IOException {
        long size = Files.size(file);
        if (size > config.maxBytesPerTable()) {
            throw new FelicetteException(Kind.TOO_LARGE, "upload_too_large", "UPLOAD " + name + ": " + size
                    + " bytes is more than the upload limit of " + config.maxBytesPerTable() + " bytes",
                    Map.of("limit", config.maxBytesPerTable()));
        }
        if (held + size > config.maxBytesPerUser()) {
            throw new FelicetteException(Kind.TOO_LARGE, "upload_quota", "UPLOAD " + name + ": your uploads would take "
                    + (held + size) + " bytes; each user may hold " + config.maxBytesPerUser() + " bytes of uploads",
                    Map.of("limit", config.maxBytesPerUser()));
        }
        LoadFormat format = format(name, file, contentType);
        FileTable described;
        try (InputStream in = org.felicette.ingest.SpooledBody.reading(file)) { // Parquet is read where it is
            described = format.reader().describe(in, config.maxRowsPerTable());
        } catch (org.felicette.ingest.LimitExceeded | org.felicette.ingest.BadData e) {
            throw Spool.refusal(e, "UPLOAD " + name + ": ", "");
        }
        List<FileColumn> columns = describedAs(name, format, described.columns(), said.table());
        String description = said.table() != null ? said.table().description() : described.definition().description();
        try {
            return tables.create(caller, name, columns, description == null || description.isBlank() ? null
                    : description.strip(), said.nullIfInvalid(), format, file, expiry, config.maxRowsPerTable(),
                    config.maxBytesPerUser(), origin);
        } catch (FelicetteException e) {
            throw new FelicetteException(e.kind(), e.code(), "UPLOAD " + name + ": " + e.getMessage(), e.details());
        }
    }

    /**
     * The file's columns as the uploader describes them, place by place: names, units, UCDs and
     * descriptions as said; types as said for CSV and TSV (whose types are only inferred), and for
     * a file that gives its types, only those types.
     */
    static List<FileColumn> describedAs(String upload, LoadFormat format, List<FileColumn> file, TableDefinition said) {
        if (said == null) {
            return file;
        }
        List<TableDefinition.Column> columns = said.columns();
        if (columns.size() != file.size()) {
            throw FelicetteException.badInput("description_mismatch", "UPLOAD " + upload + ": the description lists "
                    + columns.size() + " columns; the file has " + file.size() + " ("
                    + String.join(", ", file.stream().map(c -> "'" + c.name() + "'").toList())
                    + "), and they are described in the file's order");
        }
        boolean typed = format != LoadFormat.CSV && format != LoadFormat.TSV;
        List<FileColumn> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            FileColumn f = file.get(i);
            TableDefinition.Column c = columns.get(i);
            if (typed && !(Objects.equals(f.datatype(), c.datatype()) && Objects.equals(blank(f.arraysize()),
                    blank(c.arraysize())) && Objects.equals(blank(f.xtype()), blank(c.xtype())))) {
                throw FelicetteException.badInput("type_mismatch", "UPLOAD " + upload + ": column '" + c.name()
                        + "' (the file's '" + f.name() + "') is " + type(f.datatype(), f.arraysize(), f.xtype())
                        + " in the " + format.label() + " file, and the description says "
                        + type(c.datatype(), c.arraysize(), c.xtype()) + "; a temporary table keeps the types a "
                        + format.label() + " file gives (only a CSV or TSV file's types are chosen)");
            }
            out.add(new FileColumn(c.name(), c.datatype(), blank(c.arraysize()), blank(c.xtype()), blank(c.unit()),
                    blank(c.ucd()), blank(c.utype()), blank(c.description())));
        }
        return out;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String type(String datatype, String arraysize, String xtype) {
        return datatype + (blank(arraysize) == null ? "" : "[" + arraysize.strip() + "]")
                + (blank(xtype) == null ? "" : " (" + xtype.strip() + ")");
    }

    /** By the file's first bytes, its part's content type a hint (as every load recognises its format). */
    static LoadFormat format(String name, Path file, String contentType) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(FormatRecognition.HEAD);
        }
        return FormatRecognition.of(head, contentType, "UPLOAD " + name);
    }

    /**
     * The caller's own temporary tables a query may name as {@code TAP_UPLOAD.name} without sending
     * them again: every live upload of an identified caller whose name the query's own UPLOAD does
     * not take. An anonymous caller has none (anonymous uploads are no one's to share).
     */
    public List<UploadTables.Upload> kept(Caller caller, java.util.Collection<String> taken) {
        if (caller.isAnonymous()) {
            return List.of();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        taken.forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
        return tables.list(caller).stream().filter(u -> !names.contains(u.name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    /**
     * Keeps one of the caller's uploads until {@code expires} (seconds from now, or an ISO 8601
     * time), no later than the longest an upload is kept; the upload as it now is.
     */
    public UploadTables.Upload extend(Caller caller, String id, String expires) {
        if (expires == null || expires.isBlank()) {
            throw FelicetteException.badInput("bad_expires", "say until when to keep the upload: expires, in seconds "
                    + "from now or as an ISO 8601 time");
        }
        UploadTables.Upload upload = tables.find(caller, id);
        tables.extend(upload, expiry(expires));
        return tables.find(caller, id);
    }

    private Instant expiry(String expires) {
        Instant now = Instant.now();
        Instant latest = now.plus(config.maxExpiry());
        if (expires == null || expires.isBlank()) {
            return now.plus(config.expiry());
        }
        Instant asked;
        try {
            // seconds past the most allowed are the most allowed (and cannot overflow a time)
            long seconds = Math.min(Long.parseLong(expires.strip()), config.maxExpiry().toSeconds() + 1);
            asked = now.plus(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                asked = Instant.parse(expires.strip());
            } catch (java.time.DateTimeException again) {
                throw FelicetteException.badInput("bad_expires", "expires must be a number of seconds or an ISO 8601 "
                        + "time such as 2026-12-31T00:00:00Z, not '" + expires + "'");
            }
        }
        if (!asked.isAfter(now)) {
            throw FelicetteException.badInput("bad_expires", "expires must be in the future");
        }
        return asked.isAfter(latest) ? latest : asked;
    }

    /** Drops expired upload tables (the sweep of any instance). */
    public void sweep() {
        while (tables.dropExpired(100) == 100) {
            // more were due
        }
    }
}
