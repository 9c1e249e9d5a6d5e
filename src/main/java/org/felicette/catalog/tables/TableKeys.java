package org.felicette.catalog.tables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers.TableName;
import org.felicette.tapschema.TableDefinition;
import org.felicette.catalog.UserChanges;

/**
 * The foreign keys of a user table, as TAP_SCHEMA keys: each points at a table the caller can see
 * (a survey's object table, say), from columns of this table to columns of that one, of the same
 * kind of type. They are metadata for query tools that offer joins; no constraint is made in the
 * database, so a survey can be republished without asking its users.
 */
final class TableKeys {

    private static final int MAX_KEYS = 32;
    private static final List<Set<String>> FAMILIES = List.of(Set.of("short", "int", "long", "unsignedbyte"),
            Set.of("float", "double"), Set.of("char", "unicodechar"), Set.of("boolean"));

    private final UserChanges changes;

    TableKeys(UserChanges changes) {
        this.changes = changes;
    }

    /**
     * Checks the keys of a table and writes them, replacing those it had.
     *
     * @param columns the table's columns as stored
     */
    void replace(UserTableDao dao, Caller caller, String table, List<ColumnInfo> columns,
            List<TableDefinition.ForeignKey> keys) {
        if (keys.size() > MAX_KEYS) {
            throw FelicetteException.badInput("too_many_keys", "a table may have at most " + MAX_KEYS
                    + " foreign keys, not " + keys.size());
        }
        List<String> problems = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            Checked c = check(dao, caller, table, columns, keys.get(k), k + 1, problems);
            if (c != null) {
                checked.add(c);
            }
        }
        if (!problems.isEmpty()) {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "bad_foreign_key",
                    table + ": " + String.join("; ", problems), Map.of("errors", problems));
        }
        dao.deleteKeysFrom(table);
        for (int k = 0; k < checked.size(); k++) {
            Checked c = checked.get(k);
            String id = keyId(table, k + 1);
            if (dao.keyIdTaken(id)) {
                throw new FelicetteException(FelicetteException.Kind.CONFLICT, "key_id_taken", "the key id " + id
                        + " for foreign key " + (k + 1) + " of " + table + " is taken; create the table again",
                        Map.of());
            }
            dao.insertKey(id, table, c.target(), UserChanges.nullIfBlank(c.key().utype()),
                    UserChanges.nullIfBlank(c.key().description()));
            dao.insertKeyColumns(id, c.from(), c.to());
        }
    }

    private record Checked(TableDefinition.ForeignKey key, String target, List<String> from, List<String> to) {
    }

    private Checked check(UserTableDao dao, Caller caller, String table, List<ColumnInfo> columns,
            TableDefinition.ForeignKey key, int number, List<String> problems) {
        String which = "foreign key " + number;
        if (key.targetTable() == null || key.targetTable().isBlank()) {
            problems.add(which + " has no targetTable");
            return null;
        }
        if (key.columns().isEmpty()) {
            problems.add(which + " (to " + key.targetTable() + ") has no fkColumn");
            return null;
        }
        TableInfo target;
        try {
            target = changes.visibleTable(dao, caller, TableName.parse(key.targetTable())).table();
        } catch (FelicetteException notVisible) {
            problems.add(which + ": '" + key.targetTable() + "' is not a table you can see");
            return null;
        }
        if (target.name().equalsIgnoreCase(table)) {
            problems.add(which + " points at the table itself");
            return null;
        }
        List<ColumnInfo> targetColumns = dao.columns(target.name());
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        for (TableDefinition.ColumnPair pair : key.columns()) {
            if (pair.fromColumn() == null || pair.targetColumn() == null) {
                problems.add(which + " has an fkColumn without its " + (pair.fromColumn() == null ? "fromColumn"
                        : "targetColumn"));
                continue;
            }
            ColumnInfo f = find(columns, pair.fromColumn());
            ColumnInfo t = find(targetColumns, pair.targetColumn());
            if (f == null) {
                problems.add(which + ": fromColumn '" + pair.fromColumn() + "' is not a column of " + table);
            }
            if (t == null) {
                problems.add(which + ": targetColumn '" + pair.targetColumn() + "' is not a column of " + target.name());
            }
            if (f != null && t != null) {
                if (!sameFamily(f.datatype(), t.datatype())) {
                    problems.add(which + ": '" + f.name() + "' is " + f.datatype() + " but " + target.name() + "."
                            + t.name() + " is " + t.datatype() + "; a key joins values of one kind");
                }
                from.add(f.name());
                to.add(t.name());
            }
        }
        return new Checked(key, target.name(), from, to);
    }

    private static ColumnInfo find(List<ColumnInfo> columns, String name) {
        if (name == null) {
            return null;
        }
        for (ColumnInfo c : columns) {
            if (c.name().equalsIgnoreCase(name.strip())) {
                return c;
            }
        }
        return null;
    }

    private static boolean sameFamily(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || FAMILIES.stream().anyMatch(f -> f.contains(x) && f.contains(y));
    }

    /** A key id of at most 64 characters, the same for the same table and place. */
    static String keyId(String table, int number) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((table.toLowerCase(Locale.ROOT) + "\n" + number).getBytes(StandardCharsets.UTF_8));
            return "user_fk_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
