package org.felicette.felis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.felis.FelisTable.ColumnGroup;
import org.felicette.felis.FelisTable.ColumnRef;
import org.felicette.felis.FelisTable.Constraint;
import org.felicette.felis.FelisTable.Index;

/**
 * Reads a Felis document with the documents it references, resolves its columnRefs, generates
 * missing ids and validates the result, collecting every problem of every document involved.
 */
public final class FelisLoader {

    /** How deep resources may reference resources. */
    private static final int MAX_RESOURCE_DEPTH = 8;

    /**
     * Referenced documents, resolved, by name, content and options: a base schema such as
     * drp_base is referenced by several schemas and republished often, and reading it again
     * would give the same immutable model and the same problems.
     */
    private static final Map<String, Resolved> RESOURCES = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Resolved> eldest) {
                    return size() > 16;
                }
            });

    private record Resolved(FelisSchema schema, List<Problem> problems, List<Source> sources) {
    }

    /**
     * The outcome of loading.
     *
     * @param schema the resolved schema, or null when the document could not be read at all
     * @param sources the main document first, then every referenced document
     */
    public record Loaded(FelisSchema schema, List<Source> sources, Problems problems) {

        public boolean valid() {
            return schema != null && !problems.hasErrors();
        }
    }

    private final FelisOptions options;
    private final SourceResolver resolver;

    public FelisLoader(FelisOptions options, SourceResolver resolver) {
        this.options = options;
        this.resolver = resolver;
    }

    public Loaded load(Source main) {
        Problems problems = new Problems();
        List<Source> sources = new ArrayList<>();
        FelisSchema schema = load(main, problems, sources, new ArrayList<>());
        return new Loaded(schema, List.copyOf(sources), problems);
    }

    private FelisSchema load(Source source, Problems problems, List<Source> sources, List<String> chain) {
        sources.add(source);
        FelisSchema read = FelisReader.read(source.text(), source.name(), options.limits(), problems);
        if (read == null) {
            return null;
        }
        chain.add(source.name());
        Map<String, FelisSchema> resources = new HashMap<>();
        for (FelisSchema.Resource resource : read.resources().values()) {
            try {
                Source referenced = resolver.resolve(source, resource.uri());
                if (chain.contains(referenced.name()) || chain.size() >= MAX_RESOURCE_DEPTH) {
                    problems.error(resource.at(), "resource '" + resource.name() + "' refers back to "
                            + referenced.name() + " (a cycle, or nested too deep)");
                    continue;
                }
                FelisSchema loaded = loadResource(referenced, problems, sources, chain);
                if (loaded != null) {
                    resources.put(resource.name(), loaded);
                }
            } catch (IllegalArgumentException e) {
                problems.error(resource.at(), e.getMessage());
            }
        }
        chain.remove(chain.size() - 1);
        FelisSchema resolved = generateIds(resolveColumnRefs(read, resources, problems), problems);
        FelisValidator.validate(resolved, options, problems);
        return resolved;
    }

    private FelisSchema loadResource(Source source, Problems problems, List<Source> sources, List<String> chain) {
        String key = source.name() + "\n" + source.sha256() + "\n" + options;
        Resolved cached = RESOURCES.get(key);
        if (cached == null || !unchanged(cached.sources())) {
            Problems own = new Problems();
            List<Source> ownSources = new ArrayList<>();
            FelisSchema schema = load(source, own, ownSources, chain);
            cached = new Resolved(schema, own.all(), List.copyOf(ownSources));
            RESOURCES.put(key, cached);
        }
        problems.addAll(cached.problems());
        sources.addAll(cached.sources());
        return cached.schema();
    }

    /** Whether the documents a cached resource was resolved with (its own resources) are still the same. */
    private static boolean unchanged(List<Source> sources) {
        for (Source nested : sources.subList(1, sources.size())) {
            try {
                if (nested.location() == null || !new Source(nested.name(), nested.location(),
                        java.nio.file.Files.readString(nested.location())).sha256().equals(nested.sha256())) {
                    return false;
                }
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return true;
    }

    /** Appends each table's referenced columns after its own, with their overrides applied. */
    private FelisSchema resolveColumnRefs(FelisSchema schema, Map<String, FelisSchema> resources, Problems problems) {
        List<FelisTable> tables = new ArrayList<>();
        // Referenced tables' columns by name, built once per referenced table (dp2 takes
        // thousands of columns from drp_base's tables).
        Map<FelisTable, Map<String, FelisColumn>> columnsByName = new java.util.IdentityHashMap<>();
        for (FelisTable table : schema.tables()) {
            if (table.columnRefs().isEmpty()) {
                tables.add(table);
                continue;
            }
            String tableId = table.id() != null ? table.id() : "#" + table.name();
            List<FelisColumn> columns = new ArrayList<>(table.columns());
            Map<String, Integer> counters = new LinkedHashMap<>();
            for (ColumnRef ref : table.columnRefs()) {
                FelisColumn column = referencedColumn(schema, table, ref, resources, columnsByName, problems);
                if (column == null) {
                    continue;
                }
                boolean indexOverridden = ref.overrides().containsKey("tap:column_index");
                Integer index = (Integer) ref.override("tap:column_index", column.tapColumnIndex());
                // the numbering counts only the columns it numbers: an overridden index is skipped
                if (index == null && !indexOverridden && options.columnRefIndexIncrement() != null) {
                    int n = counters.merge(ref.resource() + "." + ref.table(), 1, Integer::sum);
                    index = n * options.columnRefIndexIncrement();
                }
                Map<String, Position> positions = new HashMap<>(column.positions());
                ref.positions().forEach((key, at) -> positions.put(key.isEmpty() ? FelisColumn.REFERENCE : key, at));
                Position reference = ref.at() != null ? ref.at() : table.at();
                if (reference != null) {
                    positions.putIfAbsent(FelisColumn.REFERENCE, reference); // marks the column as referenced
                }
                Datatype datatype = column.datatype();
                if (ref.overrides().get("datatype") instanceof String name) {
                    datatype = Datatype.of(name).orElse(null);
                    if (datatype == null) {
                        problems.error(ref.at("datatype"), "override of " + ref.column() + ": unknown datatype '" + name
                                + "'; use one of " + Datatype.names());
                        datatype = column.datatype();
                    }
                }
                columns.add(column.referencedAs(ref.column(), tableId + "." + ref.column(), datatype,
                        (Integer) ref.override("length", column.length()),
                        (String) ref.override("description", column.description()),
                        (Boolean) ref.override("nullable", column.nullable()),
                        (Integer) ref.override("tap:principal", column.tapPrincipal()),
                        index, positions));
            }
            tables.add(table.with(table.id(), columns, table.columnGroups(), table.constraints(), table.indexes()));
        }
        return schema.withTables(tables);
    }

    private static FelisColumn referencedColumn(FelisSchema schema, FelisTable table, ColumnRef ref,
            Map<String, FelisSchema> resources, Map<FelisTable, Map<String, FelisColumn>> columnsByName,
            Problems problems) {
        if (!schema.resources().containsKey(ref.resource())) {
            problems.error(ref.at(), "columnRefs of table '" + table.name() + "' name resource '" + ref.resource()
                    + "', which the schema's 'resources' do not list");
            return null;
        }
        FelisSchema resource = resources.get(ref.resource());
        if (resource == null) {
            return null; // its loading failed and was reported
        }
        FelisTable referenced = resource.table(ref.table()).orElse(null);
        if (referenced == null) {
            problems.error(ref.at(), "resource '" + ref.resource() + "' has no table '" + ref.table() + "'");
            return null;
        }
        FelisColumn column = columnsByName.computeIfAbsent(referenced, t -> {
            Map<String, FelisColumn> byName = new HashMap<>();
            t.columns().forEach(c -> byName.putIfAbsent(c.name(), c));
            return byName;
        }).get(ref.sourceName());
        if (column == null) {
            problems.error(ref.at(), "column '" + ref.sourceName() + "' is not in table '" + ref.table()
                    + "' of resource '" + ref.resource() + "'" + (ref.refName() == null ? " (no 'ref_name' is given, "
                    + "so the reference's own name is looked for)" : " (named by 'ref_name' of '" + ref.column() + "')"));
        }
        return column;
    }

    /**
     * Generates the ids felis generates for elements without one: {@code #schema}, {@code #table},
     * {@code #table.column}, {@code #table.group}, {@code #constraint}, {@code #index}.
     */
    private FelisSchema generateIds(FelisSchema schema, Problems problems) {
        boolean generate = options.idGeneration();
        String schemaId = id(schema.id(), "#" + schema.name(), generate, schema.at(), "schema", problems);
        List<FelisTable> tables = new ArrayList<>();
        for (FelisTable table : schema.tables()) {
            String tableId = id(table.id(), "#" + table.name(), generate, table.at(), "table " + table.name(), problems);
            List<FelisColumn> columns = new ArrayList<>();
            for (FelisColumn column : table.columns()) {
                columns.add(column.id() != null ? column : column.withId(id(null, "#" + table.name() + "."
                        + column.name(), generate, column.at(), "column " + column.name(), problems)));
            }
            List<ColumnGroup> groups = new ArrayList<>();
            for (ColumnGroup g : table.columnGroups()) {
                groups.add(new ColumnGroup(g.name(), id(g.id(), "#" + table.name() + "." + g.name(), generate, g.at(),
                        "column group " + g.name(), problems), g.description(), g.utype(), g.ucd(), g.columns(),
                        g.positions()));
            }
            List<Constraint> constraints = new ArrayList<>();
            for (Constraint c : table.constraints()) {
                constraints.add(new Constraint(c.type(), c.name(), id(c.id(), "#" + c.name(), generate, c.at(),
                        "constraint " + c.name(), problems), c.description(), c.utype(), c.columns(),
                        c.referencedColumns(), c.onDelete(), c.onUpdate(), c.expression(), c.deferrable(), c.initially(),
                        c.positions()));
            }
            List<Index> indexes = new ArrayList<>();
            for (Index i : table.indexes()) {
                indexes.add(new Index(i.name(), id(i.id(), "#" + i.name(), generate, i.at(), "index " + i.name(),
                        problems), i.description(), i.columns(), i.expressions(), i.positions()));
            }
            tables.add(table.with(tableId, columns, groups, constraints, indexes));
        }
        return schema.withTables(tables).withId(schemaId);
    }

    private static String id(String given, String generated, boolean generate, Position at, String what,
            Problems problems) {
        if (given != null) {
            return given;
        }
        if (!generate) {
            problems.error(at, what + " has no '@id' (id generation is off)");
        }
        return generated;
    }
}
