package org.felicette.catalog.tables;

import java.util.Map;
import org.felicette.FelicetteException.Kind;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers;
import org.felicette.tapschema.SchemaDefinition;
import org.felicette.db.Tx;
import org.felicette.catalog.access.Permissions;
import org.felicette.catalog.TapRowLimits;
import org.felicette.catalog.UserChanges;

/**
 * Users' schemas: each user's personal schema ({@code user_<name>}, made with their first
 * table), the schemas an admin makes for an owner, their descriptions, and dropping them once
 * empty. A schema's permissions say who sees it listed and who may create tables in it.
 */
public final class UserSchemas {

    private final UserChanges changes;

    public UserSchemas(UserChanges changes) {
        this.changes = changes;
    }

    /**
     * The schema a new table goes to: the caller's own (created on first use), or one they own
     * or may write to. Felis schemas are not for user tables.
     */
    SchemaInfo schemaForCreate(Tx tx, UserTableDao dao, Caller caller, SchemaName wanted) {
        // after the table's lock (never the other way round): two first tables of a user make one schema
        changes.lock(tx, wanted.physical());
        // A schema the caller may not see answers as one that does not exist: the answer tells nothing of it.
        SchemaInfo found = dao.schema(wanted.name()).orElse(null);
        SchemaInfo existing = found != null && found.access().readableBy(caller) ? found : null;
        if (existing != null) {
            if (!existing.apiCreated()) {
                throw FelicetteException.forbidden("schema '" + existing.name() + "' is published from Felis; "
                        + "change it through /schemas");
            }
            if (!existing.access().writableBy(caller)) {
                throw notWritable(wanted, ownSchema(dao, caller));
            }
            return existing;
        }
        String own = ownSchema(dao, caller);
        if (found != null || !own.equalsIgnoreCase(wanted.name())) {
            throw notWritable(wanted, own);
        }
        SchemaName schema = new SchemaName(own);
        dao.createPhysicalSchema(schema);
        SchemaInfo row = new SchemaInfo(own, null, "tables of " + caller.user(), null,
                Access.privateTo(caller.user()), true);
        dao.insertSchema(row);
        changes.audit(tx, caller, "create", "schema", own, Map.of("owner", caller.user()));
        return row;
    }

