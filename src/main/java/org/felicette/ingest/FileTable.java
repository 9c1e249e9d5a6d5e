package org.felicette.ingest;

import java.util.List;
import org.felicette.tapschema.TableDefinition;

/**
 * A file's table as its reader describes it: the name, description and utype the file gives (null
 * where it gives none), its columns in file order, and whether it has a place for rows (a VOTable
 * TABLE without DATA describes a table only); and, for a file typed from its values, the columns
 * whose values nearly all fit their type ({@link NearMiss}).
 */
public record FileTable(String name, String description, String utype, List<FileColumn> columns, boolean hasRows,
        List<NearMiss> nearMisses) {

    public FileTable {
        columns = List.copyOf(columns);
        nearMisses = List.copyOf(nearMisses);
    }

    public FileTable(String name, String description, String utype, List<FileColumn> columns, boolean hasRows) {
        this(name, description, utype, columns, hasRows, List.of());
    }

    public FileTable(String name, String description, String utype, List<FileColumn> columns) {
        this(name, description, utype, columns, true);
    }

    /** A table with columns only (a format that names and types columns but says nothing of the table). */
    public static FileTable of(List<FileColumn> columns) {
        return new FileTable(null, null, null, columns);
    }

    /** The column names, in file order. */
    public List<String> names() {
        return columns.stream().map(FileColumn::name).toList();
    }

    /** The definition of a table made from this file, named as the file names it. */
    public TableDefinition definition() {
        return new TableDefinition(name, description, utype, columns.stream().map(FileColumn::definition).toList());
    }
}
