package org.felicette.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.DatabaseSession;
import org.felicette.db.RowCopy;
import org.felicette.db.UserTableDao;
import org.felicette.ingest.BadData;
import org.felicette.ingest.CopyBinary;
import org.felicette.ingest.CopyText;
import org.felicette.ingest.CountingInput;
import org.felicette.ingest.CsvHeader;
import org.felicette.ingest.CsvRecords;
import org.felicette.ingest.EcsvText;
import org.felicette.ingest.LimitExceeded;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.RowHandler;
import org.felicette.ingest.RowWriter;
import org.felicette.ingest.SpooledBody;
import org.felicette.ingest.StilTables;
import org.felicette.ingest.parquet.ParquetTables;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.jdbi.v3.core.Handle;

/**
 * Rows into users' tables: a body in one of the {@link LoadFormat}s streamed into PostgreSQL's
 * COPY in one transaction, so that a load either adds all its rows or none. CSV and TSV go to
 * COPY as they are (PostgreSQL parses them, at {@code psql \copy} speed) unless a column needs
 * a conversion (arrays); FITS, VOTable and ECSV are read by STIL and written in COPY's text
 * format. File columns are matched to the table's by name, without case; a value PostgreSQL
 * refuses is reported by its data row (1-based), column and value.
 */
public final class TableLoads {

    private static final byte[] ECSV_MAGIC = "# %ECSV".getBytes(StandardCharsets.US_ASCII);

    private final UserChanges changes;
    private final UserTablesConfig config;
    private final Quotas quotas;

    public TableLoads(UserChanges changes, UserTablesConfig config, Quotas quotas) {
        this.changes = changes;
        this.config = config;
        this.quotas = quotas;
    }