    /**
     * One answer for a schema the caller may not create tables in, whether it exists and is not
     * theirs, is hidden from them or does not exist at all.
     */
    private static FelicetteException notWritable(SchemaName wanted, String own) {
        return FelicetteException.forbidden("you may not create tables in schema '" + wanted.name() + "': create "
                + "them in your own schema '" + own + "', in one shared with you for writing, or ask an admin to "
                + "create '" + wanted.name() + "'");
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
        String named = UserChanges.nullIfBlank(owner);
        changes.db().useTransaction(tx -> {
            changes.lock(tx, schema.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            if (dao.schema(schema.name()).isPresent()) {
                throw new FelicetteException(Kind.CONFLICT, "schema_exists", "schema '" + schema.name() + "' exists",
                        Map.of());
            }
            String schemaOwner = personal(schema) ? personalOwner(dao, schema, named)
                    : named == null ? caller.user() : named;
            changes.requireKnownGroups(permissions.readGroup(), permissions.readWriteGroup());
            Access access = Permissions.apply(new Permissions.Change(null, permissions.isPublic(),
                    permissions.readGroup(), permissions.readWriteGroup()), Access.privateTo(schemaOwner));
            SchemaInfo row = new SchemaInfo(schema.name(), UserChanges.nullIfBlank(document.utype()),
                    UserChanges.nullIfBlank(document.description()), null, access, true);
            TapRowLimits.require(TapRowLimits.violations(row));
            if (schema.physical().startsWith("pg_") || dao.physicalSchemaExists(schema.physical())) {
                throw new FelicetteException(Kind.CONFLICT, "schema_exists", "the database has a schema '"
                        + schema.physical() + "' that is not a TAP schema (a system or another application's "
                        + "schema); choose another name", Map.of());
            }
            dao.createPhysicalSchema(schema);
            dao.insertSchema(row);
            changes.audit(tx, caller, "create", "schema", schema.name(), Map.of("owner", schemaOwner,
                    "permissions", Permissions.of(access)));
        });
        return schema;
    }

    /** Whether the name is of the form of users' personal schemas ({@code user_<name>}). */
    static boolean personal(SchemaName schema) {
        return schema.physical().startsWith("user_");
    }

    /**
     * The owner of a personal schema an admin makes: always the user whose schema it is (the one
     * recorded for it, or the user the name is made from), never the admin; recorded as that
     * user's personal schema so that their first table goes there.
     */
    private static String personalOwner(UserTableDao dao, SchemaName schema, String named) {
        String holder = dao.personalSchemaUser(schema.name()).orElse(null);
        String nameSays = schema.name().substring("user_".length());
        String user = holder != null ? holder : named != null ? named : nameSays;
        boolean fits = holder != null ? named == null || named.equals(holder)
                : Identifiers.userSchemaBase(user).equalsIgnoreCase(schema.name());
        if (!fits) {
            throw new FelicetteException(Kind.CONFLICT, "personal_schema", "schema '" + schema.name() + "' is the "
                    + "personal schema of user '" + (holder != null ? holder : nameSays)
                    + "' and belongs to them; name another schema for '" + named + "'", Map.of());
        }
        if (holder == null) {
            String existing = dao.userSchema(user).orElse(null);
            if (existing != null) {
                throw new FelicetteException(Kind.CONFLICT, "personal_schema", "user '" + user + "' has a personal "
                        + "schema '" + existing + "' already", Map.of());
            }
            dao.recordUserSchema(user, schema.name());
        }
        return user;
    }

    /** Changes a schema's description and utype (its owner or an admin); what the document leaves out stays. */
    public void describeSchema(Caller caller, String schemaName, SchemaDefinition document) {
        caller.requireIdentity("change a schema");
        SchemaName name = new SchemaName(schemaName);
        checkDocumentName(name, document);
        changes.db().useTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            SchemaInfo schema = ownedSchema(dao, caller, name, "change");
            String description = document.description() != null ? document.description().strip() : schema.description();
            String utype = document.utype() != null ? UserChanges.nullIfBlank(document.utype()) : schema.utype();
            TapRowLimits.require(TapRowLimits.violations(new SchemaInfo(schema.name(), utype, description,
                    schema.index(), schema.access(), true)));
            dao.describeSchema(schema.name(), description, utype);
            changes.audit(tx, caller, "describe", "schema", schema.name(), Map.of("before",
                    schema.description() == null ? "" : schema.description(), "after",
                    description == null ? "" : description));
        });
    }

    /** Drops an empty schema: its owner or an admin. */
    public void drop(Caller caller, String schemaName) {
        caller.requireIdentity("drop a schema");
        SchemaName name = new SchemaName(schemaName);
        changes.db().useTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            SchemaInfo schema = ownedSchema(dao, caller, name, "drop");
            int tables = dao.tableCount(schema.name());
            if (tables > 0) {
                throw new FelicetteException(Kind.CONFLICT, "schema_not_empty", "schema '" + schema.name() + "' has "
                        + tables + (tables == 1 ? " table" : " tables") + "; drop them first", Map.of("tables", tables));
            }
            dao.dropPhysicalSchema(new SchemaName(schema.name()));
            dao.deleteSchema(schema.name());
            changes.audit(tx, caller, "drop", "schema", schema.name(), Map.of());
        });
    }

    /** A schema made through the API that the caller owns (or any, for an admin), to change or drop. */
    private SchemaInfo ownedSchema(UserTableDao dao, Caller caller, SchemaName name, String verb) {
        SchemaInfo schema = changes.visibleSchema(dao, caller, name.name());
        if (!schema.apiCreated()) {
            throw FelicetteException.forbidden("schema '" + schema.name() + "' is published from Felis; "
                    + (verb.equals("drop") ? "retire" : verb) + " it through /schemas");
        }
        if (!schema.access().managedBy(caller, null)) {
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
}
