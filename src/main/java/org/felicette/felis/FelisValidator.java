package org.felicette.felis;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.felicette.felis.FelisTable.ColumnGroup;
import org.felicette.felis.FelisTable.Constraint;
import org.felicette.felis.FelisTable.Index;

/** The rules felis applies to a schema, each reported at the position of what breaks it. */
final class FelisValidator {


    private final FelisOptions options;
    private final Problems problems;
    private final ColumnLookup lookup;
    /** Elements by @id, to name the first one when another takes its id. */
    private final Map<String, Located> ids = new HashMap<>();

    private FelisValidator(FelisSchema schema, FelisOptions options, Problems problems) {
        this.options = options;
        this.problems = problems;
        this.lookup = new ColumnLookup(schema);
    }

    static void validate(FelisSchema schema, FelisOptions options, Problems problems) {
        new FelisValidator(schema, options, problems).schema(schema);
    }

    private void schema(FelisSchema schema) {
        description(schema, schema.description(), () -> "schema '" + schema.name() + "'");
        uniqueId(schema.id(), schema);
        Map<String, Located> tableNames = new HashMap<>();
        Map<String, Located> constraintNames = new HashMap<>();
        Map<String, Located> indexNames = new HashMap<>();
        for (FelisTable table : schema.tables()) {
            unique(tableNames, table.name(), table, () -> "table name");
            table.constraints().forEach(c -> unique(constraintNames, c.name(), c, () -> "constraint name"));
            table.indexes().forEach(i -> unique(indexNames, i.name(), i, () -> "index name"));
            table(table);
        }
    }

    private void table(FelisTable table) {
        String what = "table '" + table.name() + "'";
        description(table, table.description(), () -> what);
        uniqueId(table.id(), table);
        if (options.checkTapTableIndexes() && table.tapTableIndex() == null) {
            problems.error(table.at(), what + " has no 'tap:table_index' (required by --check-tap-table-indexes)");
        }
        // as felis: a table's own columns are checked, before its columnRefs are filled in
        if (options.checkTapPrincipal() && table.columns().stream().noneMatch(c -> !c.referenced()
                && Integer.valueOf(1).equals(c.tapPrincipal()))) {
            problems.error(table.at(), what + " has no column of its own with 'tap:principal: 1' (required by "
                    + "--check-tap-principal; as in felis, columns taken through columnRefs do not count)");
        }
        Map<String, Located> columnNames = new HashMap<>();
        for (FelisColumn column : table.columns()) {
            unique(columnNames, column.name(), column, () -> "column name in " + what);
            column(table, column);
        }
        for (String ref : table.primaryKey()) {
            exists(ref, table, table.at("primaryKey"), "the primary key of " + what);
        }
        for (ColumnGroup group : table.columnGroups()) {
            uniqueId(group.id(), group);
            description(group, group.description(), () -> "column group '" + group.name() + "'");
            group.columns().forEach(ref -> exists(ref, table, group.at("columns"), "column group '" + group.name() + "'"));
        }
        table.constraints().forEach(c -> constraint(table, c));
        table.indexes().forEach(i -> index(table, i));
    }

    private void constraint(FelisTable table, Constraint c) {
        String what = "constraint '" + c.name() + "'";
        uniqueId(c.id(), c);
        description(c, c.description(), () -> what);
        c.columns().forEach(ref -> exists(ref, table, c.at("columns"), what));
        if (c.type() == Constraint.Type.ForeignKey) {
            c.referencedColumns().forEach(ref -> exists(ref, table, c.at("referencedColumns"), what));
            if (c.columns().size() != c.referencedColumns().size()) {
                problems.error(c.at("referencedColumns"), what + " has " + c.columns().size() + " columns but "
                        + c.referencedColumns().size() + " referencedColumns; they must pair up");
            }
        }
        if (c.initially() != null && !c.deferrable()) {
            problems.error(c.at("initially"), what + ": 'initially' is only allowed with 'deferrable: true'");
        }
    }

    private void index(FelisTable table, Index index) {
        String what = "index '" + index.name() + "'";
        uniqueId(index.id(), index);
        description(index, index.description(), () -> what);
        boolean columns = !index.columns().isEmpty();
        boolean expressions = !index.expressions().isEmpty();
        if (columns == expressions) {
            problems.error(index.at(), what + " must have either 'columns' or 'expressions'" + (columns ? ", not both" : ""));
        }
        index.columns().forEach(ref -> exists(ref, table, index.at("columns"), what));
    }

