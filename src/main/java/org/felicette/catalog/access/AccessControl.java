package org.felicette.catalog.access;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.catalog.TapRowLimits;
import org.felicette.catalog.UserChanges;

/**
 * Who may see and change a schema or a table, in YouCat's terms ({@code /permissions/{name}}
 * and the {@code x-vosi-*} headers). A schema's permissions and a table's are separate.
 */
public final class AccessControl {

    private final UserChanges changes;

    public AccessControl(UserChanges changes) {
        this.changes = changes;
    }

    public Permissions permissions(Caller caller, String pathName) {
        return changes.db().withExtension(UserTableDao.class, dao -> Permissions.of(changes.access(dao, caller,
                pathName)));
    }

    /**
     * Sets who may see and change one schema or one table: its owner, the owner of its schema
     * (for a table), or an admin; only an admin transfers ownership. A schema's change never
     * touches its tables, nor a table's its schema.
     */
    public Permissions setPermissions(Caller caller, String pathName, Permissions.Change change) {
        caller.requireIdentity("change permissions");
        return changes.db().inTransaction(tx -> {
            changes.lock(tx, pathName.toLowerCase(Locale.ROOT));
            UserTableDao dao = tx.attach(UserTableDao.class);
            boolean isTable = pathName.contains(".");
            Access current;
            String stored;
            if (isTable) {
                UserChanges.Found found = changes.visibleTable(dao, caller, TableName.parse(pathName));
                if (!found.mayManage(caller)) {
                    throw FelicetteException.forbidden("only the owner of '" + pathName + "' or of its schema may "
                            + "change its permissions");
                }
                current = found.table().access();
                stored = found.table().name();
            } else {
                SchemaInfo schema = changes.visibleSchema(dao, caller, new SchemaName(pathName).name());
                if (!schema.access().managedBy(caller, null)) {
                    throw FelicetteException.forbidden("only the owner of '" + pathName + "' may change its permissions");
                }
                current = schema.access();
                stored = schema.name();
            }
            if (change.owner() != null && !change.owner().strip().equals(Objects.toString(current.ownerId(), ""))
                    && !caller.admin()) {
                throw FelicetteException.forbidden("only an admin may give '" + pathName + "' to another owner");
            }
            if (!isTable && change.owner() != null) {
                String holder = dao.personalSchemaUser(stored).orElse(null);
                if (holder != null && !holder.equals(change.owner().strip())) {
                    throw new FelicetteException(FelicetteException.Kind.CONFLICT, "personal_schema", "schema '"
                            + stored + "' is the personal schema of user '" + holder + "' and always belongs to them",
                            Map.of());
                }
            }
            changes.requireKnownGroups(change.readGroup(), change.readWriteGroup());
            Permissions before = Permissions.of(current);
            Access next = Permissions.apply(change, current);
            TapRowLimits.require(TapRowLimits.violations(next, pathName));
            if (isTable) {
                dao.setTableAccess(stored, next);
            } else {
                dao.setSchemaAccess(stored, next);
            }
            Permissions after = Permissions.of(next);
            changes.audit(tx, caller, "grant", isTable ? "table" : "schema", stored, Map.of("before", before, "after", after));
            return after;
        });
    }

}
