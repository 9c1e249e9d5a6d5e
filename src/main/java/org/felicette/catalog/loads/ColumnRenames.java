package org.felicette.catalog.loads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.tapschema.Identifiers.ColumnName;

/**
 * File columns loaded into table columns of other names: a load's {@code rename=FILE=TABLE}
 * parameters, each sending the file's column FILE (matched without case, as any file column is)
 * into the table's column TABLE. A file whose names are not identifiers ({@code RA (J2000)}) can
 * then be loaded into a table whose columns were named for it. The split is at the last
 * {@code =}, as a table column's name has none. With them, the load's {@code nullIfInvalid=COLUMN}
 * parameters: table columns whose values that are not of the column's type (a CSV's {@code oops}
 * among numbers) are loaded as NULL, counted, instead of failing the load.
 */
public final class ColumnRenames {

    /** No renames: every file column goes to the table column of its own name. */
    public static final ColumnRenames NONE = new ColumnRenames(List.of());

    /** The prefix of a job parameter that keeps one rename ({@code rename.TABLE = FILE}). */
    private static final String PARAMETER = "rename.";

    /** The prefix of a job parameter that keeps one column loaded leniently ({@code nullIfInvalid.TABLE = true}). */
    private static final String LENIENT = "nullifinvalid.";

    /** One file column and the table column it goes to. */
    public record Rename(String file, ColumnName table) {
        String key() {
            return keyOf(file);
        }
    }

    private final List<Rename> renames;
    private final Map<String, Rename> byFile = new LinkedHashMap<>();
    private final Map<String, Rename> byTable = new LinkedHashMap<>();
    private final java.util.Set<String> lenient;

    private ColumnRenames(List<Rename> renames) {
        this(renames, java.util.Set.of());
    }

    private ColumnRenames(List<Rename> renames, java.util.Set<String> lenient) {
        this.lenient = java.util.Set.copyOf(lenient);
        this.renames = List.copyOf(renames);
        for (Rename r : this.renames) {
            Rename before = byFile.put(r.key(), r);
            if (before != null) {
                throw FelicetteException.badInput("bad_rename", "file column '" + r.file() + "' is renamed twice (to '"
                        + before.table().name() + "' and to '" + r.table().name() + "')");
            }
            before = byTable.put(r.table().name().toLowerCase(Locale.ROOT), r);
            if (before != null) {
                throw FelicetteException.badInput("bad_rename", "file columns '" + before.file() + "' and '" + r.file()
                        + "' are both renamed to '" + r.table().name() + "'");
            }
        }
    }

    /** The {@code rename} values of a request, each {@code FILE=TABLE}; a 400 naming the one that is wrong. */
    public static ColumnRenames parse(List<String> values) {
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        List<Rename> out = new ArrayList<>();
        for (String value : values) {
            int at = value == null ? -1 : value.lastIndexOf('=');
            if (at <= 0 || value.substring(0, at).isBlank()) {
                throw FelicetteException.badInput("bad_rename", "rename '" + value + "' is not FILE_COLUMN=table_column "
                        + "(the file's name of a column, =, then the table's)");
            }
            String table = value.substring(at + 1).strip();
            try {
                out.add(new Rename(value.substring(0, at), new ColumnName(table)));
            } catch (FelicetteException e) {
                throw FelicetteException.badInput("bad_rename", "rename '" + value + "': " + e.getMessage());
            }
        }
        return new ColumnRenames(out);
    }

    /**
     * These renames, and the {@code nullIfInvalid} values of a request: table columns (checked as
     * names) whose values that are not of their type are loaded as NULL.
     */
    public ColumnRenames nullIfInvalid(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            return this;
        }
        java.util.Set<String> out = new java.util.HashSet<>(lenient);
        for (String c : columns) {
            try {
                out.add(new ColumnName(c == null ? "" : c.strip()).name().toLowerCase(Locale.ROOT));
            } catch (FelicetteException e) {
                throw FelicetteException.badInput("bad_column", "nullIfInvalid '" + c + "': " + e.getMessage());
            }
        }
        return new ColumnRenames(renames, out);
    }

    /** The table columns (in lower case) whose values that are not of their type are loaded as NULL. */
    java.util.Set<String> nullIfInvalidColumns() {
        return lenient;
    }

    /** Whether a table column's values that are not of its type are loaded as NULL. */
    boolean nullIfInvalid(String tableColumn) {
        return tableColumn != null && lenient.contains(tableColumn.toLowerCase(Locale.ROOT));
    }

    /** The renames (and lenient columns) a job kept among its parameters. */
    public static ColumnRenames fromParameters(Map<String, String> parameters) {
        List<Rename> out = new ArrayList<>();
        java.util.Set<String> lenient = new java.util.HashSet<>();
        parameters.forEach((k, v) -> {
            if (k.startsWith(PARAMETER)) {
                out.add(new Rename(v, new ColumnName(k.substring(PARAMETER.length()))));
            } else if (k.toLowerCase(Locale.ROOT).startsWith(LENIENT)) {
                lenient.add(k.substring(LENIENT.length()).toLowerCase(Locale.ROOT));
            }
        });
        return out.isEmpty() && lenient.isEmpty() ? NONE : new ColumnRenames(out, lenient);
    }

    /** The renames as job parameters, one each: {@code rename.TABLE} holds FILE; and {@code nullIfInvalid.TABLE}. */
    public Map<String, String> asParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        renames.forEach(r -> out.put(PARAMETER + r.table().name(), r.file()));
        lenient.forEach(c -> out.put(LENIENT + c, "true"));
        return Collections.unmodifiableMap(out);
    }

    public List<Rename> renames() {
        return renames;
    }

    /** The file column renamed to a table column, as the rename spells it, or null. */
    String fileOf(String tableColumn) {
        Rename r = tableColumn == null ? null : byTable.get(tableColumn.toLowerCase(Locale.ROOT));
        return r == null ? null : r.file();
    }

    /** The rename of a file column, or null when it keeps its name. */
    Rename of(String fileName) {
        return byFile.get(keyOf(fileName));
    }

    static String keyOf(String fileName) {
        return fileName == null ? "" : fileName.strip().toLowerCase(Locale.ROOT);
    }
}