    /** What a load did: the table (as TAP_SCHEMA names it), rows added, body bytes read, and time taken. */
    public record Loaded(String table, long rows, long bytes, double seconds) {
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
        TableName name = TableName.parse(pathName);
        long start = System.nanoTime();
        try {
            return watched(caller, name, format, renames, body, watch, start);
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
                    changes.jdbi().useExtension(UserTableDao.class, dao -> dao.reclaim(appendedTo[0]));
                } catch (RuntimeException unreachable) {
                    e.addSuppressed(unreachable); // the database went away: the load's own failure is the answer
                }
            }
            throw e;
        }
    }

    private Loaded appending(Caller caller, TableName name, LoadFormat format, ColumnRenames renames, InputStream body,
            Watch watch, long start, TableName[] appendedTo) {
        return translated(name.qualified(), () -> changes.jdbi().inTransaction(handle -> {
            UserChanges.share(handle, name.physical()); // a drop of the table waits for the load
            UserTableDao dao = handle.attach(UserTableDao.class);
            TableInfo table = UserChanges.writableTable(dao, caller, name);
            if ("view".equals(table.type())) {
                throw FelicetteException.forbidden("'" + table.name() + "' is a view; rows are loaded into tables");
            }
            TableName physical = TableName.parse(table.name());
            CountingInput counted = quotas.limited(handle, table.access().ownerId(), physical, body);
            boolean first = dao.takeIfNeverLoaded(physical);
            appendedTo[0] = first ? null : physical; // a first load's rows go with its truncation's new file
            long rows;
            try (Watch.Running running = watch.running(DatabaseSession.of(handle))) {
                rows = copy(handle, physical, table.name(), dao.columns(table.name()), renames, format, counted, first);
            }
            changes.audit(handle, caller, "load", "table", table.name(), Map.of("rows", rows, "bytes",
                    counted.count(), "format", format.label()));
            return new Loaded(table.name(), rows, counted.count(), (System.nanoTime() - start) / 1e9);
        }));
    }

    /**
     * Refuses at once a load the caller could not make (no such table, a view, no right to write),
     * before an asynchronous load spools its body; the load checks again when it runs.
     */
    public void checkLoadable(Caller caller, String pathName) {
        caller.requireIdentity("load rows into a table");
        TableName name = TableName.parse(pathName);
        changes.jdbi().useHandle(handle -> {
            TableInfo table = UserChanges.writableTable(handle.attach(UserTableDao.class), caller, name);
            if ("view".equals(table.type())) {
                throw FelicetteException.forbidden("'" + table.name() + "' is a view; rows are loaded into tables");
            }
        });
    }

    /**
     * The rows of a table created in this transaction (PUT with rows): written frozen, as no other
     * transaction can see the table yet; the body limited as for any load of its owner.
     */
    long copyIntoNew(Handle handle, String owner, TableName name, String tableName, List<ColumnInfo> columns,
            LoadFormat format, InputStream body) {
        return translated(tableName, () -> copy(handle, name, tableName, columns, ColumnRenames.NONE, format,
                quotas.limited(handle, owner, name, body), true));
    }

    /** The most bytes one load may send. */
    public long maxLoadBytes() {
        return config.maxLoadBytes();
    }

    /** Streams the body into the table in the handle's transaction; the rows added. */
    long copy(Handle handle, TableName physical, String tableName, List<ColumnInfo> columns, ColumnRenames renames,
            LoadFormat format, InputStream body, boolean freeze) throws IOException {
        Matcher matcher = new Matcher(tableName, columns, renames);
        try {
            return copy(handle, physical, matcher, format, body, freeze);
        } catch (RowCopy.Rejected e) {
            throw LoadErrors.rejected(tableName, e, matcher);
        } catch (IOException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RowCopy.Rejected r) {
                    throw LoadErrors.rejected(tableName, r, matcher);
                }
            }
            throw e;
        }
    }

    private static long copy(Handle handle, TableName physical, Matcher matcher, LoadFormat format, InputStream body,
            boolean freeze) throws IOException {
        if (format == LoadFormat.CSV || format == LoadFormat.TSV) {
            BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
            if (format == LoadFormat.CSV && startsWith(in, ECSV_MAGIC)) {
                return ecsv(handle, physical, matcher, in, freeze);
            }
            char delimiter = format.delimiter();
            List<String> header = CsvHeader.read(in, delimiter);
            if (header.isEmpty() || header.size() == 1 && header.get(0).isEmpty()) {
                throw new BadData("no_header", "the body is empty: a " + format.label() + " load needs a header line "
                        + "naming the columns, then the rows");
            }
            List<ColumnInfo> targets = matcher.match(header);
            List<ColumnName> names = targets.stream().map(c -> new ColumnName(c.name())).toList();
            List<CopyText.Column> checked = columns(targets);
            if (checked.stream().noneMatch(CopyText::needsChecks)) {
                try (RowCopy copy = RowCopy.start(handle, physical, names,
                        format == LoadFormat.CSV ? RowCopy.Input.CSV : RowCopy.Input.TSV, freeze)) {
                    copy.sendAll(in);
                    return copy.finish();
                }
            }
            try (RowCopy copy = RowCopy.start(handle, physical, names, RowCopy.Input.TEXT, freeze)) {
                CopyText text = new CopyText(copy.stream(), checked);
                CsvRecords records = new CsvRecords(new InputStreamReader(in, StandardCharsets.UTF_8), delimiter);
                String[] record;
                while ((record = records.next()) != null) {
                    if (record.length != header.size()) {
                        throw new BadData("field_count", "row " + (records.records()) + " has " + record.length
                                + " fields; the header has " + header.size());
                    }
                    text.row(record);
                }
                text.finish();
                return copy.finish();
            }
        }
        if (format == LoadFormat.ECSV) {
            return ecsv(handle, physical, matcher, body, freeze);
        }
        if (format == LoadFormat.PARQUET) {
            // Parquet's schema is at its end: the body is kept in a file (as it is read, within the limits)
            if (body instanceof CountingInput counted && counted.source() instanceof SpooledBody spooled) {
                // already in a file (a PUT read its schema there): counted by its size, not copied again
                counted.countElsewhere(Files.size(spooled.path()));
                return viaReader(handle, physical, matcher, format, h -> ParquetTables.stream(spooled.path(), h), freeze);
            }
            try (SpooledBody spooled = SpooledBody.of(body)) {
                return viaReader(handle, physical, matcher, format, h -> ParquetTables.stream(spooled.path(), h), freeze);
            }
        }
        return viaReader(handle, physical, matcher, format, h -> StilTables.stream(format, body, h), freeze);
    }

    /**
     * ECSV whose columns are scalars goes to COPY's text form as the text it holds, PostgreSQL
     * parsing the values (STIL's reader, which makes a Java value of each, took most of such a
     * load); any other ECSV is read by STIL.
     */
    private static long ecsv(Handle handle, TableName physical, Matcher matcher, InputStream body, boolean freeze)
            throws IOException {
        EcsvText.Opened opened = EcsvText.open(body);
        if (opened.text() == null) {
            return viaReader(handle, physical, matcher, LoadFormat.ECSV,
                    h -> StilTables.stream(LoadFormat.ECSV, opened.whole(), h), freeze);
        }
        EcsvText ecsv = opened.text();
        List<ColumnInfo> targets = matcher.match(ecsv.names());
        List<ColumnName> names = targets.stream().map(c -> new ColumnName(c.name())).toList();
        try (RowCopy copy = RowCopy.start(handle, physical, names, RowCopy.Input.TEXT, freeze)) {
            CopyText text = new CopyText(copy.stream(), columns(targets));
            String[] row;
            while ((row = ecsv.next()) != null) {
                text.row(row);
            }
            text.finish();
            return copy.finish();
        }
    }

    /**
     * A body into a table made for it (an upload): its columns, under their physical names, in the
     * file's order, so matched by place, not name; at most {@code maxRows} rows. The rows added.
     */
    static long copyInFileOrder(Handle handle, TableName physical, String shownAs, List<ColumnInfo> columns,
            LoadFormat format, InputStream body, long maxRows) throws IOException {
        if (format == LoadFormat.CSV || format == LoadFormat.TSV) {
            // CsvTypes has counted the rows already; COPY parses the values, as for a load
            BufferedInputStream in = new BufferedInputStream(body, 64 * 1024);
            List<String> header = CsvHeader.read(in, format.delimiter());
            if (header.size() != columns.size()) {
                throw new BadData("field_count", "the header has " + header.size() + " columns; " + columns.size()
                        + " were expected");
            }
            try (RowCopy copy = RowCopy.start(handle, physical, columns.stream().map(c -> new ColumnName(c.name()))
                    .toList(), format == LoadFormat.CSV ? RowCopy.Input.CSV : RowCopy.Input.TSV, true)) {
                copy.sendAll(in);
                return copy.finish();
            }
        }
        Matcher byPlace = new Matcher(physical.qualified(), columns) {
            @Override
            List<ColumnInfo> match(List<String> fileNames) throws BadData {
                if (fileNames.size() != columns.size()) {
                    throw new BadData("field_count", "the file has " + fileNames.size() + " columns; " + columns.size()
                            + " were described");
                }
                return columns;
            }
        };
        Source source = h -> StilTables.stream(format, body, h); // VOTable, FITS, ECSV
        Source limited = h -> source.stream(new RowHandler() {
            long rows;

            @Override
            public void columns(List<String> names) throws IOException {
                h.columns(names);
            }

            @Override
            public void row(Object[] values) throws IOException {
                if (++rows > maxRows) {
                    throw new LimitExceeded("too_many_rows", "the table has more than the " + maxRows
                            + " rows an upload may have", maxRows);
                }
                h.row(values);
            }
        });
        try {
            return viaReader(handle, physical, byPlace, format, limited, true);
        } catch (RowCopy.Rejected e) {
            throw LoadErrors.rejected(shownAs, e, byPlace);
        }
    }

    /** A reader that streams a table into a handler. */
    private interface Source {
        void stream(RowHandler handler) throws IOException;
    }

    /**
     * Streams a reader's rows into COPY. The form is chosen at the first row: typed values (FITS,
     * BINARY, BINARY2, Parquet) go in COPY's binary form, their numbers as bytes; text cells
     * (TABLEDATA, ECSV) go in COPY's text form as they are, so that PostgreSQL parses them on its
     * side of the machine rather than this service parsing and re-encoding each one.
     */
    private static long viaReader(Handle handle, TableName physical, Matcher matcher, LoadFormat format, Source source,
            boolean freeze) throws IOException {
        RowCopy[] copy = new RowCopy[1];
        RowWriter[] writer = new RowWriter[1];
        @SuppressWarnings("unchecked")
        List<ColumnInfo>[] matched = new List[1];
        try {
            source.stream(new RowHandler() {
                @Override
                public void columns(List<String> names) throws IOException {
                    matched[0] = matcher.match(names);
                }

                @Override
                public void row(Object[] values) throws IOException {
                    if (writer[0] == null) {
                        start(handle, physical, matched[0], allText(values), freeze, copy, writer);
                    }
                    writer[0].row(values);
                }
            });
            if (matched[0] == null) {
                throw new BadData("no_table", "the " + format.label() + " body has no table");
            }
            if (writer[0] == null) {
                return 0; // a table without rows
            }
            writer[0].finish();
            return copy[0].finish();
        } finally {
            if (copy[0] != null) {
                copy[0].close();
            }
        }
    }

    private static boolean allText(Object[] values) {
        for (Object v : values) {
            if (v != null && !(v instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static void start(Handle handle, TableName physical, List<ColumnInfo> targets, boolean text, boolean freeze,
            RowCopy[] copy, RowWriter[] writer) throws IOException {
        List<ColumnName> columns = targets.stream().map(c -> new ColumnName(c.name())).toList();
        CopyBinary.Type[] types = targets.stream().map(c -> CopyBinary.Type.of(c.datatype(), c.arraysize(),
                c.xtype())).toArray(CopyBinary.Type[]::new);
        if (!text && Arrays.stream(types).allMatch(Objects::nonNull)) {
            copy[0] = RowCopy.start(handle, physical, columns, RowCopy.Input.BINARY, freeze);
            writer[0] = new CopyBinary(copy[0].stream(), types,
                    targets.stream().map(ColumnInfo::name).toArray(String[]::new),
                    targets.stream().map(ColumnInfo::datatype).toArray(String[]::new));
        } else {
            copy[0] = RowCopy.start(handle, physical, columns, RowCopy.Input.TEXT, freeze);
            writer[0] = new CopyText(copy[0].stream(), columns(targets));
        }
    }

    private static List<CopyText.Column> columns(List<ColumnInfo> targets) {
        return targets.stream().map(c -> new CopyText.Column(c.name(), c.datatype(), c.arraysize(), c.xtype()))
                .toList();
    }

    private static boolean startsWith(BufferedInputStream in, byte[] magic) throws IOException {
        in.mark(magic.length);
        byte[] head = in.readNBytes(magic.length);
        in.reset();
        return Arrays.equals(head, magic);
    }

    /**
     * Matches a file's column names to the table's, without case, after the load's renames (a
     * renamed file column goes to the table column it is renamed to).
     */
    static class Matcher {
        private final String table;
        private final List<ColumnInfo> columns;
        private final ColumnRenames renames;
        private final Map<String, ColumnInfo> byName = new LinkedHashMap<>();

        Matcher(String table, List<ColumnInfo> columns) {
            this(table, columns, ColumnRenames.NONE);
        }

        Matcher(String table, List<ColumnInfo> columns, ColumnRenames renames) {
            this.table = table;
            this.columns = columns;
            this.renames = renames;
            columns.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
        }

        /** The table column of each file column, in file order. */
        List<ColumnInfo> match(List<String> fileNames) throws BadData {
            Set<String> inFile = new HashSet<>();
            fileNames.forEach(n -> inFile.add(ColumnRenames.keyOf(n)));
            for (ColumnRenames.Rename r : renames.renames()) {
                if (!inFile.contains(ColumnRenames.keyOf(r.file()))) {
                    throw new BadData("unknown_rename", "rename names file column '" + r.file() + "', which the file "
                            + "does not have; its columns are " + quoted(fileNames));
                }
            }
            List<ColumnInfo> out = new ArrayList<>();
            Map<String, String> seen = new HashMap<>(); // table column -> the file column that goes to it
            List<String> unknown = new ArrayList<>();
            for (String name : fileNames) {
                ColumnRenames.Rename rename = renames.of(name);
                String key = rename == null ? ColumnRenames.keyOf(name) : rename.table().name().toLowerCase(Locale.ROOT);
                ColumnInfo column = byName.get(key);
                if (column == null && rename != null) {
                    throw new BadData("unknown_column", "file column '" + name + "' is renamed to '"
                            + rename.table().name() + "', which is not a column of table " + table + "; its columns are "
                            + quoted(columns.stream().map(ColumnInfo::name).toList()));
                }
                if (column == null) {
                    unknown.add(name);
                    continue;
                }
                String before = seen.put(key, name);
                if (before != null) {
                    throw new BadData("duplicate_column", ColumnRenames.keyOf(before).equals(ColumnRenames.keyOf(name))
                            ? "the file names column '" + name + "' twice"
                            : "file columns '" + before + "' and '" + name + "' would both go to column '"
                                    + column.name() + "' of table " + table);
                }
                out.add(column);
            }
            if (!unknown.isEmpty()) {
                throw new BadData("unknown_column", (unknown.size() == 1 ? "column '" + unknown.get(0) + "' of the file is"
                        : "columns " + quoted(unknown) + " of the file are") + " not in table " + table
                        + "; its columns are " + quoted(columns.stream().map(ColumnInfo::name).toList())
                        + " (rename=FILE_COLUMN=table_column loads a file column into a column of another name)");
            }
            for (ColumnInfo column : columns) {
                if (Boolean.FALSE.equals(column.nullable()) && !seen.containsKey(column.name().toLowerCase(Locale.ROOT))) {
                    throw new BadData("missing_column", "column '" + column.name() + "' of table " + table
                            + " may not be null, and the file has no such column");
                }
            }
            return out;
        }

        /** The file's name of a table column that a rename fills, or null. */
        String renamedFrom(ColumnInfo column) {
            return column == null ? null : renames.fileOf(column.name());
        }

        ColumnInfo column(String physicalName) {
            return physicalName == null ? null : byName.get(physicalName.toLowerCase(Locale.ROOT));
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    /** Work that may fail in the ways a load fails. */
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs a load, turning what went wrong into the 4xx that names it. */
    static <T> T translated(String table, Work<T> work) {
        try {
            return work.run();
        } catch (FelicetteException e) {
            throw e;
        } catch (Exception e) {
            throw LoadErrors.of(table, e);
        }
    }
}
