package org.felicette.catalog.loads;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.felicette.ingest.BadData;
import org.felicette.tapschema.CatalogModel.ColumnInfo;

/**
 * Matches a file's column names to the table's, without case, after the load's renames (a
 * renamed file column goes to the table column it is renamed to).
 */
class ColumnMatcher {
    private final String table;
    private final List<ColumnInfo> columns;
    private final ColumnRenames renames;
    private final Map<String, ColumnInfo> byName = new LinkedHashMap<>();

    ColumnMatcher(String table, List<ColumnInfo> columns) {
        this(table, columns, ColumnRenames.NONE);
    }

    ColumnMatcher(String table, List<ColumnInfo> columns, ColumnRenames renames) {
        this.table = table;
        this.columns = columns;
        this.renames = renames;
        columns.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
    }

    /**
     * For a table made for a file (an upload): its columns, in the file's order under names of
     * their own, are matched by place, not name; {@code lenient} names (physical) columns whose
     * values that are not of their type load as NULL.
     */
    static ColumnMatcher byPlace(String table, List<ColumnInfo> columns, ColumnRenames lenient) {
        return new ColumnMatcher(table, columns, lenient) {
            @Override
            List<ColumnInfo> match(List<String> fileNames) throws BadData {
                if (fileNames.size() != columns.size()) {
                    throw new BadData("field_count", "the file has " + fileNames.size() + " columns; " + columns.size()
                            + " were described");
                }
                return columns;
            }
        };
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
        for (String lenient : renames.nullIfInvalidColumns()) {
            if (!byName.containsKey(lenient)) {
                throw new BadData("unknown_column", "nullIfInvalid names column '" + lenient + "', which table " + table
                        + " does not have; its columns are " + quoted(columns.stream().map(ColumnInfo::name).toList()));
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

    /** Whether the load takes a value of this table column that is not of its type as NULL. */
    boolean nullIfInvalid(String tableColumn) {
        return renames.nullIfInvalid(tableColumn);
    }

    ColumnInfo column(String physicalName) {
        return physicalName == null ? null : byName.get(physicalName.toLowerCase(Locale.ROOT));
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
