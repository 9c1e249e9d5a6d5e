package org.felicette.felis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.felis.FelisTable.ColumnGroup;
import org.felicette.felis.FelisTable.ColumnRef;
import org.felicette.felis.FelisTable.Constraint;
import org.felicette.felis.FelisTable.Index;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Turns a Felis YAML document into the model, reporting every shape error (unknown key, wrong
 * type, missing name) at its position. Rules between elements are the validator's business.
 */
public final class FelisReader {

    static final List<String> SCHEMA_KEYS = List.of("name", "@id", "description", "votable:utype", "version",
            "resources", "tables");
    static final List<String> TABLE_KEYS = List.of("name", "@id", "description", "votable:utype", "primaryKey",
            "tap:table_index", "mysql:engine", "mysql:charset", "columns", "columnRefs", "columnGroups",
            "constraints", "indexes");
    static final List<String> COLUMN_KEYS = List.of("name", "@id", "description", "votable:utype", "datatype",
            "length", "precision", "nullable", "value", "autoincrement", "ivoa:ucd", "fits:tunit", "ivoa:unit",
            "tap:column_index", "tap:principal", "tap:std", "votable:arraysize", "votable:xtype",
            "votable:datatype", "mysql:datatype", "postgresql:datatype");
    static final List<String> CONSTRAINT_KEYS = List.of("name", "@id", "description", "votable:utype", "@type",
            "columns", "referencedColumns", "on_delete", "on_update", "expression", "deferrable", "initially");
    static final List<String> INDEX_KEYS = List.of("name", "@id", "description", "columns", "expressions");
    static final List<String> GROUP_KEYS = List.of("name", "@id", "description", "votable:utype", "ivoa:ucd",
            "columns");
    /** What a column reference holds: the column's name in the resource, and what to change of it. */
    static final List<String> REFERENCE_KEYS = List.of("ref_name", "overrides");
    /** What a columnRef may change of the column it takes. */
    static final List<String> OVERRIDE_KEYS = List.of("datatype", "length", "description", "nullable",
            "tap:principal", "tap:column_index");
    /** Overrides felis refuses to set to null (a description or column index may be cleared). */
    private static final List<String> NOT_NULL_OVERRIDES = List.of("datatype", "length", "nullable", "tap:principal");

    private static final Fields.Keys TABLE = new Fields.Keys(TABLE_KEYS);
    private static final Fields.Keys COLUMN = new Fields.Keys(COLUMN_KEYS);
    private static final Fields.Keys CONSTRAINT = new Fields.Keys(CONSTRAINT_KEYS);
    private static final Fields.Keys INDEX = new Fields.Keys(INDEX_KEYS);
    private static final Fields.Keys GROUP = new Fields.Keys(GROUP_KEYS);
    private static final Fields.Keys REFERENCE = new Fields.Keys(REFERENCE_KEYS);
    private static final Fields.Keys OVERRIDE = new Fields.Keys(OVERRIDE_KEYS);

    private final String file;
    private final Problems problems;
    /** Tables read while the document was being composed, with their problems, by node. */
    private final Map<Node, ReadEarly> early;

    private record ReadEarly(FelisTable table, List<Problem> problems) {
    }

    private FelisReader(String file, Problems problems, Map<Node, ReadEarly> early) {
        this.file = file;
        this.problems = problems;
        this.early = early;
    }

    /** Reads a document's text; null when it is not even YAML (the reason is in problems). */
    public static FelisSchema read(String text, String file, FelisYaml.Limits limits, Problems problems) {
        Map<Node, ReadEarly> early = new IdentityHashMap<>();
        Node root = FelisYaml.parse(text, file, limits, problems, (key, item) -> {
            if (key.equals("tables")) {
                Problems own = new Problems();
                early.put(item, new ReadEarly(new FelisReader(file, own, Map.of()).table(item), own.all()));
            }
        });
        return root == null ? null : new FelisReader(file, problems, early).schema(root);
    }

    private FelisSchema schema(Node node) {
        Fields f = new Fields(node, "the schema", SCHEMA_KEYS, file, problems);
        String name = required(f, "name", "the schema");
        Map<String, FelisSchema.Resource> resources = new LinkedHashMap<>();
        f.entries("resources").forEach((resourceName, value) -> {
            Fields r = new Fields(value, "resource '" + resourceName + "'", List.of("uri"), file, problems);
            String uri = required(r, "uri", "resource '" + resourceName + "'");
            if (uri != null) {
                resources.put(resourceName, new FelisSchema.Resource(resourceName, uri, r.at("uri")));
            }
        });
        List<FelisTable> tables = new ArrayList<>();
        if (!f.has("tables")) {
            problems.error(f.at(), "the schema has no 'tables'");
        }
        for (Node item : f.items("tables")) {
            ReadEarly read = early.get(item);
            if (read != null) {
                problems.addAll(read.problems());
                tables.add(read.table());
            } else {
                tables.add(table(item));
            }
        }
        return new FelisSchema(name, f.strictString("@id"), f.string("description"), f.string("votable:utype"),
                version(f), resources, tables, f.positions());
    }

