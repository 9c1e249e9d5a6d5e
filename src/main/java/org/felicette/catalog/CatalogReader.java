package org.felicette.catalog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.felicette.auth.Caller;
import org.felicette.db.CatalogDao;
import org.felicette.db.DistributionDao;
import org.felicette.db.Viewer;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.CatalogModel.TablesetVisitor;
import org.felicette.tapschema.Distribution;
import org.felicette.db.Db;

/**
 * The catalogue as one caller may see it (DESIGN.md §6): public metadata, their own, and what
 * their groups share with them — at schema and at table level. Everything one answer reads comes
 * from one snapshot, so an answer never mixes two versions of a schema.
 */
public final class CatalogReader {

    private final Db db;
    private final LongSupplier catalogVersion;

    /** Each caller's state, with the catalogue version it was computed at. */
    private final Map<String, Known> states = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN = 100_000;

    private record Known(long version, String state) {
    }

    /**
     * @param catalogVersion moves whenever the catalogue changes (see CatalogChanges): while it
     *     stands still, a caller's state is known without asking the database
     */
    public CatalogReader(Db db, LongSupplier catalogVersion) {
        this.db = db;
        this.catalogVersion = catalogVersion;
    }

    public static Viewer viewer(Caller caller) {
        return new Viewer(caller.user(), caller.memberships().toArray(String[]::new), caller.admin());
    }

    /**
     * A short string that changes whenever anything this caller sees changes (and only then, as
     * far as the rows they see go): for ETags.
     */
    public String state(Caller caller) {
        // The version is read before the state: a change committed meanwhile moves it again later.
        long version = catalogVersion.getAsLong();
        Known known = states.get(key(caller));
        if (known != null && known.version() == version) {
            return known.state();
        }
        return freshState(caller);
    }

    /**
     * The caller's state read from the database now, whatever is remembered: a remembered state
     * can lag a change committed on another instance until its notification arrives, and what
     * is about to be rendered and kept must be labelled with the state it is read at.
     */
    public String freshState(Caller caller) {
        long version = catalogVersion.getAsLong();
        String state = db.withExtension(CatalogDao.class, dao -> dao.state(viewer(caller)));
        remember(caller, version, state);
        return state;
    }

    private void remember(Caller caller, long version, String state) {
        if (states.size() >= MAX_KNOWN) {
            states.clear();
        }
        states.put(key(caller), new Known(version, state));
    }

    private static String key(Caller caller) {
        return caller.user() + "\n" + String.join(",", caller.memberships()) + "\n" + caller.admin();
    }

    /** What one answer read, with the caller's {@link #state} in the same snapshot. */
    public record Read<T>(T value, String state) {
    }

    /** One schema and its tables (without their columns) as the caller sees them. */
    public record SchemaListing(SchemaInfo schema, List<TableInfo> tables) {
    }

    /** How many tables the caller sees, from a {@link #state} string. */
    public static long visibleTables(String state) {
        return Long.parseLong(state.substring(0, state.indexOf('-')));
    }

    public Optional<SchemaInfo> schema(Caller caller, String name) {
        return db.withExtension(CatalogDao.class, dao -> dao.schema(name, viewer(caller)));
    }

    /** One table, by its qualified name (case-insensitively), if the caller may see it. */
    public Optional<TableDetail> table(Caller caller, String qualifiedName) {
        return tableRead(caller, qualifiedName).value();
    }

    /** {@link #table}, with the state it was read at. */
    public Read<Optional<TableDetail>> tableRead(Caller caller, String qualifiedName) {
        return db.inSnapshot(tx -> {
            CatalogDao dao = tx.attach(CatalogDao.class);
            Viewer viewer = viewer(caller);
            String state = dao.state(viewer); // the first query fixes the snapshot
            TableInfo table = null;
            List<ColumnInfo> columns = new ArrayList<>();
            try (Stream<CatalogDao.TableColumn> stream = dao.tablesWithColumns(viewer, null, qualifiedName)) {
                Iterator<CatalogDao.TableColumn> rows = stream.iterator();
                while (rows.hasNext()) {
                    CatalogDao.TableColumn row = rows.next();
                    table = row.table();
                    if (row.column() != null) {
                        columns.add(row.column());
                    }
                }
            }
            if (table == null) {
                return new Read<>(Optional.<TableDetail>empty(), state);
            }
            List<KeyInfo> keys = keysByTable(dao.keys(viewer, table.name())).getOrDefault(table.name(), List.of());
            Distribution distribution = tx.attach(DistributionDao.class).distribution(table.name())
                    .orElse(Distribution.NOT_PARTITIONED);
            return new Read<>(Optional.of(new TableDetail(table, columns, keys, distribution)), state);
        });
    }

    /** One schema (its name case-insensitively) with its tables, and the state it was read at. */
    public Read<Optional<SchemaListing>> schemaListing(Caller caller, String name) {
        return db.inSnapshot(tx -> {
            CatalogDao dao = tx.attach(CatalogDao.class);
            Viewer viewer = viewer(caller);
            String state = dao.state(viewer);
            Optional<SchemaListing> listing = dao.schema(name, viewer)
                    .map(schema -> new SchemaListing(schema, dao.tableList(viewer, schema.name())));
            return new Read<>(listing, state);
        });
    }

