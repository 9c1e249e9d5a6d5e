package org.felicette.catalog.loads;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.felicette.catalog.Watch;
import org.felicette.db.RowCopy;
import org.felicette.ingest.BadData;
import org.felicette.ingest.CopyBinary;
import org.felicette.ingest.CopyText;
import org.felicette.ingest.LoadFormat;
import org.felicette.ingest.RowSink;
import org.felicette.ingest.RowWriter;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.db.Tx;

/**
 * Where a reader's rows go into a table: the sink that matches the file's columns to the table's
 * and chooses COPY's input form. CSV and TSV go to COPY as sent (PostgreSQL parses them, at
 * {@code psql \copy} speed) unless a column needs a check PostgreSQL's type does not make
 * (arrays, unsignedByte). Otherwise the form is chosen at the first row: typed values (FITS,
 * BINARY, BINARY2, Parquet) go in COPY's binary form, their numbers as bytes; text cells
 * (TABLEDATA, ECSV, checked CSV) in COPY's text form as they are, for PostgreSQL to parse.
 */
final class CopyPlan implements RowSink, AutoCloseable {

    private final Tx tx;
    private final TableName physical;
    private final ColumnMatcher matcher;
    private final LoadFormat format;
    private final boolean freeze;
    private final Watch watch;
    private List<ColumnInfo> matched;
    private RowCopy copy;
    private RowWriter writer;

    /** @param freeze whether the table was made (or emptied) in this transaction: its rows are written frozen */
    CopyPlan(Tx tx, TableName physical, ColumnMatcher matcher, LoadFormat format, boolean freeze, Watch watch) {
        this.tx = tx;
        this.physical = physical;
        this.matcher = matcher;
        this.format = format;
        this.freeze = freeze;
        this.watch = watch;
    }

    @Override
    public void columns(List<String> names) throws IOException {
        matched = matcher.match(names);
    }

    @Override
    public Passthrough passthrough(char delimiter) throws IOException {
        if (checked().stream().anyMatch(CopyText::needsChecks)) {
            return null;
        }
        copy = started(RowCopy.start(tx, physical, names(), delimiter == '\t' ? RowCopy.Input.TSV
                : RowCopy.Input.CSV, freeze));
        return copy::sendAll;
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (writer == null) {
            start(allText(values));
        }
        writer.row(values);
    }

    /** Ends the COPY; the rows added. */
    long finish() throws IOException {
        if (matched == null) {
            throw new BadData("no_table", "the " + format.label() + " body has no table");
        }
        if (writer != null) {
            writer.finish();
        }
        return copy == null ? 0 : copy.finish(); // no COPY: a table without rows
    }

    @Override
    public void close() {
        if (copy != null) {
            copy.close();
        }
    }

    private void start(boolean text) throws IOException {
        CopyBinary.Type[] types = matched.stream().map(c -> CopyBinary.Type.of(c.datatype(), c.arraysize(),
                c.xtype())).toArray(CopyBinary.Type[]::new);
        if (!text && Arrays.stream(types).allMatch(Objects::nonNull)) {
            copy = started(RowCopy.start(tx, physical, names(), RowCopy.Input.BINARY, freeze));
            writer = new CopyBinary(copy.stream(), types, matched.stream().map(ColumnInfo::name).toArray(String[]::new),
                    matched.stream().map(ColumnInfo::datatype).toArray(String[]::new));
        } else {
            copy = started(RowCopy.start(tx, physical, names(), RowCopy.Input.TEXT, freeze));
            writer = new CopyText(copy.stream(), checked());
        }
    }

    private RowCopy started(RowCopy started) {
        watch.copying(started::sent);
        return started;
    }

    private List<ColumnName> names() {
        return matched.stream().map(c -> new ColumnName(c.name())).toList();
    }

    private List<CopyText.Column> checked() {
        return matched.stream().map(c -> new CopyText.Column(c.name(), c.datatype(), c.arraysize(), c.xtype(),
                matcher.nullIfInvalid(c.name()))).toList();
    }

    /** Values loaded as NULL because they were not of their column's type. */
    long nulled() {
        return writer instanceof CopyText text ? text.nulled() : 0;
    }

    private static boolean allText(Object[] values) {
        for (Object v : values) {
            if (v != null && !(v instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
