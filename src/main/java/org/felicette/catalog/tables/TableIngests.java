package org.felicette.catalog.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.tapschema.VotableTypes;
import org.felicette.catalog.TapRowLimits;
import org.felicette.catalog.UserChanges;

/**
 * YouCat's ingest ({@code /table-update} with {@code ingest=true}): a table (or view) that
 * already exists in the database, made elsewhere, is described into TAP_SCHEMA from what the
 * database says of it: its columns in order, their types mapped to VOTable's. With {@code view},
 * the database view is recorded as a view of the table. The table stays where it is and whose
 * it is in the database; dropping its description later leaves it there.
 */
public final class TableIngests {

    /** What was described: the TAP_SCHEMA name, its type (table or view), its view target and columns. */
    public record Ingested(String table, String type, String viewTarget, List<String> columns) {
    }

    private final UserChanges changes;

    public TableIngests(UserChanges changes) {
        this.changes = changes;
    }

    /**
     * @param tableName {@code schema.table}: what is described, or with {@code viewName} the view's target
     * @param viewName null, or the {@code schema.view} to describe as a view of the table
     */
    public Ingested ingest(Caller caller, String tableName, String viewName) {
        caller.requireIdentity("ingest a table");
        TableName table = TableName.parse(tableName);
        TableName described = viewName == null ? table : TableName.parse(viewName);
        return changes.db().inTransaction(tx -> {
            changes.lock(tx, described.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            SchemaInfo schema = dao.schema(described.schema().name()).orElse(null);
            if (schema == null) {
                // TAP_SCHEMA's names keep their case; the path's may differ
                schema = dao.schema(described.schema().physical()).orElseThrow(() -> FelicetteException.notFound(
                        "schema '" + described.schema().name() + "' is not in TAP_SCHEMA; create it first (PUT /tables/"
                                + described.schema().name() + ")"));
            }
            if (!schema.apiCreated()) {
                throw FelicetteException.forbidden("schema '" + schema.name() + "' is published from Felis; "
                        + "its tables change through /schemas");
            }
            if (!schema.access().managedBy(caller, null)) {
                throw FelicetteException.forbidden("only an admin or the owner of schema '" + schema.name()
                        + "' may ingest a table into it");
            }
            String viewTarget = null;
            if (viewName != null) {
                viewTarget = changes.visibleTable(dao, caller, table).table().name();
            }
            String qualified = schema.name() + "." + described.table();
            if (dao.described(qualified)) {
                throw new FelicetteException(Kind.CONFLICT, "table_exists", "table '" + qualified
                        + "' is already in TAP_SCHEMA", Map.of());
            }
            String kind = dao.relationKind(described.physical()).orElseThrow(() -> FelicetteException.notFound(
                    "the database has no table or view " + described.physical() + " to ingest"));
            String type = switch (kind) {
                case "r", "p", "f" -> "table";
                case "v", "m" -> "view";
                default -> throw FelicetteException.badInput("not_a_table", described.physical() + " is neither a "
                        + "table nor a view");
            };
            if (viewName != null && !type.equals("view")) {
                throw FelicetteException.badInput("not_a_view", described.physical() + " is a table, not a view; "
                        + "ingest it without 'view'");
            }
            List<ColumnInfo> columns = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (UserTableDao.PhysicalColumn c : dao.physicalColumns(described.physical())) {
                String name;
                try {
                    name = new ColumnName(c.name()).name();
                } catch (FelicetteException e) {
                    problems.add("column " + c.name() + ": " + e.getMessage());
                    continue;
                }
                VotableTypes.VoType vo = VotableTypes.ofPostgres(c.type()).orElse(null);
                if (vo == null) {
                    problems.add("column " + c.name() + ": type " + c.type() + " has no VOTable datatype");
                    continue;
                }
                int ordinal = columns.size() + 1;
                columns.add(new ColumnInfo(qualified, name, null, null, null, null, vo.datatype(), vo.arraysize(),
                        vo.xtype(), true, false, false, ordinal, true, false, ordinal, null));
            }
            if (!problems.isEmpty()) {
                throw FelicetteException.badInput("cannot_ingest", "cannot ingest " + described.physical() + ": "
                        + String.join("; ", problems));
            }
            if (columns.isEmpty()) {
                throw FelicetteException.badInput("cannot_ingest", described.physical() + " has no columns to describe");
            }
            TableInfo row = new TableInfo(schema.name(), qualified, type, null, null, null,
                    Access.privateTo(caller.user()), false, null);
            TapRowLimits.require(TapRowLimits.violations(row, columns));
            dao.insertIngestedTable(row, viewTarget);
            dao.insertColumns(columns);
            changes.audit(tx, caller, "ingest", type, qualified, viewTarget == null ? Map.of("columns", columns.size())
                    : Map.of("columns", columns.size(), "view_target", viewTarget));
            return new Ingested(qualified, type, viewTarget, columns.stream().map(ColumnInfo::name).toList());
        });
    }
}