    private FelisSchema.Version version(Fields f) {
        Node node = f.node("version");
        if (node == null || Fields.isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode) {
            return new FelisSchema.Version(f.string("version"), List.of(), List.of());
        }
        Fields v = new Fields(node, "the schema version", List.of("current", "compatible", "read_compatible"), file,
                problems);
        String current = required(v, "current", "the schema version");
        return new FelisSchema.Version(current, v.strings("compatible"), v.strings("read_compatible"));
    }

    private FelisTable table(Node node) {
        String peeked = Fields.peekName(node);
        String what = peeked == null ? "a table" : "table '" + peeked + "'";
        Fields f = new Fields(node, what, TABLE, file, problems);
        String name = required(f, "name", what);
        List<FelisColumn> columns = new ArrayList<>();
        for (Node item : f.items("columns")) {
            columns.add(column(item, name));
        }
        List<ColumnRef> refs = new ArrayList<>();
        f.entries("columnRefs").forEach((resource, byTable) -> {
            if (!(byTable instanceof MappingNode)) {
                problems.error(FelisYaml.position(file, byTable.getStartMark()),
                        "columnRefs of " + what + ": '" + resource + "' must map table names to columns");
                return;
            }
            namedEntries(byTable).forEach((tableName, tableTuple) -> {
                Node byColumn = tableTuple.getValueNode();
                if (!(byColumn instanceof MappingNode)) {
                    problems.error(FelisYaml.position(file, byColumn.getStartMark()), "columnRefs of " + what + ": '"
                            + resource + "." + tableName + "' must map column names to overrides (or nothing)");
                    return;
                }
                namedEntries(byColumn).forEach((columnName, columnTuple) -> refs.add(columnRef(resource, tableName,
                        columnName, columnTuple.getKeyNode(), columnTuple.getValueNode())));
            });
        });
        List<ColumnGroup> groups = new ArrayList<>();
        for (Node item : f.items("columnGroups")) {
            Fields g = new Fields(item, "a column group of " + what, GROUP, file, problems);
            groups.add(new ColumnGroup(required(g, "name", "a column group of " + what), g.strictString("@id"),
                    g.string("description"), g.string("votable:utype"), g.string("ivoa:ucd"), g.strings("columns"),
                    g.positions()));
        }
        List<Constraint> constraints = new ArrayList<>();
        for (Node item : f.items("constraints")) {
            Constraint constraint = constraint(item, what);
            if (constraint != null) {
                constraints.add(constraint);
            }
        }
        List<Index> indexes = new ArrayList<>();
        for (Node item : f.items("indexes")) {
            Fields i = new Fields(item, "an index of " + what, INDEX, file, problems);
            indexes.add(new Index(required(i, "name", "an index of " + what), i.strictString("@id"),
                    i.string("description"), i.strings("columns"), i.strings("expressions"), i.positions()));
        }
        return new FelisTable(name, f.strictString("@id"), f.string("description"), f.string("votable:utype"),
                f.strings("primaryKey"), f.node("primaryKey") instanceof ScalarNode key && !Fields.isNull(key),
                f.integer("tap:table_index"), f.string("mysql:engine"),
                f.string("mysql:charset"), columns, refs, groups, constraints, indexes, f.positions());
    }

