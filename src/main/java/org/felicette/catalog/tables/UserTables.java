package org.felicette.catalog.tables;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.IndexDao;
import org.felicette.db.UserTableDao;
import org.felicette.ingest.LoadFormat;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.tapschema.TableDefinition;
import org.felicette.tapschema.VotableTypes;
import org.felicette.catalog.access.Quotas;
import org.felicette.catalog.access.Permissions;
import org.felicette.catalog.loads.TableLoads;
import org.felicette.catalog.TapRowLimits;
import org.felicette.catalog.PgLimits;
import org.felicette.catalog.UserTablesConfig;
import org.felicette.catalog.UserChanges;

/**
 * Tables users create, describe and drop (the YouCat API). Every change is one transaction: DDL,
 * grants and TAP_SCHEMA rows together, so a failure leaves nothing behind; writers of one name
 * take turns, so two concurrent creates of a name give one table and one 409. A new table starts
 * private, owned by its creator, whatever its schema's permissions.
 */
public final class UserTables {

    private final UserChanges changes;
    private final TableKeys keys;
    private final UserSchemas schemas;
    private final Quotas quotas;
    private final UserTablesConfig config;
    private final TableLoads loads;

    public UserTables(UserChanges changes, UserSchemas schemas, Quotas quotas, UserTablesConfig config,
            TableLoads loads) {
        this.loads = loads;
        this.changes = changes;
        this.keys = new TableKeys(changes);
        this.schemas = schemas;
        this.quotas = quotas;
        this.config = config;
    }

    /**
     * A new table.
     *
     * @param reservedWords its column names that ADQL or PostgreSQL reserve: a query must quote them
     */
    public record Created(TableName name, List<String> reservedWords, long rows) {
    }

    /** Rows to load into a new table in the transaction that creates it. */
    public record Rows(LoadFormat format, InputStream body) {
    }

    /**
     * Creates a table from a client's definition; the name in the path wins over the document's.
     * It starts private, owned by its creator (or, for an admin, by {@code permissions.owner()}),
     * whatever its schema's permissions, and takes the given permissions in the same transaction.
     */
    public Created create(Caller caller, String pathName, TableDefinition definition, Permissions.Change permissions) {
        return create(caller, pathName, definition, permissions, null);
    }

