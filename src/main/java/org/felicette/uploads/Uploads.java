package org.felicette.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.ingest.FileColumn;
import org.felicette.ingest.FormatRecognition;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.Spool;

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
        Instant expiry = expiry(expires);
        long held = tables.bytesOf(caller.user());
        List<Result> done = new ArrayList<>();
        Files.createDirectories(spool);
        try {
            for (UploadItems.Item item : items) {
                done.add(one(caller, item, parts, expiry, held));
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

    private Result one(Caller caller, UploadItems.Item item, Map<String, Part> parts, Instant expiry, long held)
            throws IOException {
        if (item.part() != null) {
            Part part = parts.get(item.part());
            return new Result(make(caller, item.name(), part.file(), part.contentType(), expiry, held, null), false);
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
                    new UploadTables.Origin(url, fetched.etag(), fetched.lastModified())), false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private UploadTables.Upload make(Caller caller, String name, Path file, String contentType, Instant expiry, long held,
            UploadTables.Origin origin) throws IOException {
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
        List<FileColumn> columns;
        try (InputStream in = org.felicette.ingest.SpooledBody.reading(file)) { // Parquet is read where it is
            columns = format.reader().describe(in, config.maxRowsPerTable()).columns();
        } catch (org.felicette.ingest.LimitExceeded | org.felicette.ingest.BadData e) {
            throw Spool.refusal(e, "UPLOAD " + name + ": ", "");
        }
        try {
            return tables.create(caller, name, columns, format, file, expiry, config.maxRowsPerTable(),
                    config.maxBytesPerUser(), origin);
        } catch (FelicetteException e) {
            throw new FelicetteException(e.kind(), e.code(), "UPLOAD " + name + ": " + e.getMessage(), e.details());
        }
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
