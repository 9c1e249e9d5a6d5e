package org.felicette.felis;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the column a reference names: {@code #id} anywhere in the schema, {@code table.column}
 * by names, or a bare column name in the current table (as id-generated documents write them).
 */
public final class ColumnLookup {

    /** A column and the table it belongs to. */
    public record Found(FelisTable table, FelisColumn column) {
    }

    private final Map<String, Found> byId = new HashMap<>();
    private final FelisSchema schema;

    public ColumnLookup(FelisSchema schema) {
        this.schema = schema;
        for (FelisTable table : schema.tables()) {
            for (FelisColumn column : table.columns()) {
                if (column.id() != null) {
                    byId.putIfAbsent(column.id(), new Found(table, column));
                }
            }
        }
    }

    public Optional<Found> find(String reference, FelisTable current) {
        if (reference.startsWith("#")) {
            return Optional.ofNullable(byId.get(reference));
        }
        int dot = reference.indexOf('.');
        if (dot > 0) {
            String tableName = reference.substring(0, dot);
            String columnName = reference.substring(dot + 1);
            return schema.table(tableName).flatMap(t -> t.column(columnName).map(c -> new Found(t, c)));
        }
        return current.column(reference).map(c -> new Found(current, c));
    }
}