    /**
     * Creates a table and, in the same transaction, loads its rows: if the load fails, there is no
     * table either.
     *
     * @param rows the rows, or null for none
     */
    public Created create(Caller caller, String pathName, TableDefinition definition, Permissions.Change permissions,
            Rows data) {
        caller.requireIdentity("create a table");
        TableName name = TableName.parse(pathName);
        checkDocumentName(name, definition.name());
        if (definition.columns().isEmpty()) {
            throw FelicetteException.badInput("no_columns", "the table definition has no columns");
        }
        PgLimits.checkColumnCount(definition.columns().size(), "table " + name.qualified());
        String owner = UserChanges.nullIfBlank(permissions.owner()) == null ? caller.user() : permissions.owner().strip();
        if (!owner.equals(caller.user()) && !caller.admin()) {
            throw FelicetteException.forbidden("only an admin may create a table for another owner (x-vosi-owner)");
        }
        List<String> ddl = new ArrayList<>();
        List<TableDefinition.Column> columns = definition.columns();
        List<String> reserved = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (TableDefinition.Column column : columns) {
            ColumnName columnName = new ColumnName(column.name());
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw FelicetteException.badInput("duplicate_column", "column '" + column.name()
                        + "' is given twice (names are compared without case)");
            }
            if (UserChanges.nullIfBlank(column.columnId()) != null && !ids.add(column.columnId().strip())) {
                throw FelicetteException.badInput("duplicate_column_id", "columnID '" + column.columnId().strip()
                        + "' is given to two columns; a columnID names one column");
            }
            if (columnName.isReservedWord()) {
                reserved.add(column.name());
            }
            ddl.add(columnName.sql() + " " + VotableTypes.postgres(column));
        }
        changes.requireKnownGroups(permissions.readGroup(), permissions.readWriteGroup());
        Access access = Permissions.apply(new Permissions.Change(null, permissions.isPublic(),
                permissions.readGroup(), permissions.readWriteGroup()), Access.privateTo(owner));
        long loaded = changes.db().inTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            SchemaInfo schema = schemas.schemaForCreate(tx, dao, caller, name.schema());
            quotas.enforce(tx, dao, caller, owner, 1);
            if (dao.tableTaken(name.qualified(), name.physical())) {
                throw new FelicetteException(Kind.CONFLICT, "table_exists", "table '" + name.qualified()
                        + "' exists (names are compared without case)", Map.of());
            }
            String qualified = schema.name() + "." + name.table();
            TableInfo tableRow = new TableInfo(schema.name(), qualified, "table",
                    UserChanges.nullIfBlank(definition.utype()), UserChanges.nullIfBlank(definition.description()), null, access,
                    true, null);
            List<ColumnInfo> rows = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                rows.add(columnRow(qualified, columns.get(i), i + 1));
            }
            TapRowLimits.require(TapRowLimits.violations(tableRow, rows));
            // columnIDs are unique across tables: creates that give the same one take turns (in
            // one order, after the table's lock) so that the second is a 409, not a unique violation
            for (String id : new java.util.TreeSet<>(ids)) {
                changes.lock(tx, "column-id:" + id);
                dao.columnWithId(id).ifPresent(holder -> {
                    throw new FelicetteException(Kind.CONFLICT, "column_id_taken", "columnID '" + id
                            + "' is already the id of column " + holder + "; a columnID is unique in TAP_SCHEMA",
                            Map.of("column_id", id));
                });
            }
            dao.createPhysicalTable(name, ddl);
            for (String reader : config.readerRoles()) {
                dao.grantRead(name, reader);
            }
            dao.insertTable(tableRow);
            dao.insertColumns(rows);
            if (definition.foreignKeys() != null && !definition.foreignKeys().isEmpty()) {
                keys.replace(dao, caller, qualified, rows, definition.foreignKeys());
            }
            changes.audit(tx, caller, "create", "table", name.qualified(), Map.of("columns", rows.size(),
                    "permissions", Permissions.of(access), "foreign_keys", definition.foreignKeys() == null ? 0 : definition.foreignKeys().size()));
            if (data == null) {
                return -1L;
            }
            long count = loads.copyIntoNew(tx, owner, name, qualified, rows, data.format(),
                    data.body());
            changes.audit(tx, caller, "load", "table", qualified, Map.of("rows", count, "format",
                    data.format().label()));
            return count;
        });
        return new Created(name, List.copyOf(reserved), loaded);
    }

    /** The TAP_SCHEMA row of a client's column, at place {@code index} (1, 2, ...) of its table. */
    private static ColumnInfo columnRow(String table, TableDefinition.Column column, int index) {
        return new ColumnInfo(table, column.name(), UserChanges.nullIfBlank(column.utype()),
                UserChanges.nullIfBlank(column.ucd()), UserChanges.nullIfBlank(column.unit()), column.description(),
                datatypeOf(column), UserChanges.nullIfBlank(column.arraysize()), UserChanges.nullIfBlank(column.xtype()),
                column.principal() == null || column.principal(), false, Boolean.TRUE.equals(column.std()), index, true,
                false, index, UserChanges.nullIfBlank(column.columnId()));
    }

    /** A column as a description document would leave it (what the limits are checked on). */
    private static ColumnInfo described(ColumnInfo current, TableDefinition.Column column) {
        return new ColumnInfo(current.tableName(), current.name(), column.utype(), column.ucd(), column.unit(),
                column.description(), current.datatype(), null, null, false, false, false, null, null, false, 0, null);
    }

    /**
     * The path's name wins. A document naming another table of the same schema is taken as a
     * copy (a table document from GET can be PUT under another name unchanged); one naming a
     * table of another schema is a mistake worth stopping for.
     */
    private static void checkDocumentName(TableName path, String documentName) {
        if (documentName == null || documentName.isBlank()) {
            return;
        }
        String named = documentName.strip();
        int dot = named.indexOf('.');
        if (dot >= 0 && !named.substring(0, dot).equalsIgnoreCase(path.schema().name())) {
            throw FelicetteException.badInput("name_mismatch", "the path names table '" + path.qualified()
                    + "' but the document names '" + named + "', in another schema");
        }
    }

    /**
     * Changes descriptions and column metadata (and the foreign keys, when the document gives any);
     * the columns and their types must stay as they are.
     */
    public void update(Caller caller, String pathName, TableDefinition definition) {
        caller.requireIdentity("change a table");
        TableName name = TableName.parse(pathName);
        changes.db().useTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            TableInfo table = changes.writableTable(dao, caller, name);
            List<ColumnInfo> existing = dao.columns(table.name());
            Map<String, ColumnInfo> byName = new LinkedHashMap<>();
            existing.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
            Map<ColumnInfo, TableDefinition.Column> described = new LinkedHashMap<>();
            for (TableDefinition.Column column : definition.columns()) {
                ColumnInfo current = byName.get(column.name() == null ? "" : column.name().toLowerCase(Locale.ROOT));
                if (current == null) {
                    throw FelicetteException.badInput("columns_changed", "column '" + column.name() + "' is not a "
                            + "column of " + table.name() + "; columns cannot be added or removed this way");
                }
                requireSameType(table.name(), current, column);
                described.put(current, column);
            }
            if (!described.isEmpty() && described.size() != byName.size()) {
                List<String> missing = existing.stream().filter(c -> !described.containsKey(c)).map(ColumnInfo::name)
                        .toList();
                throw FelicetteException.badInput("columns_changed", "the document leaves out columns " + missing
                        + " of " + table.name() + "; columns cannot be removed this way");
            }
            TapRowLimits.require(TapRowLimits.violations(new TableInfo(table.schemaName(), table.name(),
                    "table", definition.utype(), definition.description(), null, table.access(), true, null), described
                    .entrySet().stream().map(e -> described(e.getKey(), e.getValue())).toList()));
            // a columnID given is kept (a new one unique in TAP_SCHEMA, taken in turn as at create)
            Map<ColumnInfo, String> columnIds = new LinkedHashMap<>();
            Set<String> given = new HashSet<>();
            described.forEach((current, column) -> {
                String id = UserChanges.nullIfBlank(column.columnId()) == null ? current.columnId()
                        : column.columnId().strip();
                if (id != null && !given.add(id)) {
                    throw FelicetteException.badInput("duplicate_column_id", "columnID '" + id + "' is given to two "
                            + "columns; a columnID names one column");
                }
                columnIds.put(current, id);
            });
            for (String id : new java.util.TreeSet<>(given)) {
                changes.lock(tx, "column-id:" + id);
                dao.columnWithId(id).filter(holder -> !holder.toLowerCase(Locale.ROOT).startsWith(
                        table.name().toLowerCase(Locale.ROOT) + ".")).ifPresent(holder -> {
                            throw new FelicetteException(Kind.CONFLICT, "column_id_taken", "columnID '" + id
                                    + "' is already the id of column " + holder + "; a columnID is unique in TAP_SCHEMA",
                                    Map.of("column_id", id));
                        });
            }
            described.forEach((current, column) -> dao.describeColumn(table.name(), current.name(),
                    column.description() != null ? column.description() : current.description(),
                    column.ucd() != null ? column.ucd() : current.ucd(),
                    column.unit() != null ? column.unit() : current.unit(),
                    column.utype() != null ? column.utype() : current.utype(),
                    column.principal() != null ? column.principal() : current.principal(),
                    column.std() != null ? column.std() : current.std(), columnIds.get(current)));
            if (definition.foreignKeys() != null) {
                // a document that states foreign keys states them all (none, for an empty list);
                // one that does not leaves them as they are
                keys.replace(dao, caller, table.name(), existing, definition.foreignKeys());
            }
            dao.describeTable(table.name(), definition.description() != null ? definition.description()
                    : table.description(), definition.utype() != null ? definition.utype() : table.utype());
            changes.audit(tx, caller, "describe", "table", table.name(), Map.of("before", table.description() == null
                    ? "" : table.description(), "after", definition.description() == null ? "" : definition.description()));
        });
    }

    /**
     * A metadata change may not change what a column holds: its datatype, arraysize or xtype. A
     * column given with its datatype (a VOSI dataType element, or the JSON view's datatype) states
     * its whole type, so an arraysize or xtype it leaves out is none; a column given without one
     * leaves the type as it is (but for an arraysize or xtype it gives on its own).
     */
    private static void requireSameType(String table, ColumnInfo current, TableDefinition.Column column) {
        boolean whole = column.datatype() != null;
        String arraysize = UserChanges.nullIfBlank(column.arraysize());
        String xtype = UserChanges.nullIfBlank(column.xtype());
        List<String> changed = new ArrayList<>();
        if (whole && !datatypeOf(column).equalsIgnoreCase(current.datatype())) {
            changed.add("datatype " + current.datatype() + " to " + datatypeOf(column));
        }
        if ((whole || arraysize != null) && !Objects.equals(arraysize, UserChanges.nullIfBlank(current.arraysize()))) {
            changed.add("arraysize " + Objects.toString(current.arraysize(), "(none)") + " to "
                    + Objects.toString(arraysize, "(none)"));
        }
        if ((whole || xtype != null) && !Objects.equals(xtype, UserChanges.nullIfBlank(current.xtype()))) {
            changed.add("xtype " + Objects.toString(current.xtype(), "(none)") + " to "
                    + Objects.toString(xtype, "(none)"));
        }
        if (!changed.isEmpty()) {
            throw FelicetteException.badInput("columns_changed", "column '" + current.name() + "' of " + table
                    + " cannot change its " + String.join(", ", changed) + ": a table's column types are fixed when "
                    + "it is created (drop it and create it again to change them)");
        }
    }

    /** Drops a table: its owner, the owner of its schema, or an admin. */
    public void drop(Caller caller, String pathName) {
        caller.requireIdentity("drop a table");
        TableName name = TableName.parse(pathName);
        changes.db().useTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            UserChanges.Found found = changes.visibleTable(dao, caller, name);
            TableInfo table = found.table();
            if (!found.schema().apiCreated()) {
                throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                        + "change it through /schemas");
            }
            if (!found.mayManage(caller)) {
                throw FelicetteException.forbidden("only the owner of '" + table.name() + "' or of its schema may "
                        + "drop it");
            }
            if (table.apiCreated()) {
                // a build of one of its indexes ends (its job says the table was dropped) instead of holding the drop
                tx.attach(IndexDao.class).cancelBuilds(name.physical());
                dao.dropPhysicalTable(name);
            } // else it was ingested from the database (YouCat's ingest): only its description goes
            dao.deleteKeysOf(table.name());
            dao.deleteColumns(table.name());
            dao.deleteTable(table.name());
            changes.audit(tx, caller, "drop", "table", table.name(), Map.of("owner", String.valueOf(table.access().ownerId())));
        });
    }

    /** The VOTable datatype TAP_SCHEMA keeps for a client's column, as given. */
    private static String datatypeOf(TableDefinition.Column column) {
        return column.datatype() == null ? null : column.datatype().strip();
    }
}
