package org.felicette.catalog.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.DistributionDao;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Distribution;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.catalog.UserChanges;

/**
 * The distribution hints of users' tables (see {@link Distribution}): set by whoever may change
 * the table, checked against its columns and, for a dependent table, against the director it
 * names (visible to the caller, with a key column of the same type), and read by anyone who sees
 * the table.
 */
public final class TableDistributions {

    private static final Set<String> INTEGERS = Set.of("short", "int", "long");
    private static final Set<String> ANGLES = Set.of("float", "double");

    private final UserChanges changes;

    public TableDistributions(UserChanges changes) {
        this.changes = changes;
    }

    /** The table's hints, or {@link Distribution#NOT_PARTITIONED} when none were given. */
    public Distribution get(Caller caller, String pathName) {
        TableName name = TableName.parse(pathName);
        return changes.db().inTransaction(tx -> {
            TableInfo table = changes.visibleTable(tx.attach(UserTableDao.class), caller, name).table();
            return tx.attach(DistributionDao.class).distribution(table.name())
                    .orElse(Distribution.NOT_PARTITIONED);
        });
    }

    /** Sets the table's hints (replacing any); returns them with the tables' and columns' names as stored. */
    public Distribution set(Caller caller, String pathName, Distribution asked) {
        caller.requireIdentity("describe how a table is distributed");
        TableName name = TableName.parse(pathName);
        return changes.db().inTransaction(tx -> {
            changes.lock(tx, name.physical());
            UserTableDao dao = tx.attach(UserTableDao.class);
            TableInfo table = changes.writableTable(dao, caller, name);
            List<ColumnInfo> columns = dao.columns(table.name());
            List<String> problems = new ArrayList<>();
            ColumnInfo id = column(table.name(), columns, "id_col_name", asked.idColumn(), problems);
            ColumnInfo longitude = column(table.name(), columns, "longitude_col_name", asked.longitudeColumn(), problems);
            ColumnInfo latitude = column(table.name(), columns, "latitude_col_name", asked.latitudeColumn(), problems);
            requireType(id, "id_col_name", INTEGERS, "an integer (short, int or long)", problems);
            requireType(longitude, "longitude_col_name", ANGLES, "a float or double, in degrees", problems);
            requireType(latitude, "latitude_col_name", ANGLES, "a float or double, in degrees", problems);
            String director = null;
            ColumnInfo directorId = null;
            if (asked.refDirectorTable() != null) {
                TableInfo target = directorTable(dao, tx.attach(DistributionDao.class), caller, table, asked,
                        problems);
                if (target != null) {
                    director = target.name();
                    directorId = column(target.name(), dao.columns(target.name()), "ref_director_id_col_name",
                            asked.refDirectorIdColumn(), problems);
                    if (id != null && directorId != null && !sameType(id, directorId)) {
                        problems.add("id_col_name '" + id.name() + "' is " + type(id) + " but the director's '"
                                + directorId.name() + "' is " + type(directorId) + "; a dependent table's key must "
                                + "have the type of its director's");
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "bad_distribution",
                        table.name() + ": " + String.join("; ", problems), Map.of("errors", problems));
            }
            Distribution stored = new Distribution(asked.partitioned(), asked.director(), nameOf(id), nameOf(longitude),
                    nameOf(latitude), director, nameOf(directorId));
            DistributionDao distributions = tx.attach(DistributionDao.class);
            distributions.put(table.name(), stored, caller.user());
            distributions.touch(table.name());
            changes.audit(tx, caller, "distribute", "table", table.name(), stored.fields());
            return stored;
        });
    }

    /** Forgets the table's hints (it is then not partitioned); whether there were any. */
    public boolean clear(Caller caller, String pathName) {
        caller.requireIdentity("describe how a table is distributed");
        TableName name = TableName.parse(pathName);
        return changes.db().inTransaction(tx -> {
            changes.lock(tx, name.physical());
            TableInfo table = changes.writableTable(tx.attach(UserTableDao.class), caller, name);
            DistributionDao distributions = tx.attach(DistributionDao.class);
            boolean had = distributions.delete(table.name()) > 0;
            if (had) {
                distributions.touch(table.name());
                changes.audit(tx, caller, "distribute", "table", table.name(), Map.of("is_partitioned", false));
            }
            return had;
        });
    }

    /** The director a dependent table names: visible to the caller, not the table itself, and not said to be anything but a director. */
    private TableInfo directorTable(UserTableDao dao, DistributionDao distributions, Caller caller,
            TableInfo table, Distribution asked, List<String> problems) {
        TableInfo target;
        try {
            target = changes.visibleTable(dao, caller, TableName.parse(asked.refDirectorTable())).table();
        } catch (FelicetteException notFound) {
            problems.add("ref_director_table '" + asked.refDirectorTable() + "' is not a table you can see");
            return null;
        }
        if (target.name().equalsIgnoreCase(table.name())) {
            problems.add("ref_director_table names this table itself; a dependent table follows another, director, "
                    + "table");
            return null;
        }
        Optional<Distribution> its = distributions.distribution(target.name());
        if (its.isPresent() && !(its.get().partitioned() && its.get().director())) {
            problems.add("ref_director_table '" + target.name() + "' is described as "
                    + (its.get().partitioned() ? "a dependent table" : "not partitioned") + ", not as a director");
            return null;
        }
        return target;
    }

    private static ColumnInfo column(String table, List<ColumnInfo> columns, String field, String name,
            List<String> problems) {
        if (name == null) {
            return null;
        }
        for (ColumnInfo c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        problems.add(field + " '" + name + "' is not a column of " + table);
        return null;
    }

    private static void requireType(ColumnInfo column, String field, Set<String> types, String what,
            List<String> problems) {
        if (column != null && (column.arraysize() != null && !column.arraysize().isBlank()
                || !types.contains(column.datatype().toLowerCase(Locale.ROOT)))) {
            problems.add(field + " '" + column.name() + "' is " + type(column) + "; it must be " + what);
        }
    }

    private static boolean sameType(ColumnInfo a, ColumnInfo b) {
        return type(a).equalsIgnoreCase(type(b));
    }

    private static String type(ColumnInfo c) {
        return c.datatype() + (c.arraysize() == null || c.arraysize().isBlank() ? "" : "[" + c.arraysize() + "]");
    }

    private static String nameOf(ColumnInfo c) {
        return c == null ? null : c.name();
    }
}