    private void column(FelisTable table, FelisColumn column) {
        // Named only in messages: a schema has thousands of columns and few problems.
        Supplier<String> what = () -> "column '" + table.name() + "." + column.name() + "'";
        uniqueId(column.id(), column);
        description(column, column.description(), what);
        Datatype type = column.datatype();
        if (type != null) {
            if (type.isSized() && column.length() == null) {
                problems.error(column.at(), what.get() + ": a length is required for datatype '" + type.felisName() + "'");
            } else if (!type.isSized() && column.length() != null) {
                problems.warning(column.at("length"), what.get() + ": datatype '" + type.felisName()
                        + "' does not take a length; it is ignored");
            }
            if (column.precision() != null && type != Datatype.TIMESTAMP) {
                problems.error(column.at("precision"), what.get() + ": 'precision' is only allowed for timestamp columns");
            }
            defaultValue(column, type, what);
            if (options.checkRedundantDatatypes()) {
                redundant(column, type, "mysql:datatype", column.mysqlDatatype(), what);
                redundant(column, type, "postgresql:datatype", column.postgresqlDatatype(), what);
            }
        }
        if (column.length() != null && column.length() <= 0) {
            problems.error(column.at("length"), what.get() + ": 'length' must be greater than 0");
        }
        if (column.precision() != null && column.precision() < 0) {
            problems.error(column.at("precision"), what.get() + ": 'precision' must not be negative");
        }
        if (column.fitsTunit() != null && column.ivoaUnit() != null) {
            problems.error(column.at("ivoa:unit"), what.get() + ": give 'fits:tunit' or 'ivoa:unit', not both");
        }
        unit(column, "fits:tunit", column.fitsTunit(), what);
        unit(column, "ivoa:unit", column.ivoaUnit(), what);
        if (column.ucd() != null) {
            Ucds.check(column.ucd()).ifPresent(reason ->
                    problems.error(column.at("ivoa:ucd"), what.get() + ": invalid 'ivoa:ucd' '" + column.ucd() + "': " + reason));
        }
        zeroOrOne(column, "tap:principal", column.tapPrincipal(), what);
        zeroOrOne(column, "tap:std", column.tapStd(), what);
    }

    private void defaultValue(FelisColumn column, Datatype type, Supplier<String> what) {
        Object value = column.value();
        if (value == null) {
            return;
        }
        if (Boolean.TRUE.equals(column.autoincrement())) {
            problems.error(column.at("value"), what.get() + ": a column cannot have a default 'value' and be autoincremented");
        }
        String expected = switch (type.kind()) {
            case INTEGER -> value instanceof Long ? null : "an integer";
            case REAL -> value instanceof Double ? null : "a decimal number (such as 1.0)";
            case BOOLEAN -> value instanceof Boolean ? null : "true or false";
            case STRING -> value instanceof String s && !s.isEmpty() ? null : "a non-empty string";
            case OTHER -> null;
        };
        if (expected != null) {
            problems.error(column.at("value"), what.get() + ": the default 'value' of a " + type.felisName()
                    + " column must be " + expected + ", not " + value);
        }
    }

    private void unit(FelisColumn column, String key, String unit, Supplier<String> what) {
        if (unit == null) {
            return;
        }
        FieldChecks.unitProblem(unit).ifPresent(p -> problems.error(column.at(key), what.get() + ": " + p.message()));
    }

    private void redundant(FelisColumn column, Datatype type, String key, String override,
            Supplier<String> what) {
        if (override == null) {
            return;
        }
        String normalized = override.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(").strip();
        String dialect = key.startsWith("mysql") ? "mysql" : "postgresql";
        if (normalized.equals(SqlTypes.defaultType(type, column.length(), dialect))) {
            problems.error(column.at(key), what.get() + ": '" + key + ": " + override + "' is a redundant override of 'datatype: "
                    + type.felisName() + "'" + (column.length() == null ? "" : " with length " + column.length()));
        }
    }

    private void zeroOrOne(FelisColumn column, String key, Integer value, Supplier<String> what) {
        if (value != null && value != 0 && value != 1) {
            problems.error(column.at(key), what.get() + ": '" + key + "' must be 0 or 1, not " + value);
        }
    }

    private void description(Located element, String description, Supplier<String> what) {
        if (description == null) {
            if (options.checkDescription()) {
                problems.error(element.at(), what.get() + " has no description (required by --check-description)");
            }
        } else if (description.isBlank() && options.checkDescription()) {
            // felis 30.0.11 dropped its three-character minimum: only the check asks for a non-empty one
            problems.error(element.at("description"), what.get() + " has an empty description (required by "
                    + "--check-description)");
        }
    }

    private void exists(String ref, FelisTable table, Position at, String what) {
        if (lookup.find(ref, table).isEmpty()) {
            problems.error(at, what + " refers to column '" + ref + "', which does not exist");
        }
    }

    private void uniqueId(String id, Located element) {
        if (id != null) {
            Located first = ids.putIfAbsent(id, element);
            if (first != null && !first.at().equals(element.at())) {
                problems.error(element.at(), "duplicate @id '" + id + "' (first used at " + first.at() + ")");
            }
        }
    }

    /** A name that must be unique among {@code seen}; reported at the name of the second element. */
    private void unique(Map<String, Located> seen, String name, Located element, Supplier<String> what) {
        if (name == null) {
            return;
        }
        Located first = seen.putIfAbsent(name, element);
        if (first != null) {
            problems.error(element.at("name"), "duplicate " + what.get() + " '" + name + "' (first at "
                    + first.at("name") + ")");
        }
    }
}
