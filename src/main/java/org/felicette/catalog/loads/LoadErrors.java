package org.felicette.catalog.loads;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipException;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.db.RowCopy;
import org.felicette.ingest.BadData;
import org.felicette.ingest.LimitExceeded;
import org.felicette.ingest.Spool;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.VotableTypes;

/**
 * What went wrong in a load, in words that name the row, the column and the value (never the
 * SQL): {@code row 1043, column 'ra': 'abc' is not a double}.
 */
final class LoadErrors {

    private LoadErrors() {
    }

    /** The 4xx for a load's failure; the first cause that explains it wins. */
    static FelicetteException of(String table, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FelicetteException e) {
                return e;
            }
            if (t instanceof LimitExceeded e) {
                return Spool.refusal(e, "", "nothing was loaded");
            }
            if (t instanceof BadData e) {
                return Spool.refusal(e, "", "nothing was loaded into " + table);
            }
            if (t instanceof RowCopy.Rejected e) {
                return rejected(table, e, null);
            }
            if (t instanceof ZipException) {
                return bad("bad_encoding", "the body says Content-Encoding: gzip but is not gzip data; nothing was "
                        + "loaded into " + table);
            }
        }
        if (failure instanceof IOException) {
            return bad("incomplete_body", "the body could not be read to its end (" + failure.getMessage()
                    + "); nothing was loaded into " + table);
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw new IllegalStateException(failure);
    }

    /** The COPY's refusal, named by the data row and the table's own spelling of the column. */
    static FelicetteException rejected(String table, RowCopy.Rejected e, ColumnMatcher columns) {
        if ("42P01".equals(e.sqlState())) { // dropped while the load waited for it
            return FelicetteException.notFound("no table '" + table + "' (it was dropped)");
        }
        ColumnInfo column = columns == null ? null : columns.column(e.column());
        String name = column != null ? column.name() : e.column();
        String fileName = columns == null ? null : columns.renamedFrom(column);
        String at = e.line() > 0 ? "row " + e.line() : "a row";
        String where = name == null ? at : at + ", column '" + name + "'" + (fileName == null ? ""
                : " (the file's '" + fileName + "')");
        String value = e.value() == null ? null : abbreviate(e.value());
        String state = e.sqlState() == null ? "" : e.sqlState();
        String reason = e.reason() == null ? "" : e.reason();
        String message = switch (state) {
            case "22P02", "22007", "22008", "22P05" -> where + ": " + (value != null ? "'" + value + "'" : "the value")
                    + " is not " + typeWord(column);
            case "22003" -> where + ": " + (value != null ? "'" + value + "'" : "the value") + " is out of range for "
                    + (column != null ? column.datatype() : "the column's type");
            case "22001" -> where + ": " + (value != null ? "'" + value + "'" : "the value") + " is longer than the "
                    + "column's arraysize" + (column != null && column.arraysize() != null ? " (" + column.arraysize()
                    + ")" : "");
            case "22021" -> at + ": the text is not valid UTF-8 (or holds a NUL character)";
            case "23502" -> at + (name != null ? ", column '" + name + "'" : "") + ": a value is needed (the column may "
                    + "not be null)";
            case "22P04" -> at + ": " + copyFormat(reason);
            // COPY writes rows in batches: the line it names is where the batch ended, not the row
            case "54000" -> tooBig(reason);
            default -> at + ": " + reason;
        };
        Map<String, Object> details = new LinkedHashMap<>();
        if (e.line() > 0 && !"54000".equals(state)) {
            details.put("row", e.line());
        }
        if (name != null) {
            details.put("column", name);
        }
        if (fileName != null) {
            details.put("file_column", fileName);
        }
        if (value != null) {
            details.put("value", value);
        }
        return new FelicetteException(Kind.BAD_INPUT, "bad_value", message + "; nothing was loaded into " + table,
                details);
    }

    private static String copyFormat(String reason) {
        if (reason.startsWith("extra data after last expected column")) {
            return "it has more fields than the header names";
        }
        if (reason.startsWith("missing data for column")) {
            return "it has fewer fields than the header names";
        }
        if (reason.startsWith("unterminated CSV quoted field")) {
            return "a quoted field is not closed (unterminated quote)";
        }
        return reason;
    }

    /** PostgreSQL's "row is too big: size N, maximum size M", in the caller's words. */
    private static String tooBig(String reason) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("size (\\d+), maximum size (\\d+)").matcher(reason);
        return m.find() ? "a row takes " + m.group(1) + " bytes, more than the " + m.group(2) + " bytes a PostgreSQL "
                + "table row may take (store fewer or narrower columns)"
                : "a row is larger than a PostgreSQL table row may be";
    }

    private static String typeWord(ColumnInfo column) {
        return column == null ? "of the column's type"
                : VotableTypes.describe(column.datatype(), column.arraysize(), column.xtype());
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    private static FelicetteException bad(String code, String message) {
        return FelicetteException.badInput(code, message);
    }
}
