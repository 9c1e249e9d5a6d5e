package org.felicette.catalog.tables;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.DatabaseSession;
import org.felicette.db.IndexDao;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.catalog.Watch;
import org.felicette.catalog.UserChanges;

/**
 * Indexes on users' tables (YouCat's {@code /table-update}): built with
 * {@code CREATE [UNIQUE] INDEX CONCURRENTLY} under a predictable name, so that readers and loads
 * go on meanwhile; a single-column index is then flagged {@code indexed} in TAP_SCHEMA. A build
 * that fails or is cancelled leaves no invalid index behind.
 */
public final class TableIndexes {

    /** How often a build waiting for its turn on a table asks again. */
    private static final long TURN_POLL_MILLIS = 100;

    /** What the index serves: plain lookups, a cone search on (longitude, latitude), or (x, y) boxes. */
    public enum Type {
        PLAIN(""), LONG_LAT("long-lat"), X_Y("x-y");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Type parse(String value) {
            if (value == null || value.isBlank()) {
                return PLAIN;
            }
            for (Type t : values()) {
                if (t != PLAIN && t.label.equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
            throw FelicetteException.badInput("bad_index_type", "INDEX_TYPE '" + value.strip()
                    + "' is not known; use long-lat (a spatial index on longitude and latitude in degrees) or x-y");
        }
    }

    /** An index asked for: the table, its columns (as given), unique or not, and its type. */
    public record Request(String table, List<String> columns, boolean unique, Type type) {
    }

    /** A built index, and the time it took. */
    public record Built(String table, String index, List<String> columns, boolean unique, Type type, double seconds) {
    }

    /** Drops the invalid indexes failed builds leave, one at a time, off the callers' threads. */
    private static final java.util.concurrent.ExecutorService CLEANUP = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "index-cleanup");
                t.setDaemon(true);
                return t;
            });

    /** PostgreSQL's most columns in one index. */
    static final int MAX_COLUMNS = 32;

    private final UserChanges changes;

    public TableIndexes(UserChanges changes) {
        this.changes = changes;
    }

    /**
     * The request in YouCat's parameters: {@code table}, {@code index} (one column, or several
     * separated by commas), {@code unique} (true or false), and {@code INDEX_TYPE}; parameter
     * names without case.
     */
    public static Request request(Map<String, String> parameters) {
        String table = parameters.get("table");
        if (table == null || table.isBlank()) {
            throw FelicetteException.badInput("missing_parameter", "missing parameter 'table' (the table to index)");
        }
        String index = parameters.get("index");
        if (index == null || index.isBlank()) {
            throw FelicetteException.badInput("missing_parameter", "missing parameter 'index' (the column or columns "
                    + "to index, separated by commas)");
        }
        List<String> columns = new ArrayList<>();
        for (String c : index.split(",", -1)) {
            if (c.isBlank()) {
                throw FelicetteException.badInput("bad_index", "parameter 'index' ('" + index + "') has an empty column "
                        + "name; give column names separated by commas");
            }
            columns.add(c.strip());
        }
        if (columns.size() > MAX_COLUMNS) {
            throw FelicetteException.badInput("bad_index", "an index takes at most " + MAX_COLUMNS + " columns, not "
                    + columns.size());
        }
        String unique = parameters.getOrDefault("unique", "false").strip();
        if (!unique.equalsIgnoreCase("true") && !unique.equalsIgnoreCase("false")) {
            throw FelicetteException.badInput("bad_unique", "parameter 'unique' is '" + unique + "'; use true or false");
        }
        Type type = Type.parse(parameters.get("index_type"));
        if (type != Type.PLAIN && columns.size() != 2) {
            throw FelicetteException.badInput("bad_index", "INDEX_TYPE " + type.label() + " takes two columns in "
                    + "'index' (" + (type == Type.LONG_LAT ? "longitude,latitude" : "x,y") + "), not " + columns.size());
        }
        if (type == Type.LONG_LAT && unique.equalsIgnoreCase("true")) {
            throw FelicetteException.badInput("bad_unique", "a long-lat index cannot be unique");
        }
        return new Request(table.strip(), List.copyOf(columns), unique.equalsIgnoreCase("true"), type);
    }

    /** Builds the index; every refusal is a {@link FelicetteException} naming what is wrong. */
    public Built build(Caller caller, Request request, Watch watch) {
        long start = System.nanoTime();
        TableName name = TableName.parse(request.table());
        Planned plan = changes.db().inTransaction(tx -> {
            UserTableDao dao = tx.attach(UserTableDao.class);
            TableInfo table = changes.writableTable(dao, caller, name);
            if ("view".equals(table.type())) {
                throw FelicetteException.badInput("not_a_table", "'" + table.name() + "' is a view; indexes are "
                        + "built on tables");
            }
            List<ColumnInfo> known = dao.columns(table.name());
            List<ColumnInfo> chosen = new ArrayList<>();
            for (String column : request.columns()) {
                ColumnInfo match = known.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
                        .orElseThrow(() -> FelicetteException.badInput("no_such_column", "column '" + column
                                + "' not found in table " + table.name() + "; its columns are "
                                + known.stream().map(ColumnInfo::name).collect(Collectors.joining(", "))));
                if (chosen.contains(match)) {
                    throw FelicetteException.badInput("bad_index", "column '" + match.name() + "' is named twice in "
                            + "'index'");
                }
                if (request.type() != Type.PLAIN && !List.of("double", "float", "int", "long", "short")
                        .contains(match.datatype()) || request.type() != Type.PLAIN && match.arraysize() != null) {
                    throw FelicetteException.badInput("bad_index", "a " + request.type().label() + " index needs "
                            + "numeric scalar columns; " + match.name() + " is " + match.datatype()
                            + (match.arraysize() == null ? "" : "[" + match.arraysize() + "]"));
                }
                if (request.type() == Type.PLAIN && match.arraysize() != null
                        && !List.of("char", "unicodeChar").contains(match.datatype())) {
                    // as YouCat: ADQL compares no arrays, so a B-tree over whole arrays would serve no query
                    throw FelicetteException.badInput("bad_index", "column " + match.name() + " is an array ("
                            + match.datatype() + "[" + match.arraysize() + "]" + (match.xtype() == null ? ""
                            : ", " + match.xtype()) + "); ADQL compares no arrays, so an index on it would serve "
                            + "no query, and none is built");
                }
                chosen.add(match);
            }
            TableName physical = TableName.parse(table.name());
            String index = indexName(physical, chosen, request);
            IndexDao indexes = tx.attach(IndexDao.class);
            // an invalid index no build is making was left by a build that failed where no one could drop it
            boolean stale = indexes.invalid(physical.schema().physical(), index)
                    && !indexes.building(physical.schema().physical(), index);
            if (!stale && indexes.exists(physical.schema().physical(), index)) {
                throw new FelicetteException(FelicetteException.Kind.CONFLICT, "index_exists", "index " + index
                        + " already exists on table " + table.name(), Map.of());
            }
            if (request.type() == Type.LONG_LAT && !indexes.hasPgSphere()) {
                throw FelicetteException.badInput("no_pg_sphere", "a long-lat index needs the pg_sphere extension, "
                        + "which this database does not have; ask the service's operators to install it, "
                        + "or build an x-y index");
            }
            return new Planned(table, physical, chosen, index, stale);
        });
        if (plan.stale()) {
            dropIfInvalid(plan.physical(), plan.index());
        }
        List<ColumnName> columns = plan.columns().stream().map(c -> new ColumnName(c.name())).toList();
        IndexDao.Shape shape = request.type() == Type.LONG_LAT ? IndexDao.Shape.SPHERICAL_POINT : IndexDao.Shape.COLUMNS;
        try {
            changes.db().useConnection(tx -> {
                IndexDao indexes = tx.attach(IndexDao.class);
                String turn = plan.physical().physical();
                // builds on one table take turns (on any instance): asked for again and again,
                // never waited for in a statement (see tryBuildTurn)
                while (!indexes.tryBuildTurn(turn)) {
                    if (watch.cancelled()) {
                        throw cancelled();
                    }
                    try {
                        Thread.sleep(TURN_POLL_MILLIS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw cancelled();
                    }
                }
                try (Watch.Running running = watch.running(DatabaseSession.of(tx))) {
                    if (watch.cancelled()) {
                        throw cancelled();
                    }
                    indexes.createConcurrently(plan.index(), plan.physical(), columns, request.unique(), shape);
                } finally {
                    try {
                        indexes.endBuildTurn(turn);
                    } catch (RuntimeException lost) {
                        // the connection is gone, and the session's turn with it
                    }
                }
            });
        } catch (RuntimeException e) {
            // DROP INDEX CONCURRENTLY waits for the table's writers, as the build did: the caller
            // (and the job) hear of the failure at once, and the drop finishes in the background
            CLEANUP.execute(() -> dropIfInvalid(plan.physical(), plan.index()));
            throw failure(e, plan, request);
        }
        changes.db().useTransaction(tx -> {
            if (plan.columns().size() == 1 && request.type() == Type.PLAIN) {
                tx.attach(IndexDao.class).markIndexed(plan.table().name(), plan.columns().get(0).name());
            }
            changes.audit(tx, caller, "index", "table", plan.table().name(), Map.of("index", plan.index(),
                    "columns", plan.columns().stream().map(ColumnInfo::name).toList(), "unique", request.unique(),
                    "type", request.type().label()));
        });
        return new Built(plan.table().name(), plan.index(), plan.columns().stream().map(ColumnInfo::name).toList(),
                request.unique(), request.type(), (System.nanoTime() - start) / 1e9);
    }

    private record Planned(TableInfo table, TableName physical, List<ColumnInfo> columns, String index, boolean stale) {
    }

    /**
     * {@code <table>_<columns>_<kind>}: the same index asked for twice gets the same name (and is
     * found to exist). A name longer than PostgreSQL's 63 bytes is cut and given a hash of the whole.
     */
    static String indexName(TableName table, List<ColumnInfo> columns, Request request) {
        String kind = switch (request.type()) {
            case PLAIN -> request.unique() ? "uidx" : "idx";
            case LONG_LAT -> "spt";
            case X_Y -> "xy";
        };
        String full = table.table().toLowerCase(Locale.ROOT) + "_" + columns.stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("_")) + "_" + kind;
        if (full.length() <= 63) {
            return full;
        }
        String hash = HexFormat.of().formatHex(sha1(full)).substring(0, 8);
        return full.substring(0, 63 - 9 - kind.length() - 1) + "_" + hash + "_" + kind;
    }

    private static byte[] sha1(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void dropIfInvalid(TableName table, String index) {
        try {
            changes.db().useConnection(tx -> {
                IndexDao indexes = tx.attach(IndexDao.class);
                if (indexes.invalid(table.schema().physical(), index)) {
                    indexes.dropConcurrently(table.schema(), index);
                }
            });
        } catch (RuntimeException e) {
            // the next build of the same index drops it first
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            org.slf4j.LoggerFactory.getLogger(TableIndexes.class).warn("could not drop invalid index {} (the next build "
                    + "of it drops it first): {}", index, root.getMessage());
        }
    }

    /** A build's failure in the caller's terms. */
    private RuntimeException failure(RuntimeException e, Planned plan, Request request) {
        if (!(e instanceof FelicetteException) || e instanceof Watch.Cancelled) {
            boolean gone;
            try {
                // after any drop in progress has ended (it cancelled this build, and may still be waiting to commit)
                gone = changes.db().inTransaction(h -> {
                    changes.share(h, plan.physical().physical());
                    return h.attach(UserTableDao.class).table(plan.table().name()).isEmpty();
                });
            } catch (RuntimeException unreachable) {
                gone = false;
            }
            if (gone) {
                return FelicetteException.notFound("table " + plan.table().name() + " was dropped while its index on "
                        + plan.columns().stream().map(ColumnInfo::name).collect(Collectors.joining(", "))
                        + " was being built");
            }
        }
        if (e instanceof FelicetteException) {
            return e;
        }
        String columns = plan.columns().stream().map(ColumnInfo::name).collect(Collectors.joining(", "));
        Optional<String> duplicated = IndexDao.duplicatedKey(e);
        if (duplicated.isPresent()) {
            return FelicetteException.badInput("duplicate_values", "cannot build a unique index on " + plan.table().name()
                    + " (" + columns + "): values occur more than once"
                    + (duplicated.get().isEmpty() ? "" : ", e.g. " + duplicated.get()));
        }
        if (DatabaseSession.wasCancelled(e)) {
            return cancelled();
        }
        Optional<String> state = IndexDao.sqlState(e);
        if (state.isPresent() && state.get().equals("42P01")) {
            return FelicetteException.notFound("table " + plan.table().name() + " is gone from the database");
        }
        if (state.isPresent() && state.get().equals("54000")) {
            // "index row size N exceeds btree version 4 maximum M for index ...": a value too wide to index
            java.util.regex.Matcher sizes = java.util.regex.Pattern.compile("size (\\d+) exceeds .*maximum (\\d+)")
                    .matcher(String.valueOf(IndexDao.message(e)));
            String figures = sizes.find() ? " a value takes " + sizes.group(1) + " bytes, more than the " + sizes.group(2)
                    + " bytes" : " a value is larger than what";
            return FelicetteException.badInput("index_value_too_large", "cannot build a " + request.type().label()
                    + " index on " + columns + " of " + plan.table().name() + ":" + figures + " an entry of a "
                    + "PostgreSQL btree index may hold; index a shorter column");
        }
        if (state.isPresent() && (state.get().equals("42883") || state.get().equals("42704"))) {
            return FelicetteException.badInput("bad_index", "PostgreSQL cannot build a " + request.type().label()
                    + " index on " + columns + " of " + plan.table().name() + " (" + state.get() + ")");
        }
        return e;
    }

    private static Watch.Cancelled cancelled() {
        return new Watch.Cancelled("the index build was cancelled");
    }
}