    /** The entries of a mapping whose keys are names (tables or columns), in document order. */
    private Map<String, NodeTuple> namedEntries(Node node) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                if (out.putIfAbsent(key.getValue(), tuple) != null) {
                    problems.error(FelisYaml.position(file, key.getStartMark()), "'" + key.getValue()
                            + "' is given twice");
                }
            }
        }
        return out;
    }

    /**
     * A column reference as felis reads it: empty (the column as it is), or {@code ref_name} (the
     * column's name in the resource table, when the local name differs) and {@code overrides} (the
     * attributes to change). Other keys have no effect in felis: warnings here, not errors. An
     * override given as null clears the value; felis refuses that for datatype, length, nullable
     * and tap:principal.
     */
    private ColumnRef columnRef(String resource, String table, String column, Node key, Node reference) {
        Map<String, Object> overrides = new HashMap<>();
        Map<String, Position> positions = new HashMap<>();
        String refName = null;
        String what = "the reference to " + resource + "." + table + "." + column;
        if (!Fields.isNull(reference)) {
            Fields r = new Fields(reference, what, REFERENCE, file, problems, " (a reference takes 'ref_name' and "
                    + "'overrides'; an attribute to change goes under 'overrides:')");
            refName = r.strictString("ref_name");
            positions.putAll(r.positions());
            Node overridesNode = r.node("overrides");
            if (overridesNode != null && !Fields.isNull(overridesNode)) {
                Fields o = new Fields(overridesNode, "the overrides of " + resource + "." + table + "." + column,
                        OVERRIDE, file, problems);
                positions.putAll(o.positions());
                put(overrides, "datatype", o.string("datatype"));
                put(overrides, "length", o.integer("length"));
                put(overrides, "description", o.string("description"));
                put(overrides, "nullable", o.bool("nullable"));
                put(overrides, "tap:principal", o.integer("tap:principal"));
                put(overrides, "tap:column_index", o.integer("tap:column_index"));
                for (String cleared : OVERRIDE_KEYS) {
                    if (!o.givenAsNull(cleared)) {
                        continue;
                    }
                    if (NOT_NULL_OVERRIDES.contains(cleared)) {
                        problems.error(o.at(cleared), "the overrides of " + resource + "." + table + "." + column
                                + " may not set '" + cleared + "' to null");
                    } else {
                        overrides.put(cleared, ColumnRef.CLEARED);
                    }
                }
            }
        }
        positions.put("", FelisYaml.position(file, key.getStartMark()));
        return new ColumnRef(resource, table, column, refName, overrides, positions);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private FelisColumn column(Node node, String tableName) {
        String peeked = Fields.peekName(node);
        String what = peeked == null ? "a column of table '" + tableName + "'" : "column '" + tableName + "." + peeked + "'";
        Fields f = new Fields(node, what, COLUMN, file, problems);
        String name = required(f, "name", what);
        Datatype datatype = null;
        String datatypeName = f.string("datatype");
        if (datatypeName == null) {
            problems.error(f.at(), what + " has no 'datatype'");
        } else {
            datatype = Datatype.of(datatypeName).orElse(null);
            if (datatype == null) {
                problems.error(f.at("datatype"), what + ": unknown datatype '" + datatypeName + "'; use one of "
                        + Datatype.names());
            }
        }
        String arraysize = f.string("votable:arraysize");
        if (arraysize != null && f.node("votable:arraysize") instanceof ScalarNode s
                && s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.INT)) {
            problems.warning(f.at("votable:arraysize"), what + ": an integer 'votable:arraysize' is deprecated; "
                    + "write it as a string (\"" + arraysize + "\")");
        }
        Boolean nullable = f.bool("nullable");
        return new FelisColumn(name, f.strictString("@id"), f.string("description"), f.string("votable:utype"),
                datatype, f.integer("length"), f.integer("precision"), nullable == null || nullable, f.value("value"),
                f.bool("autoincrement"), f.string("ivoa:ucd"), f.string("fits:tunit"), f.string("ivoa:unit"),
                f.integer("tap:column_index"), f.integer("tap:principal"), f.integer("tap:std"), arraysize,
                f.string("votable:xtype"), f.string("votable:datatype"), f.string("mysql:datatype"),
                f.string("postgresql:datatype"), f.positions());
    }

    private Constraint constraint(Node node, String tableWhat) {
        String peeked = Fields.peekName(node);
        String what = peeked == null ? "a constraint of " + tableWhat : "constraint '" + peeked + "'";
        Fields f = new Fields(node, what, CONSTRAINT, file, problems);
        String name = required(f, "name", what);
        String typeName = f.string("@type");
        Constraint.Type type = null;
        if (typeName == null) {
            problems.error(f.at(), what + " has no '@type' (ForeignKey, Unique or Check)");
        } else {
            for (Constraint.Type t : Constraint.Type.values()) {
                if (t.name().equals(typeName)) {
                    type = t;
                }
            }
            if (type == null) {
                problems.error(f.at("@type"), what + ": unknown @type '" + typeName + "'; use ForeignKey, Unique or Check");
            }
        }
        if (type != null) {
            List<String> allowed = switch (type) {
                case ForeignKey -> List.of("columns", "referencedColumns", "on_delete", "on_update");
                case Unique -> List.of("columns");
                case Check -> List.of("expression");
            };
            for (String key : List.of("columns", "referencedColumns", "on_delete", "on_update", "expression")) {
                if (f.has(key) && !allowed.contains(key)) {
                    problems.error(f.at(key), what + ": a " + type + " constraint has no '" + key + "'");
                }
            }
            if (type == Constraint.Type.Check && f.string("expression") == null) {
                problems.error(f.at(), what + ": a Check constraint needs an 'expression'");
            }
            if (type != Constraint.Type.Check && f.strings("columns").isEmpty()) {
                problems.error(f.at(), what + ": a " + type + " constraint needs 'columns'");
            }
            if (type == Constraint.Type.ForeignKey && !f.has("referencedColumns")) {
                problems.error(f.at(), what + ": a ForeignKey constraint needs 'referencedColumns'");
            }
        }
        Boolean deferrable = f.bool("deferrable");
        String initially = f.string("initially");
        if (initially != null && !initially.equals("IMMEDIATE") && !initially.equals("DEFERRED")) {
            problems.error(f.at("initially"), what + ": 'initially' must be IMMEDIATE or DEFERRED, not '" + initially + "'");
        }
        return new Constraint(type, name, f.strictString("@id"), f.string("description"), f.string("votable:utype"),
                f.strings("columns"), f.strings("referencedColumns"), f.string("on_delete"), f.string("on_update"),
                f.string("expression"), deferrable != null && deferrable, initially, f.positions());
    }

    private String required(Fields f, String key, String what) {
        String value = f.string(key);
        if (value == null || value.isEmpty()) {
            problems.error(f.at(), what + " has no '" + key + "'");
        }
        return value;
    }
}
