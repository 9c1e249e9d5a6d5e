package org.felicette.catalog;

import org.felicette.tapschema.Access;
import org.felicette.tapschema.TapRows;
import org.felicette.tapschema.CatalogModel;
import org.felicette.tapschema.Identifiers;
import org.felicette.tapschema.TableDefinition;
import org.felicette.tapschema.SchemaDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.db.AuditDao;
import org.felicette.db.LockDao;
import org.felicette.db.UserTableDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Tables users create, describe, share and drop (the YouCat API). Every change is one
 * transaction: DDL, grants and TAP_SCHEMA rows together, so a failure leaves nothing behind;
 * writers of one name take turns, so two concurrent creates of a name give one table and one 409.
 * A schema's permissions and a table's are separate, as in YouCat: a schema's say who sees it
 * listed and who may create tables in it; a table's say who sees and changes the table; the
 * owner of a schema may also see, re-share and drop every table in it.
 */
public final class UserTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final UserTablesConfig config;
    private final Runnable changed;

    public UserTables(Jdbi jdbi, UserTablesConfig config) {
        this(jdbi, config, () -> { });
    }

    /**
     * @param changed called after each change commits, before the call returns: the instance's
     *     own readers see its writes at once, without waiting for the database's notification
     */
    public UserTables(Jdbi jdbi, UserTablesConfig config, Runnable changed) {
        this.jdbi = jdbi;
        this.config = config;
        this.changed = changed;
    }

    /**
     * A new table.
     *
     * @param reservedWords its column names that ADQL or PostgreSQL reserve: a query must quote them
     */
    public record Created(TableName name, List<String> reservedWords) {
    }

    /**
     * Creates a table from a client's definition; the name in the path wins over the document's.
     * It starts private, owned by its creator (or, for an admin, by {@code permissions.owner()}),
     * whatever its schema's permissions, and takes the given permissions in the same transaction.
     */
    public Created create(Caller caller, String pathName, TableDefinition definition, Permissions.Change permissions) {
        caller.requireIdentity("create a table");
        TableName name = TableName.parse(pathName);
        checkDocumentName(name, definition.name());
        if (definition.columns().isEmpty()) {
            throw FelicetteException.badInput("no_columns", "the table definition has no columns");
        }
        String owner = blank(permissions.owner()) == null ? caller.user() : permissions.owner().strip();
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
            if (blank(column.columnId()) != null && !ids.add(column.columnId().strip())) {
                throw FelicetteException.badInput("duplicate_column_id", "columnID '" + column.columnId().strip()
                        + "' is given to two columns; a columnID names one column");
            }
            if (columnName.isReservedWord()) {
                reserved.add(column.name());
            }
            ddl.add(columnName.sql() + " " + PgTypes.of(column));
        }
        Access access = Permissions.apply(new Permissions.Change(null, permissions.isPublic(),
                permissions.readGroup(), permissions.readWriteGroup()), Access.privateTo(owner));
        jdbi.useTransaction(handle -> {
            lock(handle, name.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            SchemaInfo schema = schemaForCreate(handle, dao, caller, name.schema());
            quota(dao, caller, owner, 1);
            if (dao.tableTaken(name.qualified(), name.physical())) {
                throw new FelicetteException(Kind.CONFLICT, "table_exists", "table '" + name.qualified()
                        + "' exists (names are compared without case)", Map.of());
            }
            String qualified = schema.name() + "." + name.table();
            TapRows.TableRow tableRow = new TapRows.TableRow(schema.name(), qualified, "table",
                    blank(definition.utype()), blank(definition.description()), null, access, 1);
            List<TapRows.ColumnRow> rows = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                rows.add(columnRow(qualified, columns.get(i), i + 1));
            }
            TapRowLimits.require(TapRowLimits.violations(tableRow, rows));
            for (String id : ids) {
                dao.columnWithId(id).ifPresent(holder -> {
                    throw new FelicetteException(Kind.CONFLICT, "column_id_taken", "columnID '" + id
                            + "' is already the id of column " + holder + "; a columnID is unique in TAP_SCHEMA",
                            Map.of("column_id", id));
                });
            }
            dao.createPhysicalTable(name, ddl);
            if (config.tapReaderRole() != null) {
                dao.grantRead(name, config.tapReaderRole());
            }
            dao.insertTable(tableRow);
            dao.insertColumns(rows);
            audit(handle, caller, "create", "table", name.qualified(), Map.of("columns", rows.size(),
                    "permissions", Permissions.of(access)));
        });
        return new Created(name, List.copyOf(reserved));
    }

    /** The TAP_SCHEMA row of a client's column, at place {@code index} (1, 2, ...) of its table. */
    private static TapRows.ColumnRow columnRow(String table, TableDefinition.Column column, int index) {
        return new TapRows.ColumnRow(table, column.name(), blank(column.utype()), blank(column.ucd()),
                blank(column.unit()), column.description(), VoTypesOf.datatype(column), blank(column.arraysize()),
                blank(column.xtype()), sizeOf(column.arraysize()), column.principal() == null || column.principal() ? 1 : 0,
                0, Boolean.TRUE.equals(column.std()) ? 1 : 0, index, 1, 0, index, blank(column.columnId()));
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
            if (!existing.access().writableBy(caller)) {
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
                Access.privateTo(caller.user()), 1);
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

    /**
     * Admin: creates an (empty) schema, e.g. for a group project, owned by {@code owner} (the
     * caller when null), described by {@code document}, with the given permissions.
     */
    public SchemaName createSchema(Caller caller, String schemaName, String owner, SchemaDefinition document,
            Permissions.Change permissions) {
        caller.requireAdmin("create a schema");
        SchemaName schema = new SchemaName(schemaName);
        checkDocumentName(schema, document);
        String schemaOwner = blank(owner) == null ? caller.user() : owner.strip();
        Access access = Permissions.apply(new Permissions.Change(null, permissions.isPublic(),
                permissions.readGroup(), permissions.readWriteGroup()), Access.privateTo(schemaOwner));
        TapRows.SchemaRow row = new TapRows.SchemaRow(schema.name(), blank(document.utype()),
                blank(document.description()), null, access, 1);
        TapRowLimits.require(TapRowLimits.violations(row));
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
            dao.insertSchema(row);
            audit(handle, caller, "create", "schema", schema.name(), Map.of("owner", schemaOwner,
                    "permissions", Permissions.of(access)));
        });
        return schema;
    }

    /** Changes a schema's description and utype (its owner or an admin); what the document leaves out stays. */
    public void describeSchema(Caller caller, String schemaName, SchemaDefinition document) {
        caller.requireIdentity("change a schema");
        SchemaName name = new SchemaName(schemaName);
        checkDocumentName(name, document);
        jdbi.useTransaction(handle -> {
            lock(handle, name.physical());
            UserTableDao dao = handle.attach(UserTableDao.class);
            SchemaInfo schema = ownedSchema(dao, caller, name, "change");
            String description = document.description() != null ? document.description().strip() : schema.description();
            String utype = document.utype() != null ? blank(document.utype()) : schema.utype();
            TapRowLimits.require(TapRowLimits.violations(new TapRows.SchemaRow(schema.name(), utype, description,
                    schema.index(), schema.access(), 1)));
            dao.describeSchema(schema.name(), description, utype);
            audit(handle, caller, "describe", "schema", schema.name(), Map.of("before",
                    schema.description() == null ? "" : schema.description(), "after",
                    description == null ? "" : description));
        });
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
                requireSameType(table.name(), current, column);
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
                            null, null, null, 0, 0, 0, null, 0, 0, 0, null)).toList()));
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

    /**
     * A metadata change may not change what a column holds: its datatype, arraysize or xtype. A
     * column given with its datatype (a VOSI dataType element, or the JSON view's datatype) states
     * its whole type, so an arraysize or xtype it leaves out is none; a column given without one
     * leaves the type as it is (but for an arraysize or xtype it gives on its own).
     */
    private static void requireSameType(String table, ColumnInfo current, TableDefinition.Column column) {
        boolean whole = column.datatype() != null;
        String arraysize = blank(column.arraysize());
        String xtype = blank(column.xtype());
        List<String> changed = new ArrayList<>();
        if (whole && !VoTypesOf.datatype(column).equalsIgnoreCase(current.datatype())) {
            changed.add("datatype " + current.datatype() + " to " + VoTypesOf.datatype(column));
        }
        if ((whole || arraysize != null) && !Objects.equals(arraysize, blank(current.arraysize()))) {
            changed.add("arraysize " + Objects.toString(current.arraysize(), "(none)") + " to "
                    + Objects.toString(arraysize, "(none)"));
        }
        if ((whole || xtype != null) && !Objects.equals(xtype, blank(current.xtype()))) {
            changed.add("xtype " + Objects.toString(current.xtype(), "(none)") + " to "
                    + Objects.toString(xtype, "(none)"));
        }
        if (!changed.isEmpty()) {
            throw FelicetteException.badInput("columns_changed", "column '" + current.name() + "' of " + table
                    + " cannot change its " + String.join(", ", changed) + ": a table's column types are fixed when "
                    + "it is created (drop it and create it again to change them)");
        }
    }

    /** Drops a table (owner of it or of its schema, or admin) or an empty schema (owner or admin). */
    public void drop(Caller caller, String pathName) {
        caller.requireIdentity("drop a table");
        if (pathName.contains(".")) {
            TableName name = TableName.parse(pathName);
            jdbi.useTransaction(handle -> {
                lock(handle, name.physical());
                UserTableDao dao = handle.attach(UserTableDao.class);
                Found found = visibleTable(dao, caller, name);
                TableInfo table = found.table();
                if (!table.apiCreated() || !found.schema().apiCreated()) {
                    throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                            + "change it through /schemas");
                }
                if (!found.mayManage(caller)) {
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
            SchemaInfo schema = ownedSchema(dao, caller, name, "drop");
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
     * Sets who may see and change one schema or one table: its owner, the owner of its schema
     * (for a table), or an admin; only an admin transfers ownership. A schema's change never
     * touches its tables, nor a table's its schema.
     */
    public Permissions setPermissions(Caller caller, String pathName, Permissions.Change change) {
        caller.requireIdentity("change permissions");
        return jdbi.inTransaction(handle -> {
            lock(handle, pathName.toLowerCase(Locale.ROOT));
            UserTableDao dao = handle.attach(UserTableDao.class);
            boolean isTable = pathName.contains(".");
            Access current;
            String stored;
            if (isTable) {
                Found found = visibleTable(dao, caller, TableName.parse(pathName));
                if (!found.mayManage(caller)) {
                    throw FelicetteException.forbidden("only the owner of '" + pathName + "' or of its schema may "
                            + "change its permissions");
                }
                current = found.table().access();
                stored = found.table().name();
            } else {
                SchemaInfo schema = visibleSchema(dao, caller, new SchemaName(pathName).name());
                if (!caller.admin() && !caller.is(schema.access().ownerId())) {
                    throw FelicetteException.forbidden("only the owner of '" + pathName + "' may change its permissions");
                }
                current = schema.access();
                stored = schema.name();
            }
            if (change.owner() != null && !change.owner().strip().equals(Objects.toString(current.ownerId(), ""))
                    && !caller.admin()) {
                throw FelicetteException.forbidden("only an admin may give '" + pathName + "' to another owner");
            }
            Permissions before = Permissions.of(current);
            Access next = Permissions.apply(change, current);
            TapRowLimits.require(TapRowLimits.violations(next, pathName));
            if (isTable) {
                dao.setTableAccess(stored, next);
            } else {
                dao.setSchemaAccess(stored, next);
            }
            Permissions after = Permissions.of(next);
            audit(handle, caller, "grant", isTable ? "table" : "schema", stored, Map.of("before", before, "after", after));
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

    /** The quota of the table's owner (the caller, or whom an admin creates it for). */
    private void quota(UserTableDao dao, Caller caller, String owner, int newTables) {
        UserTablesConfig.Quota limits = config.quotaOf(owner);
        UserTableDao.Usage usage = dao.usage(owner);
        boolean self = caller.is(owner);
        if (usage.tables() + newTables > limits.maxTables()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_tables", "quota exceeded: " + (self ? "you have "
                    : owner + " has ") + usage.tables() + " tables and may have " + limits.maxTables(),
                    Map.of("tables", usage.tables(), "max_tables", limits.maxTables()));
        }
        if (usage.bytes() >= limits.maxBytes()) {
            throw new FelicetteException(Kind.TOO_LARGE, "quota_bytes", "quota exceeded: " + (self ? "your tables take "
                    : "the tables of " + owner + " take ") + usage.bytes() + " bytes of " + limits.maxBytes(),
                    Map.of("bytes", usage.bytes(), "max_bytes", limits.maxBytes()));
        }
    }

    private static Access access(UserTableDao dao, Caller caller, String pathName) {
        if (pathName.contains(".")) {
            return visibleTable(dao, caller, TableName.parse(pathName)).table().access();
        }
        return visibleSchema(dao, caller, new SchemaName(pathName).name()).access();
    }

    /** A table with its schema. */
    private record Found(TableInfo table, SchemaInfo schema) {

        /** Whether the caller may re-share and drop it: its owner, its schema's owner, or an admin. */
        boolean mayManage(Caller caller) {
            return table.access().managedBy(caller, schema.access());
        }
    }

    private static Found visibleTable(UserTableDao dao, Caller caller, TableName name) {
        TableInfo table = dao.table(name.qualified()).orElse(null);
        SchemaInfo schema = table == null ? null : dao.schema(table.schemaName()).orElse(null);
        if (table == null || schema == null || !table.access().readableBy(caller, schema.access())) {
            throw FelicetteException.notFound("no table or schema '" + name.qualified() + "'");
        }
        return new Found(table, schema);
    }

    /** A schema made through the API that the caller owns (or any, for an admin), to change or drop. */
    private static SchemaInfo ownedSchema(UserTableDao dao, Caller caller, SchemaName name, String verb) {
        SchemaInfo schema = visibleSchema(dao, caller, name.name());
        if (!schema.apiCreated()) {
            throw FelicetteException.forbidden("schema '" + schema.name() + "' is published from Felis; "
                    + (verb.equals("drop") ? "retire" : verb) + " it through /schemas");
        }
        if (!caller.admin() && !caller.is(schema.access().ownerId())) {
            throw FelicetteException.forbidden("only the owner of schema '" + schema.name() + "' may " + verb + " it");
        }
        return schema;
    }

    /** A schema document names the schema of the path, or none. */
    private static void checkDocumentName(SchemaName path, SchemaDefinition document) {
        if (document.name() != null && !document.name().isBlank() && !document.name().strip().equalsIgnoreCase(path.name())) {
            throw FelicetteException.badInput("name_mismatch", "the path names schema '" + path.name()
                    + "' but the document names '" + document.name().strip() + "'");
        }
    }

    private static SchemaInfo visibleSchema(UserTableDao dao, Caller caller, String name) {
        return dao.schema(name).filter(s -> s.access().readableBy(caller))
                .orElseThrow(() -> FelicetteException.notFound("no table or schema '" + name + "'"));
    }

    private static TableInfo writableTable(UserTableDao dao, Caller caller, TableName name) {
        TableInfo table = visibleTable(dao, caller, name).table();
        if (!table.apiCreated()) {
            throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                    + "change it through /schemas");
        }
        if (!table.access().writableBy(caller)) {
            throw FelicetteException.forbidden("you may not change table '" + table.name() + "'");
        }
        return table;
    }

    private static void lock(Handle handle, String key) {
        handle.attach(LockDao.class).lockForTransaction("user-table:" + key.toLowerCase(Locale.ROOT));
    }

    /** Records a change; once its transaction commits, this instance's readers are told at once. */
    private void audit(Handle handle, Caller caller, String action, String type, String name,
            Map<String, Object> detail) {
        try {
            handle.attach(AuditDao.class).record(caller.user(), action, type, name, JSON.writeValueAsString(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        handle.afterCommit(changed);
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
