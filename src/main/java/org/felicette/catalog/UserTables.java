package org.felicette.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogModel.ColumnInfo;
import org.felicette.catalog.CatalogModel.SchemaInfo;
import org.felicette.catalog.CatalogModel.TableInfo;
import org.felicette.catalog.Identifiers.ColumnName;
import org.felicette.catalog.Identifiers.SchemaName;
import org.felicette.catalog.Identifiers.TableName;
import org.felicette.db.AuditDao;
import org.felicette.db.LockDao;
import org.felicette.db.UserTableDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Tables users create, describe, share and drop (the YouCat API). Every change is one
 * transaction: DDL, grants and TAP_SCHEMA rows together, so a failure leaves nothing behind;
 * writers of one name take turns, so two concurrent creates of a name give one table and one 409.
 */
public final class UserTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final UserTablesConfig config;

    public UserTables(Jdbi jdbi, UserTablesConfig config) {
        this.jdbi = jdbi;
        this.config = config;
    }

    /** Creates a table from a client's definition; the name in the path wins over the document's. */
    public TableName create(Caller caller, String pathName, TableDefinition definition) {
        caller.requireIdentity("create a table");
        TableName name = TableName.parse(pathName);
        checkDocumentName(name, definition.name());
        if (definition.columns().isEmpty()) {
            throw FelicetteException.badInput("no_columns", "the table definition has no columns");
        }
        List<String> ddl = new ArrayList<>();
        List<TapRows.ColumnRow> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int index = 1;
        for (TableDefinition.Column column : definition.columns()) {
            ColumnName columnName = new ColumnName(column.name());
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw FelicetteException.badInput("duplicate_column", "column '" + column.name()
                        + "' is given twice (names are compared without case)");
            }
            ddl.add(columnName.sql() + " " + PgTypes.of(column));
            columns.add(new TapRows.ColumnRow(name.qualified(), column.name(), column.utype(), column.ucd(),
                    column.unit(), column.description(), VoTypesOf.datatype(column), blank(column.arraysize()),
                    blank(column.xtype()), sizeOf(column.arraysize()),
                    column.principal() == null || column.principal() ? 1 : 0, 0,
                    Boolean.TRUE.equals(column.std()) ? 1 : 0, index, 1, 0, index));
            index++;
        }
        jdbi.useTransaction(handle -> {
            lock(handle, name.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            SchemaInfo schema = schemaForCreate(handle, dao, caller, name.schema());
            // a new table belongs to its creator and is shared as its schema is
            TapRows.Access access = new TapRows.Access(caller.user(), schema.access().readAnon(),
                    schema.access().readOnlyGroup(), schema.access().readWriteGroup());
            quota(dao, caller.user(), 1);
            if (dao.tableTaken(name.qualified(), name.physical())) {
                throw new FelicetteException(Kind.CONFLICT, "table_exists", "table '" + name.qualified()
                        + "' exists (names are compared without case)", Map.of());
            }
            TapRows.TableRow tableRow = new TapRows.TableRow(schema.name(), schema.name() + "." + name.table(),
                    "table", blank(definition.utype()), blank(definition.description()), null, access, 1);
            List<TapRows.ColumnRow> rows = columns.stream().map(c -> new TapRows.ColumnRow(tableRow.tableName(),
                    c.columnName(), c.utype(), c.ucd(), c.unit(), c.description(), c.datatype(), c.arraysize(),
                    c.xtype(), c.size(), c.principal(), c.indexed(), c.std(), c.columnIndex(), c.nullable(),
                    c.primaryKey(), c.ordinal())).toList();
            TapRowLimits.require(TapRowLimits.violations(tableRow, rows));
            dao.createPhysicalTable(name, ddl);
            if (config.tapReaderRole() != null) {
                dao.grantRead(name, config.tapReaderRole());
            }
            dao.insertTable(tableRow);
            dao.insertColumns(rows);
            audit(handle, caller, "create", "table", name.qualified(), Map.of("columns", rows.size()));
        });
        return name;
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
     * The schema a new table goes to: the caller's own (created on first use), or one they own
     * or may write to. Felis schemas are not for user tables.
     */
    private SchemaInfo schemaForCreate(Handle handle, UserTableDao dao, Caller caller, SchemaName wanted) {
        // after the table's lock (never the other way round): two first tables of a user make one schema
        lock(handle, wanted.physical());
        SchemaInfo existing = dao.schema(wanted.name()).orElse(null);
        if (existing != null) {
            if (!existing.apiCreated()) {
                throw FelicetteException.forbidden("schema '" + existing.name() + "' is published from Felis; "
                        + "change it through /schemas");
            }
            if (!canWrite(caller, existing.access())) {
                throw FelicetteException.forbidden("you may not create tables in schema '" + existing.name() + "'");
            }
            return existing;
        }
        String own = ownSchema(dao, caller);
        if (!own.equalsIgnoreCase(wanted.name())) {
            throw FelicetteException.forbidden("schema '" + wanted.name() + "' does not exist; create tables in your "
                    + "own schema '" + own + "', or ask an admin to create '" + wanted.name() + "'");
        }
        SchemaName schema = new SchemaName(own);
        dao.createPhysicalSchema(schema);
        TapRows.SchemaRow row = new TapRows.SchemaRow(own, null, "tables of " + caller.user(), null,
                new TapRows.Access(caller.user(), 0, null, null), 1);
        dao.insertSchema(row);
        audit(handle, caller, "create", "schema", own, Map.of("owner", caller.user()));
        return new SchemaInfo(own, null, row.description(), null, row.access(), true);
    }

    /** The caller's personal schema: user_&lt;name&gt;, with a suffix when another user has that name already. */
    private static String ownSchema(UserTableDao dao, Caller caller) {
        return dao.userSchema(caller.user()).orElseGet(() -> {
            String base = Identifiers.userSchemaBase(caller.user());
            String candidate = base;
            for (int n = 2; dao.userSchemaTaken(candidate); n++) {
                candidate = base + "_" + n;
            }
            new SchemaName(candidate);
            dao.recordUserSchema(caller.user(), candidate);
            return candidate;
        });
    }

    /** Admin: creates an (empty) schema for an owner, e.g. for a group project. */
    public SchemaName createSchema(Caller caller, String schemaName, String owner) {
        caller.requireAdmin("create a schema");
        SchemaName schema = new SchemaName(schemaName);
        if (owner == null || owner.isBlank()) {
            throw FelicetteException.badInput("no_owner", "give the schema's owner (header x-schema-owner)");
        }
        TapRowLimits.require(TapRowLimits.violations(new TapRows.Access(owner.strip(), 0, null, null), schema.name()));
        jdbi.useTransaction(handle -> {
            lock(handle, schema.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            if (dao.schema(schema.name()).isPresent()) {
                throw new FelicetteException(Kind.CONFLICT, "schema_exists", "schema '" + schema.name() + "' exists",
                        Map.of());
            }
            if (schema.physical().startsWith("pg_") || dao.physicalSchemaExists(schema.physical())) {
                throw new FelicetteException(Kind.CONFLICT, "schema_exists", "the database has a schema '"
                        + schema.physical() + "' that is not a TAP schema (a system or another application's "
                        + "schema); choose another name", Map.of());
            }
            dao.createPhysicalSchema(schema);
            dao.insertSchema(new TapRows.SchemaRow(schema.name(), null, null, null,
                    new TapRows.Access(owner.strip(), 0, null, null), 1));
            audit(handle, caller, "create", "schema", schema.name(), Map.of("owner", owner.strip()));
        });
        return schema;
    }

    /** Changes descriptions and column metadata; the columns and their types must stay as they are. */
    public void update(Caller caller, String pathName, TableDefinition definition) {
        caller.requireIdentity("change a table");
        TableName name = TableName.parse(pathName);
        jdbi.useTransaction(handle -> {
            lock(handle, name.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            TableInfo table = writableTable(dao, caller, name);
            List<ColumnInfo> existing = dao.columns(table.name());
            Map<String, ColumnInfo> byName = new LinkedHashMap<>();
            existing.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
            Map<ColumnInfo, TableDefinition.Column> changes = new LinkedHashMap<>();
            for (TableDefinition.Column column : definition.columns()) {
                ColumnInfo current = byName.get(column.name() == null ? "" : column.name().toLowerCase(Locale.ROOT));
                if (current == null) {
                    throw FelicetteException.badInput("columns_changed", "column '" + column.name() + "' is not a "
                            + "column of " + table.name() + "; columns cannot be added or removed this way");
                }
                if (column.datatype() != null && !VoTypesOf.datatype(column).equals(current.datatype())
                        || column.arraysize() != null && !column.arraysize().equals(current.arraysize())) {
                    throw FelicetteException.badInput("columns_changed", "the type of column '" + current.name()
                            + "' cannot be changed this way (it is " + current.datatype()
                            + (current.arraysize() == null ? "" : " " + current.arraysize()) + ")");
                }
                changes.put(current, column);
            }
            if (!changes.isEmpty() && changes.size() != byName.size()) {
                List<String> missing = existing.stream().filter(c -> !changes.containsKey(c)).map(ColumnInfo::name)
                        .toList();
                throw FelicetteException.badInput("columns_changed", "the document leaves out columns " + missing
                        + " of " + table.name() + "; columns cannot be removed this way");
            }
            TapRowLimits.require(TapRowLimits.violations(new TapRows.TableRow(table.schemaName(), table.name(),
                    "table", definition.utype(), definition.description(), null, table.access(), 1), changes.entrySet()
                    .stream().map(e -> new TapRows.ColumnRow(table.name(), e.getKey().name(), e.getValue().utype(),
                            e.getValue().ucd(), e.getValue().unit(), e.getValue().description(), e.getKey().datatype(),
                            null, null, null, 0, 0, 0, null, 0, 0, 0)).toList()));
            changes.forEach((current, column) -> dao.describeColumn(table.name(), current.name(),
                    column.description() != null ? column.description() : current.description(),
                    column.ucd() != null ? column.ucd() : current.ucd(),
                    column.unit() != null ? column.unit() : current.unit(),
                    column.utype() != null ? column.utype() : current.utype(),
                    column.principal() != null ? (column.principal() ? 1 : 0) : (current.principal() ? 1 : 0),
                    column.std() != null ? (column.std() ? 1 : 0) : (current.std() ? 1 : 0)));
            dao.describeTable(table.name(), definition.description() != null ? definition.description()
                    : table.description(), definition.utype() != null ? definition.utype() : table.utype());
            audit(handle, caller, "describe", "table", table.name(), Map.of("before", table.description() == null
                    ? "" : table.description(), "after", definition.description() == null ? "" : definition.description()));
        });
    }

    /** Drops a table (owner of it or of its schema, or admin) or an empty schema (owner or admin). */
    public void drop(Caller caller, String pathName) {
        caller.requireIdentity("drop a table");
        if (pathName.contains(".")) {
            TableName name = TableName.parse(pathName);
            jdbi.useTransaction(handle -> {
                lock(handle, name.physical());
                UserTableDao dao = handle.attach(UserTableDao.class);
                TableInfo table = visibleTable(dao, caller, name);
                SchemaInfo schema = dao.schema(table.schemaName()).orElseThrow();
                if (!table.apiCreated() || !schema.apiCreated()) {
                    throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                            + "change it through /schemas");
                }
                if (!caller.admin() && !caller.user().equals(table.access().ownerId())
                        && !caller.user().equals(schema.access().ownerId())) {
                    throw FelicetteException.forbidden("only the owner of '" + table.name() + "' or of its schema may "
                            + "drop it");
                }
                dao.dropPhysicalTable(name);
                dao.deleteColumns(table.name());
                dao.deleteTable(table.name());
                audit(handle, caller, "drop", "table", table.name(), Map.of("owner", String.valueOf(table.access().ownerId())));
            });
            return;
        }
        SchemaName name = new SchemaName(pathName);
        jdbi.useTransaction(handle -> {
            lock(handle, name.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            SchemaInfo schema = dao.schema(name.name()).filter(s -> visible(caller, s.access()))
                    .orElseThrow(() -> FelicetteException.notFound("no table or schema '" + pathName + "'"));
            if (!schema.apiCreated()) {
                throw FelicetteException.forbidden("schema '" + schema.name() + "' is published from Felis; "
                        + "retire it through /schemas");
            }
            if (!caller.admin() && !caller.user().equals(schema.access().ownerId())) {
                throw FelicetteException.forbidden("only the owner of schema '" + schema.name() + "' may drop it");
            }
            int tables = dao.tableCount(schema.name());
            if (tables > 0) {
                throw new FelicetteException(Kind.CONFLICT, "schema_not_empty", "schema '" + schema.name() + "' has "
                        + tables + (tables == 1 ? " table" : " tables") + "; drop them first", Map.of("tables", tables));
            }
            dao.dropPhysicalSchema(new SchemaName(schema.name()));
            dao.deleteSchema(schema.name());
            audit(handle, caller, "drop", "schema", schema.name(), Map.of());
        });
    }

    public Permissions permissions(Caller caller, String pathName) {
        return jdbi.withExtension(UserTableDao.class, dao -> Permissions.of(access(dao, caller, pathName)));
    }

    /**
     * Sets who may see and change a schema or table (owner or admin; only an admin transfers
     * ownership). A schema's permissions apply to its tables too.
     */
    public Permissions setPermissions(Caller caller, String pathName, Permissions.Change change) {
        caller.requireIdentity("change permissions");
        return jdbi.inTransaction(handle -> {
            lock(handle, pathName.toLowerCase(Locale.ROOT));
            UserTableDao dao = handle.attach(UserTableDao.class);
            TapRows.Access current = access(dao, caller, pathName);
            if (!caller.admin() && !caller.user().equals(current.ownerId())) {
                throw FelicetteException.forbidden("only the owner of '" + pathName + "' may change its permissions");
            }
            if (change.owner() != null && !change.owner().strip().equals(current.ownerId() == null ? "" : current.ownerId())
                    && !caller.admin()) {
                throw FelicetteException.forbidden("only an admin may give '" + pathName + "' to another owner");
            }
            Permissions before = Permissions.of(current);
            TapRows.Access next = before.apply(change, current);
            TapRowLimits.require(TapRowLimits.violations(next, pathName));
            if (pathName.contains(".")) {
                dao.setTableAccess(dao.table(pathName).orElseThrow().name(), next);
            } else {
                String schema = dao.schema(pathName).orElseThrow().name();
                dao.setSchemaAccess(schema, next);
                dao.setTablesOfSchemaAccess(schema, next);
            }
            Permissions after = Permissions.of(next);
            audit(handle, caller, "grant", pathName.contains(".") ? "table" : "schema", pathName,
                    Map.of("before", before, "after", after));
            return after;
        });
    }

    /** The caller's usage and limits. */
    public record Quota(String user, int tables, long bytes, int maxTables, long maxBytes) {
    }

    public Quota quota(Caller caller) {
        caller.requireIdentity("see a quota");
        UserTablesConfig.Quota limits = config.quotaOf(caller.user());
        UserTableDao.Usage usage = jdbi.withExtension(UserTableDao.class, dao -> dao.usage(caller.user()));
        return new Quota(caller.user(), usage.tables(), usage.bytes(), limits.maxTables(), limits.maxBytes());
    }

    private void quota(UserTableDao dao, String user, int newTables) {
        UserTablesConfig.Quota limits = config.quotaOf(user);
        UserTableDao.Usage usage = dao.usage(user);
        if (usage.tables() + newTables > limits.maxTables()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_tables", "quota exceeded: you have " + usage.tables()
                    + " tables and may have " + limits.maxTables(), Map.of("tables", usage.tables(),
                            "max_tables", limits.maxTables()));
        }
        if (usage.bytes() >= limits.maxBytes()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_bytes", "quota exceeded: your tables take "
                    + usage.bytes() + " bytes of " + limits.maxBytes(), Map.of("bytes", usage.bytes(),
                            "max_bytes", limits.maxBytes()));
        }
    }

    private TapRows.Access access(UserTableDao dao, Caller caller, String pathName) {
        if (pathName.contains(".")) {
            TableName name = TableName.parse(pathName);
            return visibleTable(dao, caller, name).access();
        }
        new SchemaName(pathName);
        return dao.schema(pathName).filter(s -> visible(caller, s.access())).map(SchemaInfo::access)
                .orElseThrow(() -> FelicetteException.notFound("no table or schema '" + pathName + "'"));
    }

    private static TableInfo visibleTable(UserTableDao dao, Caller caller, TableName name) {
        return dao.table(name.qualified()).filter(t -> visible(caller, t.access()))
                .orElseThrow(() -> FelicetteException.notFound("no table or schema '" + name.qualified() + "'"));
    }

    private static TableInfo writableTable(UserTableDao dao, Caller caller, TableName name) {
        TableInfo table = visibleTable(dao, caller, name);
        if (!table.apiCreated()) {
            throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                    + "change it through /schemas");
        }
        if (!canWrite(caller, table.access())) {
            throw FelicetteException.forbidden("you may not change table '" + table.name() + "'");
        }
        return table;
    }

    /** The read rule (DESIGN.md §6). */
    static boolean visible(Caller caller, TapRows.Access a) {
        return caller.admin() || a.ownerId() == null || a.readAnon() == 1
                || (caller.user() != null && caller.user().equals(a.ownerId()))
                || caller.isMemberOf(a.readOnlyGroup()) || caller.isMemberOf(a.readWriteGroup());
    }

    /** The write rule: owner, read-write group, or admin. */
    static boolean canWrite(Caller caller, TapRows.Access a) {
        return caller.admin() || (caller.user() != null && caller.user().equals(a.ownerId()))
                || caller.isMemberOf(a.readWriteGroup());
    }

    private static void lock(Handle handle, String key) {
        handle.attach(LockDao.class).lockForTransaction("user-table:" + key.toLowerCase(Locale.ROOT));
    }

    private static void audit(Handle handle, Caller caller, String action, String type, String name,
            Map<String, Object> detail) {
        try {
            handle.attach(AuditDao.class).record(caller.user(), action, type, name, JSON.writeValueAsString(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Integer sizeOf(String arraysize) {
        if (arraysize == null) {
            return null;
        }
        String digits = arraysize.strip().replace("*", "");
        return digits.matches("[0-9]{1,8}") ? Integer.valueOf(digits) : null;
    }

    /** The datatype TAP_SCHEMA keeps for a client's column. */
    static final class VoTypesOf {
        private VoTypesOf() {
        }

        static String datatype(TableDefinition.Column column) {
            return column.datatype() == null ? null : column.datatype().strip();
        }
    }
}
