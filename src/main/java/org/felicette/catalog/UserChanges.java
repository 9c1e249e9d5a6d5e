package org.felicette.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.AuditDao;
import org.felicette.db.LockDao;
import org.felicette.db.QuotaLedger;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.db.Tx;
import org.felicette.auth.GroupUris;
import org.felicette.db.Db;

/**
 * What the services of users' schemas and tables share: the transactions they run in, the
 * per-name locks that make writers of one name take turns, the audit record of every change
 * (after whose commit this instance's readers are told at once), and the lookups of what a
 * caller may see.
 */
public final class UserChanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Db db;
    private final QuotaLedger ledger;
    private final Runnable changed;
    private final GroupUris groupUris;

    /**
     * @param changed called after each change commits, before the call returns: the instance's
     *     own readers see its writes at once, without waiting for the database's notification
     */
    /** Refuses groups a grant may not name (a group URI of an unknown GMS service: it would reach nobody). */
    public void requireKnownGroups(String readGroup, String readWriteGroup) {
        groupUris.requireKnown(readGroup, "r-group");
        groupUris.requireKnown(readWriteGroup, "rw-group");
    }

    public UserChanges(Db db, QuotaLedger ledger, Runnable changed) {
        this(db, ledger, changed, GroupUris.NONE);
    }

    /** @param groupUris the GMS bases whose group URIs a grant may name */
    public UserChanges(Db db, QuotaLedger ledger, Runnable changed, GroupUris groupUris) {
        this.db = db;
        this.ledger = ledger;
        this.changed = changed;
        this.groupUris = groupUris;
    }

    public QuotaLedger ledger() {
        return ledger;
    }

    /**
     * A hold of the tx's transaction on one of an owner's limits, given up when that
     * transaction commits or rolls back.
     */
    public QuotaLedger.Reservation reserve(Tx tx, String kind, String owner) {
        QuotaLedger.Reservation reservation = ledger.open(tx, kind, owner);
        tx.afterCommit(reservation::close);
        tx.afterRollback(reservation::close);
        return reservation;
    }

    public Db db() {
        return db;
    }

    public void lock(Tx tx, String key) {
        tx.attach(LockDao.class).lockForTransaction("user-table:" + key.toLowerCase(Locale.ROOT));
    }

    /** The same lock, shared: loads of one table run side by side, and a drop or change waits for them. */
    public void share(Tx tx, String key) {
        tx.attach(LockDao.class).shareForTransaction("user-table:" + key.toLowerCase(Locale.ROOT));
    }

    /** Records a change; once its transaction commits, this instance's readers are told at once. */
    public void audit(Tx tx, Caller caller, String action, String type, String name, Map<String, Object> detail) {
        try {
            tx.attach(AuditDao.class).record(caller.user(), action, type, name, JSON.writeValueAsString(detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        tx.afterCommit(changed);
    }

    public Access access(UserTableDao dao, Caller caller, String pathName) {
        if (pathName.contains(".")) {
            return visibleTable(dao, caller, TableName.parse(pathName)).table().access();
        }
        return visibleSchema(dao, caller, new SchemaName(pathName).name()).access();
    }

    /** A table with its schema. */
    public record Found(TableInfo table, SchemaInfo schema) {

        /** Whether the caller may re-share and drop it: its owner, its schema's owner, or an admin. */
        public boolean mayManage(Caller caller) {
            return table.access().managedBy(caller, schema.access());
        }
    }

    public Found visibleTable(UserTableDao dao, Caller caller, TableName name) {
        TableInfo table = dao.table(name.qualified()).orElse(null);
        SchemaInfo schema = table == null ? null : dao.schema(table.schemaName()).orElse(null);
        if (table == null || schema == null || !table.access().readableBy(caller, schema.access())) {
            throw FelicetteException.notFound("no table or schema '" + name.qualified() + "'");
        }
        return new Found(table, schema);
    }

    public SchemaInfo visibleSchema(UserTableDao dao, Caller caller, String name) {
        return dao.schema(name).filter(s -> s.access().readableBy(caller))
                .orElseThrow(() -> FelicetteException.notFound("no table or schema '" + name + "'"));
    }

    /**
     * A table the caller may change: not one of a schema published from Felis (nor TAP_SCHEMA's
     * own), and theirs or shared with them read-write. A table ingested from the database (not
     * created through the API) is changed like one that was.
     */
    public TableInfo writableTable(UserTableDao dao, Caller caller, TableName name) {
        Found found = visibleTable(dao, caller, name);
        TableInfo table = found.table();
        if (!found.schema().apiCreated()) {
            throw FelicetteException.forbidden("table '" + table.name() + "' is published from Felis; "
                    + "change it through /schemas");
        }
        if (!table.access().writableBy(caller)) {
            throw FelicetteException.forbidden("you may not change table '" + table.name() + "'");
        }
        return table;
    }

    /** The value stripped, or null for one that is absent or blank. */
    public static String nullIfBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
