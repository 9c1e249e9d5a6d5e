package org.felicette.catalog.tables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.db.UserTableDao;
import org.felicette.felis.Ucds;
import org.felicette.felis.Units;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.Identifiers;
import org.felicette.tapschema.TableDefinition;
import org.felicette.tapschema.VotableTypes;
import org.felicette.db.Db;

/**
 * YouCat's dry check of a table or schema ({@code GET /tables/{name}?action=validate}): whether
 * what TAP_SCHEMA says of it holds. Every column's datatype is one a VOTable can carry, its unit
 * parses and its UCD is valid; for a table created through the API, the database table exists
 * and has exactly TAP_SCHEMA's columns, each of the type its VOTable datatype maps to.
 */
public final class TableValidator {

    private final Db db;

    public TableValidator(Db db) {
        this.db = db;
    }

    /** What is wrong with a visible table or schema (every table in it that the caller sees); empty when nothing. */
    public List<String> problems(Caller caller, String name) {
        return db.withExtension(UserTableDao.class, dao -> {
            List<String> out = new ArrayList<>();
            if (name.contains(".")) {
                Identifiers.TableName.parse(name);
                TableInfo table = dao.table(name).orElse(null);
                SchemaInfo schema = table == null ? null : dao.schema(table.schemaName()).orElse(null);
                if (table == null || schema == null || !table.access().readableBy(caller, schema.access())) {
                    throw FelicetteException.notFound("no table or schema '" + name + "'");
                }
                check(dao, table, out);
                return out;
            }
            new Identifiers.SchemaName(name);
            SchemaInfo schema = dao.schema(name).filter(s -> s.access().readableBy(caller)).orElseThrow(
                    () -> FelicetteException.notFound("no table or schema '" + name + "'"));
            for (String tableName : dao.tableNames(schema.name())) {
                TableInfo table = dao.table(tableName).orElseThrow();
                if (table.access().readableBy(caller, schema.access())) {
                    check(dao, table, out);
                }
            }
            return out;
        });
    }

    private static void check(UserTableDao dao, TableInfo table, List<String> out) {
        List<ColumnInfo> columns = dao.columns(table.name());
        if (columns.isEmpty()) {
            out.add(table.name() + ": TAP_SCHEMA lists no columns");
        }
        for (ColumnInfo c : columns) {
            String where = table.name() + "." + c.name();
            Units.Check unit = c.unit() == null || c.unit().isBlank() ? null : Units.check(c.unit());
            if (unit != null && !unit.valid()) {
                out.add(where + ": unit '" + c.unit() + "' is not valid (" + unit.error() + ")");
            }
            if (c.ucd() != null && !c.ucd().isBlank()) {
                Ucds.check(c.ucd()).ifPresent(problem -> out.add(where + ": UCD '" + c.ucd() + "': " + problem));
            }
        }
        if (!table.apiCreated()) {
            return;
        }
        Map<String, String> physical = new HashMap<>();
        dao.physicalColumns(table.name().toLowerCase(Locale.ROOT)).forEach(p -> physical.put(p.name(), p.type()));
        if (physical.isEmpty()) {
            out.add(table.name() + ": the database has no such table");
            return;
        }
        for (ColumnInfo c : columns) {
            String where = table.name() + "." + c.name();
            String type = physical.remove(c.name().toLowerCase(Locale.ROOT));
            if (type == null) {
                out.add(where + ": the database table has no such column");
                continue;
            }
            String expected;
            try {
                expected = formatType(VotableTypes.postgres(new TableDefinition.Column(c.name(), null, c.datatype(), c.arraysize(),
                        c.xtype(), null, null, null, null, null, null)));
            } catch (FelicetteException e) {
                out.add(where + ": " + e.getMessage());
                continue;
            }
            if (!expected.equals(type)) {
                out.add(where + ": the database column is " + type + ", but its datatype " + c.datatype()
                        + (c.arraysize() == null ? "" : " (arraysize " + c.arraysize() + ")") + " needs " + expected);
            }
        }
        physical.keySet().stream().sorted().forEach(column -> out.add(table.name() + "." + column
                + ": the database table has this column, TAP_SCHEMA does not list it"));
    }

    /** The spelling PostgreSQL's format_type gives a type of {@link VotableTypes#postgres}. */
    static String formatType(String pgType) {
        if (pgType.startsWith("char(")) {
            return "character" + pgType.substring(4);
        }
        if (pgType.startsWith("varchar(")) {
            return "character varying" + pgType.substring(7);
        }
        return pgType.equals("timestamp") ? "timestamp without time zone" : pgType;
    }
}
