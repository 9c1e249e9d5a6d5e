package org.felicette.query;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogReader;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.db.QueryRunner;
import org.felicette.ingest.ResultFormat;
import org.felicette.ingest.TableWriter;
import org.felicette.tapschema.CatalogModel.TableDetail;

/**
 * TAP queries over the caller's own view: the request's parameters checked (LANG, QUERY,
 * MAXREC, RESPONSEFORMAT), the ADQL translated against the tables the caller may see, then run
 * read-only with its rows streamed into the asked format, cut at MAXREC with TAP's OVERFLOW.
 */
public final class TapQueries {

    private final CatalogReader catalog;
    private final QueryRunner runner;
    private final AdqlTranslator translator;
    private final QueryConfig config;
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> running =
            new java.util.concurrent.ConcurrentHashMap<>();

    public TapQueries(CatalogReader catalog, QueryRunner runner, AdqlTranslator translator, QueryConfig config) {
        this.catalog = catalog;
        this.runner = runner;
        this.translator = translator;
        this.config = config;
    }

    /** A query checked and translated, ready to run: nothing of the answer is written yet. */
    public record Prepared(Caller caller, AdqlTranslator.Translated translated, long maxRec, ResultFormat format,
            long timeoutMillis) {
    }

    /** @param parameters the request's parameters, their names in lower case (DALI: names without case) */
    public Prepared prepare(Caller caller, Map<String, String> parameters) {
        return prepare(caller, parameters, List.of());
    }

    /** @param uploads the query's UPLOAD tables, already made (see {@code Uploads}) */
    public Prepared prepare(Caller caller, Map<String, String> parameters, List<UploadTables.Upload> uploads) {
        return prepare(caller, parameters, uploads, null);
    }

    /** The most rows any result may have. */
    public long maxRec() {
        return config.maxRec();
    }

    /**
     * @param executionSeconds how long the query may run (a job's EXECUTIONDURATION), at most the
     *     configured limit; null for that limit
     */
    public Prepared prepare(Caller caller, Map<String, String> parameters, List<UploadTables.Upload> uploads,
            Integer executionSeconds) {
        checkRequestAndLang(parameters);
        ResultFormat format = format(parameters);
        long maxRec = maxRec(parameters.get("maxrec"));
        AdqlTranslator.Translated translated = translator.translate(parameters.get("query"), view(caller), uploads,
                maxRec + 1);
        int seconds = executionSeconds == null ? config.executionSeconds()
                : Math.min(executionSeconds, config.executionSeconds());
        return new Prepared(caller, translated, maxRec, format, seconds * 1000L);
    }

    private static void checkRequestAndLang(Map<String, String> parameters) {
        String request = parameters.get("request");
        if (request != null && !request.isBlank() && !request.strip().equalsIgnoreCase("doQuery")) {
            throw FelicetteException.badInput("bad_request", "REQUEST=" + request + " is not supported; use "
                    + "REQUEST=doQuery (or leave it out)");
        }
        String lang = parameters.get("lang");
        if (lang != null && !lang.isBlank() && !lang.strip().toUpperCase(Locale.ROOT).matches("ADQL(-2\\.[01])?")) {
            throw FelicetteException.badInput("bad_lang", "LANG=" + lang + " is not supported; use LANG=ADQL "
                    + "(ADQL-2.0)");
        }
    }

    private static ResultFormat format(Map<String, String> parameters) {
        String formatName = parameters.getOrDefault("responseformat", parameters.get("format"));
        return ResultFormat.named(formatName).orElseThrow(() -> FelicetteException.badInput("bad_format",
                "RESPONSEFORMAT=" + formatName + " is not one of " + String.join(", ", ResultFormat.allNames())));
    }

    private long maxRec(String text) {
        if (text == null || text.isBlank()) {
            return config.defaultMaxRec();
        }
        long asked;
        try {
            asked = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw FelicetteException.badInput("bad_maxrec", "MAXREC must be a whole number of rows, not '" + text
                    + "'");
        }
        if (asked < 0) {
            throw FelicetteException.badInput("bad_maxrec", "MAXREC must be 0 or more, not " + asked);
        }
        return Math.min(asked, config.maxRec());
    }

