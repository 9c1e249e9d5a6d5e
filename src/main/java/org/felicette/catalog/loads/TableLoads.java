package org.felicette.catalog.loads;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.DatabaseSession;
import org.felicette.db.RowCopy;
import org.felicette.db.UserTableDao;
import org.felicette.ingest.CountingInput;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.RowLimit;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.db.Tx;
import org.felicette.catalog.access.Quotas;
import org.felicette.catalog.Watch;
import org.felicette.catalog.UserTablesConfig;
import org.felicette.catalog.UserChanges;

/**
 * Rows into users' tables, in one transaction, so that a load either adds all its rows or none:
 * the table's lock and the caller's right to write, the owner's quota, then the format's
 * {@link org.felicette.ingest.TableReader} streaming into a {@link CopyPlan} whose file columns
 * {@link ColumnMatcher} has matched to the table's; a value PostgreSQL refuses is reported by its
 * data row (1-based), column and value ({@link LoadErrors}).
 */
public final class TableLoads {

    private final UserChanges changes;
    private final UserTablesConfig config;
    private final Quotas quotas;

    public TableLoads(UserChanges changes, UserTablesConfig config, Quotas quotas) {
        this.changes = changes;
        this.config = config;
        this.quotas = quotas;
    }

    /** What a load did: the table (as TAP_SCHEMA names it), rows added, body bytes read, and time taken. */
    /** A load's outcome; {@code nulled}: values loaded as NULL as its {@code nullIfInvalid} asked. */
    public record Loaded(String table, long rows, long bytes, double seconds, long nulled) {
    }

    /** What a copy wrote: its rows, and the values it loaded as NULL for not being of their type. */
    private record Copied(long rows, long nulled) {
    }

    /** Appends the rows of a body (UTF-8 for the text formats) to a table the caller may write. */
    public Loaded load(Caller caller, String pathName, LoadFormat format, InputStream body) {
        return load(caller, pathName, format, ColumnRenames.NONE, body, Watch.NONE);
    }

    /**
     * A load with its file columns' renames, watched by its job: told the database session that
     * runs the COPY (to follow its progress, or cancel it). A cancelled load rolls back and ends in
     * {@link Watch.Cancelled}.
     */
    public Loaded load(Caller caller, String pathName, LoadFormat format, ColumnRenames renames, InputStream body,
            Watch watch) {
        caller.requireIdentity("load rows into a table");
        TableName name = loadable(pathName);
        long start = System.nanoTime();
        try {
            Loaded loaded = watched(caller, name, format, renames, body, watch, start);
            try {
                changes.db().useExtension(UserTableDao.class, dao -> dao.countIfNeverCounted(TableName.parse(
                        loaded.table())));
            } catch (RuntimeException busy) {
                // the rows are in; their count is autovacuum's to make
            }
            return loaded;
        } catch (RuntimeException e) {
            if (watch.cancelled()) {
                throw new Watch.Cancelled("the load into " + name.qualified() + " was cancelled; the table is as it was");
            }
            throw e;
        }
    }

    private Loaded watched(Caller caller, TableName name, LoadFormat format, ColumnRenames renames, InputStream body,
            Watch watch, long start) {
        TableName[] appendedTo = new TableName[1];
        try {
            return appending(caller, name, format, renames, body, watch, start, appendedTo);
        } catch (RuntimeException e) {
            if (appendedTo[0] != null) { // rows of the failed load are dead at the table's end
                try {
                    changes.db().useExtension(UserTableDao.class, dao -> dao.reclaim(appendedTo[0]));
                } catch (RuntimeException unreachable) {
                    e.addSuppressed(unreachable); // the database went away: the load's own failure is the answer
                }
            }
            throw e;
        }
    }

    private Loaded appending(Caller caller, TableName name, LoadFormat format, ColumnRenames renames, InputStream body,
            Watch watch, long start, TableName[] appendedTo) {
        return translated(name.qualified(), () -> changes.db().inTransaction(tx -> {
            changes.share(tx, name.physical()); // a drop of the table waits for the load
            UserTableDao dao = tx.attach(UserTableDao.class);
            TableInfo table = changes.writableTable(dao, caller, name);
            if ("view".equals(table.type())) {
                throw FelicetteException.badInput("view_not_loadable", "'" + table.name() + "' is a view, "
                        + "read-only: rows are loaded into tables (the view shows its table's)");
            }
            TableName physical = TableName.parse(table.name());
            CountingInput counted = quotas.limited(tx, table.access().ownerId(), physical, body);
            boolean first = dao.takeIfNeverLoaded(physical);
            appendedTo[0] = first ? null : physical; // a first load's rows go with its truncation's new file
            Copied copied;
            try (Watch.Running running = watch.running(DatabaseSession.of(tx))) {
                copied = copy(tx, physical, table.name(), new ColumnMatcher(table.name(), dao.columns(table.name()),
                        renames), format, counted, first, Long.MAX_VALUE, watch);
            }
            changes.audit(tx, caller, "load", "table", table.name(), Map.of("rows", copied.rows(), "bytes",
                    counted.count(), "format", format.label(), "nulled", copied.nulled()));
            return new Loaded(table.name(), copied.rows(), counted.count(), (System.nanoTime() - start) / 1e9,
                    copied.nulled());
        }));
    }