    /** The tables of one schema (its exact name) that the caller sees, without their columns. */
    public List<TableInfo> tables(Caller caller, String schemaName) {
        return db.withExtension(CatalogDao.class, dao -> dao.tableList(viewer(caller), schemaName));
    }

    /**
     * Walks the caller's tableset (or one schema of it) in order — schemas by schema_index,
     * tables by table_index then name, columns by column_index then name — holding one table's
     * columns at a time, so memory does not grow with the size of the catalogue.
     *
     * @param schemaName only this schema (its exact name), or null for all
     * @param withColumns false for VOSI detail=min: names and descriptions only
     * @return the caller's {@link #state} in the snapshot walked
     */
    public String tableset(Caller caller, String schemaName, boolean withColumns, TablesetVisitor visitor)
            throws IOException {
        return db.inSnapshot(tx -> {
            CatalogDao dao = tx.attach(CatalogDao.class);
            Viewer viewer = viewer(caller);
            String state = dao.state(viewer); // the first query fixes the snapshot
            List<SchemaInfo> schemas = dao.schemas(viewer).stream()
                    .filter(s -> schemaName == null || s.name().equals(schemaName)).toList();
            Map<String, List<KeyInfo>> keys = withColumns ? keysByTable(dao.keys(viewer, null)) : Map.of();
            if (withColumns) {
                try (Stream<CatalogDao.TableColumn> rows = dao.tablesWithColumns(viewer, schemaName, null)) {
                    walk(schemas, new TableGrouper(rows.iterator(), keys), visitor);
                }
            } else {
                try (Stream<TableInfo> stream = dao.tables(viewer, schemaName)) {
                    Iterator<TableInfo> rows = stream.iterator();
                    Iterator<TableDetail> tables = new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return rows.hasNext();
                        }

                        @Override
                        public TableDetail next() {
                            return new TableDetail(rows.next(), List.of(), List.of());
                        }
                    };
                    walk(schemas, tables, visitor);
                }
            }
            return state;
        });
    }

    /**
     * The tables of one schema (its exact name; null: of every schema) with their columns and keys,
     * as the caller sees them, in order, and the state they were read at.
     */
    public Read<List<TableDetail>> tableDetails(Caller caller, String schemaName) throws IOException {
        List<TableDetail> tables = new ArrayList<>();
        String state = tableset(caller, schemaName, true, new TablesetVisitor() {
            @Override
            public void schema(SchemaInfo schema) {
            }

            @Override
            public void table(TableDetail table) {
                tables.add(table);
            }

            @Override
            public void endSchema(SchemaInfo schema) {
            }
        });
        return new Read<>(List.copyOf(tables), state);
    }

    private static void walk(List<SchemaInfo> schemas, Iterator<TableDetail> tables, TablesetVisitor visitor)
            throws IOException {
        TableDetail pending = tables.hasNext() ? tables.next() : null;
        for (SchemaInfo schema : schemas) {
            visitor.schema(schema);
            while (pending != null && pending.table().schemaName().equals(schema.name())) {
                visitor.table(pending);
                pending = tables.hasNext() ? tables.next() : null;
            }
            visitor.endSchema(schema);
        }
    }

    /** Turns the table-with-column rows into one {@link TableDetail} per table. */
    private static final class TableGrouper implements Iterator<TableDetail> {
        private final Iterator<CatalogDao.TableColumn> rows;
        private final Map<String, List<KeyInfo>> keys;
        private CatalogDao.TableColumn lookahead;

        TableGrouper(Iterator<CatalogDao.TableColumn> rows, Map<String, List<KeyInfo>> keys) {
            this.rows = rows;
            this.keys = keys;
            this.lookahead = rows.hasNext() ? rows.next() : null;
        }

        @Override
        public boolean hasNext() {
            return lookahead != null;
        }

        @Override
        public TableDetail next() {
            TableInfo table = lookahead.table();
            List<ColumnInfo> columns = new ArrayList<>();
            while (lookahead != null && lookahead.table().name().equals(table.name())) {
                if (lookahead.column() != null) {
                    columns.add(lookahead.column());
                }
                lookahead = rows.hasNext() ? rows.next() : null;
            }
            return new TableDetail(table, columns, keys.getOrDefault(table.name(), List.of()));
        }
    }

    private static Map<String, List<KeyInfo>> keysByTable(List<CatalogDao.KeyColumnRow> rows) {
        Map<String, List<KeyInfo>> byTable = new HashMap<>();
        KeyInfo current = null;
        for (CatalogDao.KeyColumnRow row : rows) {
            if (current == null || !current.keyId().equals(row.keyId())) {
                current = new KeyInfo(row.keyId(), row.fromTable(), row.targetTable(), row.utype(), row.description(),
                        new ArrayList<>());
                byTable.computeIfAbsent(row.fromTable(), t -> new ArrayList<>()).add(current);
            }
            current.columns().add(new KeyColumn(row.fromColumn(), row.targetColumn()));
        }
        return byTable;
    }
}