    /** Runs a prepared query, writing its result as it is read; the rows written. */
    public long write(Prepared prepared, OutputStream out) throws IOException {
        return write(prepared, out, () -> false);
    }

    /** As {@link #write(Prepared, OutputStream)}, stopping at the next row once {@code cancelled} says so. */
    public long write(Prepared prepared, OutputStream out, java.util.function.BooleanSupplier cancelled)
            throws IOException {
        return run(prepared, out, cancelled, QueryRunner.SessionWatch.NONE);
    }

    /** As above, the query's database session told to {@code watch} (an aborted job cancels its statement there). */
    public long write(Prepared prepared, OutputStream out, java.util.function.BooleanSupplier cancelled,
            QueryRunner.SessionWatch watch) throws IOException {
        return run(prepared, out, cancelled, watch);
    }

    /** One of the caller's running queries; closing it gives the place back. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes one of the caller's places for a running query (per instance), or refuses with a 429
     * when all are taken: a caller cannot crowd out everyone else's queries.
     */
    public Slot slot(Caller caller) {
        String who = caller.isAnonymous() ? "" : caller.user();
        java.util.concurrent.atomic.AtomicInteger count = running.computeIfAbsent(who,
                k -> new java.util.concurrent.atomic.AtomicInteger());
        if (count.incrementAndGet() > config.maxConcurrentPerUser()) {
            count.decrementAndGet();
            throw new FelicetteException(FelicetteException.Kind.TOO_MANY_REQUESTS, "too_many_queries",
                    (caller.isAnonymous() ? "anonymous callers have " : "you have ") + config.maxConcurrentPerUser()
                            + " queries running; wait for one to end, or run this one as an asynchronous job (/async)",
                    Map.of("limit", config.maxConcurrentPerUser()));
        }
        return count::decrementAndGet;
    }

    private long run(Prepared prepared, OutputStream out, java.util.function.BooleanSupplier cancelled,
            QueryRunner.SessionWatch watch) throws IOException {
        TableWriter writer = prepared.format().writer(out);
        writer.start(prepared.translated().columns());
        long[] written = {0};
        boolean[] overflow = {false};
        runner.run(prepared.translated().sql(), prepared.translated().tapSchemaTables(),
                CatalogReader.viewer(prepared.caller()), prepared.timeoutMillis(), watch, values -> {
                    if (cancelled.getAsBoolean()) {
                        return false;
                    }
                    if (written[0] >= prepared.maxRec()) {
                        overflow[0] = true;
                        return false;
                    }
                    writer.row(values);
                    written[0]++;
                    return true;
                });
        writer.end(overflow[0]);
        return written[0];
    }

    /** Views read lately, by the caller's identity and the state of what they see (a change makes a new key). */
    private final Map<String, List<TableDetail>> views = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<TableDetail>> eldest) {
                    return size() > MAX_VIEWS;
                }
            });
    private static final int MAX_VIEWS = 64;

    private static String viewKey(Caller caller, String state) {
        return caller.user() + "\n" + String.join(",", new java.util.TreeSet<>(caller.memberships())) + "\n"
                + caller.admin() + "\n" + state;
    }

    /**
     * Every table the caller may see, with its columns: read once per state of what they see (the
     * catalogue's ETag state, which moves with any change to it on any instance), not per query.
     */
    private List<TableDetail> view(Caller caller) {
        List<TableDetail> known = views.get(viewKey(caller, catalog.state(caller)));
        if (known != null) {
            return known;
        }
        CatalogReader.Read<List<TableDetail>> read;
        try {
            read = catalog.tableDetails(caller, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<TableDetail> view = read.value();
        String state = read.state();
        views.put(viewKey(caller, state), view);
        return view;
    }
}
