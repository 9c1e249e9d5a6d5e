package org.felicette.tapschema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.TableName;

/**
 * How a table would be spread over a distributed back end, in the vocabulary of Qserv's
 * user-table ingest: not partitioned (every worker holds all of it); a partitioned
 * <em>director</em> table, placed by the position in its longitude and latitude columns and keyed
 * by its id column; or a partitioned <em>dependent</em> table, placed with the director row its id
 * column points at ({@code ref_director_table}, {@code ref_director_id_col_name}).
 *
 * <p>The shape is checked here (what each kind needs and what it may not have); whether the
 * columns exist, have fitting types and the director is visible is for whoever knows the tables.
 */
public record Distribution(boolean partitioned, boolean director, String idColumn, String longitudeColumn,
        String latitudeColumn, String refDirectorTable, String refDirectorIdColumn) {

    /** A table stored whole: Qserv's default. */
    public static final Distribution NOT_PARTITIONED = new Distribution(false, false, null, null, null, null, null);

    /** The fields, as Qserv names them. */
    public static final List<String> FIELDS = List.of("is_partitioned", "is_director", "id_col_name",
            "longitude_col_name", "latitude_col_name", "ref_director_table", "ref_director_id_col_name");

    public Distribution {
        List<String> problems = new ArrayList<>();
        if (!partitioned) {
            List<String> given = new ArrayList<>();
            if (director) {
                given.add("is_director");
            }
            addIfGiven(given, "id_col_name", idColumn);
            addIfGiven(given, "longitude_col_name", longitudeColumn);
            addIfGiven(given, "latitude_col_name", latitudeColumn);
            addIfGiven(given, "ref_director_table", refDirectorTable);
            addIfGiven(given, "ref_director_id_col_name", refDirectorIdColumn);
            if (!given.isEmpty()) {
                problems.add(String.join(", ", given) + " apply only to a partitioned table: set is_partitioned "
                        + "to true, or leave them out");
            }
        } else if (director) {
            if (longitudeColumn == null || latitudeColumn == null) {
                problems.add("a director table is placed by its position: longitude_col_name and latitude_col_name "
                        + "(in degrees) are required");
            }
            if (refDirectorTable != null || refDirectorIdColumn != null) {
                problems.add("ref_director_table and ref_director_id_col_name are for a dependent table "
                        + "(is_director false); a director table references none");
            }
        } else {
            if (idColumn == null || refDirectorTable == null || refDirectorIdColumn == null) {
                problems.add("a dependent table is placed with the director row it points at: id_col_name, "
                        + "ref_director_table and ref_director_id_col_name are required");
            }
            if (longitudeColumn != null || latitudeColumn != null) {
                problems.add("longitude_col_name and latitude_col_name are for a director table; a dependent table "
                        + "is placed by its director's id, not by its own position");
            }
        }
        idColumn = column("id_col_name", idColumn, problems);
        longitudeColumn = column("longitude_col_name", longitudeColumn, problems);
        latitudeColumn = column("latitude_col_name", latitudeColumn, problems);
        refDirectorIdColumn = column("ref_director_id_col_name", refDirectorIdColumn, problems);
        if (refDirectorTable != null) {
            try {
                refDirectorTable = TableName.parse(refDirectorTable).qualified();
            } catch (FelicetteException e) {
                problems.add("ref_director_table: " + e.getMessage() + " (give it as schema.table)");
            }
        }
        if (!problems.isEmpty()) {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "bad_distribution",
                    String.join("; ", problems), Map.of("errors", problems));
        }
    }

    private static void addIfGiven(List<String> given, String field, String value) {
        if (value != null) {
            given.add(field);
        }
    }

    private static String column(String field, String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return new ColumnName(value).name();
        } catch (FelicetteException e) {
            problems.add(field + ": " + e.getMessage());
            return value;
        }
    }

    /**
     * Reads the fields of a client's document (Qserv's names; flags as true/false or 1/0, as
     * Qserv's own form takes them; a blank name is none). An unknown field is refused, naming it.
     */
    public static Distribution of(Map<String, ?> fields) {
        Set<String> unknown = new java.util.TreeSet<>(fields.keySet());
        FIELDS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw FelicetteException.badInput("bad_distribution", "unknown field" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; the fields are " + String.join(", ", FIELDS));
        }
        return new Distribution(flag(fields, "is_partitioned"), flag(fields, "is_director"),
                text(fields, "id_col_name"), text(fields, "longitude_col_name"), text(fields, "latitude_col_name"),
                text(fields, "ref_director_table"), text(fields, "ref_director_id_col_name"));
    }

    private static boolean flag(Map<String, ?> fields, String field) {
        Object value = fields.get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw FelicetteException.badInput("bad_distribution", field + " is true or false (or 1 or 0), "
                    + "not '" + abbreviate(value.toString()) + "'");
        };
    }

    private static String text(Map<String, ?> fields, String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw FelicetteException.badInput("bad_distribution", field + " is a name (a string), not "
                    + abbreviate(value.toString()));
        }
        return s.isBlank() ? null : s.strip();
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 60 ? printable.substring(0, 57) + "..." : printable;
    }

    /** The fields under Qserv's names, every one present (null where none), in Qserv's order. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("is_partitioned", partitioned);
        out.put("is_director", director);
        out.put("id_col_name", idColumn);
        out.put("longitude_col_name", longitudeColumn);
        out.put("latitude_col_name", latitudeColumn);
        out.put("ref_director_table", refDirectorTable);
        out.put("ref_director_id_col_name", refDirectorIdColumn);
        return out;
    }
}