    /**
     * Refuses at once a load the caller could not make (no such table, a view, no right to write),
     * before an asynchronous load spools its body; the load checks again when it runs.
     */
    public void checkLoadable(Caller caller, String pathName) {
        caller.requireIdentity("load rows into a table");
        TableName name = loadable(pathName);
        changes.db().useConnection(tx -> {
            TableInfo table = changes.writableTable(tx.attach(UserTableDao.class), caller, name);
            if ("view".equals(table.type())) {
                throw FelicetteException.badInput("view_not_loadable", "'" + table.name() + "' is a view, "
                        + "read-only: rows are loaded into tables (the view shows its table's)");
            }
        });
    }

    /**
     * The rows of a table created in this transaction (PUT with rows): written frozen, as no other
     * transaction can see the table yet; the body limited as for any load of its owner.
     */
    public long copyIntoNew(Tx tx, String owner, TableName name, String tableName, List<ColumnInfo> columns,
            LoadFormat format, InputStream body) {
        return translated(tableName, () -> copy(tx, name, tableName, columns, ColumnRenames.NONE, format,
                quotas.limited(tx, owner, name, body), true));
    }

    /**
     * The table a load names: a name that is not schema.table names no table, a 404 as in YouCat
     * ({@code LoadTableDataTest}); a name that is schema.table but breaks the rules is a 400 saying which.
     */
    static TableName loadable(String pathName) {
        int dot = pathName == null ? -1 : pathName.indexOf('.');
        if (dot <= 0 || dot != pathName.lastIndexOf('.') || dot == pathName.length() - 1) {
            throw FelicetteException.notFound("no table '" + pathName + "': rows are loaded into a table named "
                    + "schema.table");
        }
        return TableName.parse(pathName);
    }

    /** The most bytes one load may send. */
    public long maxLoadBytes() {
        return config.maxLoadBytes();
    }

    /** Streams the body into the table in the tx's transaction; the rows added. */
    long copy(Tx tx, TableName physical, String tableName, List<ColumnInfo> columns, ColumnRenames renames,
            LoadFormat format, InputStream body, boolean freeze) throws IOException {
        return copy(tx, physical, tableName, new ColumnMatcher(tableName, columns, renames), format, body,
                freeze, Long.MAX_VALUE, Watch.NONE).rows();
    }

    /**
     * A body into a table made for it (an upload): its columns, under their physical names, in the
     * file's order, so matched by place, not name; at most {@code maxRows} rows; the values of the
     * columns {@code nullIfInvalid} names (physically) that are not of their type as NULL. The rows added.
     */
    public static long copyInFileOrder(Tx tx, TableName physical, String shownAs, List<ColumnInfo> columns,
            Set<String> nullIfInvalid, LoadFormat format, InputStream body, long maxRows) throws IOException {
        return copy(tx, physical, shownAs, ColumnMatcher.byPlace(physical.qualified(), columns,
                ColumnRenames.NONE.nullIfInvalid(List.copyOf(nullIfInvalid))), format, body, true, maxRows,
                Watch.NONE).rows();
    }

    /** The one walk of a body into a table: the format's reader streams it into the COPY plan. */
    private static Copied copy(Tx tx, TableName physical, String shownAs, ColumnMatcher matcher,
            LoadFormat format, InputStream body, boolean freeze, long maxRows, Watch watch) throws IOException {
        try (CopyPlan plan = new CopyPlan(tx, physical, matcher, format, freeze, watch)) {
            format.reader().stream(body, maxRows == Long.MAX_VALUE ? plan : new RowLimit(plan, maxRows, "an upload"));
            long rows = plan.finish();
            return new Copied(rows, plan.nulled());
        } catch (RowCopy.Rejected e) {
            throw LoadErrors.rejected(shownAs, e, matcher);
        } catch (IOException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RowCopy.Rejected r) {
                    throw LoadErrors.rejected(shownAs, r, matcher);
                }
            }
            throw e;
        }
    }

    /** Work that may fail in the ways a load fails. */
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Runs a load, turning what went wrong into the 4xx that names it. */
    public static <T> T translated(String table, Work<T> work) {
        try {
            return work.run();
        } catch (FelicetteException e) {
            throw e;
        } catch (Exception e) {
            throw LoadErrors.of(table, e);
        }
    }
}
