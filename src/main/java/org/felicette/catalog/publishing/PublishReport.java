package org.felicette.catalog.publishing;

import java.util.List;

/**
 * What a publish did.
 *
 * @param status {@code created} (first version), {@code updated}, or {@code unchanged} (same
 *     documents and options as the current version: nothing was written)
 */
public record PublishReport(String schema, String version, String status, String checksum, int tables,
        int columns, int keys, List<String> warnings, Diff diff) {

    /** How the new version differs from the one it replaces; columns are named {@code table.column}. */
    public record Diff(List<String> tablesAdded, List<String> tablesRemoved, List<String> columnsAdded,
            List<String> columnsRemoved, List<String> columnsChanged) {

        public static final Diff NONE = new Diff(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
