package org.felicette.felis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Felis table.
 *
 * @param primaryKey column references (ids, or names of this table's columns); empty when none
 * @param primaryKeyIsString whether the document gives the primary key as one string rather than a
 *     list (felis marks such a column indexed in TAP_SCHEMA, and a one-item list's not)
 * @param columnRefs columns taken from tables of referenced schemas, in document order
 */
public record FelisTable(String name, String id, String description, String utype, List<String> primaryKey,
        boolean primaryKeyIsString, Integer tapTableIndex, String mysqlEngine, String mysqlCharset, List<FelisColumn> columns,
        List<ColumnRef> columnRefs, List<ColumnGroup> columnGroups, List<Constraint> constraints,
        List<Index> indexes, Map<String, Position> positions) implements Located {

    /**
     * A column of a referenced schema's table, with the overrides this table gives it.
     *
     * @param column the column's name in this table
     * @param refName its name in the resource's table, when it differs (felis's {@code ref_name}); else null
     * @param overrides the attributes to change, by key; {@link #CLEARED} for one set to null
     */
    public record ColumnRef(String resource, String table, String column, String refName,
            Map<String, Object> overrides, Map<String, Position> positions) implements Located {

        /** The value of an override that clears the attribute (a description or column index given as null). */
        public static final Object CLEARED = new Object();

        /** The column's name in the resource's table. */
        public String sourceName() {
            return refName != null ? refName : column;
        }

        /** The override of {@code key}: absent (the referenced column's value), cleared (null), or a value. */
        public Object override(String key, Object referenced) {
            if (!overrides.containsKey(key)) {
                return referenced;
            }
            Object value = overrides.get(key);
            return value == CLEARED ? null : value;
        }
    }

    /** A named group of this table's columns. */
    public record ColumnGroup(String name, String id, String description, String utype, String ucd,
            List<String> columns, Map<String, Position> positions) implements Located {
    }

    /** ForeignKey, Unique or Check, by {@code @type}. */
    public record Constraint(Type type, String name, String id, String description, String utype,
            List<String> columns, List<String> referencedColumns, String onDelete, String onUpdate,
            String expression, boolean deferrable, String initially, Map<String, Position> positions)
            implements Located {

        public enum Type { ForeignKey, Unique, Check }
    }

    /** An index on columns or on expressions. */
    public record Index(String name, String id, String description, List<String> columns, List<String> expressions,
            Map<String, Position> positions) implements Located {
    }

    public Optional<FelisColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public FelisTable with(String newId, List<FelisColumn> newColumns, List<ColumnGroup> groups,
            List<Constraint> newConstraints, List<Index> newIndexes) {
        return new FelisTable(name, newId, description, utype, primaryKey, primaryKeyIsString, tapTableIndex, mysqlEngine, mysqlCharset,
                List.copyOf(newColumns), columnRefs, List.copyOf(groups), List.copyOf(newConstraints),
                List.copyOf(newIndexes), positions);
    }
}
