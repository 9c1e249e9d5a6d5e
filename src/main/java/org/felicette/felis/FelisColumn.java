package org.felicette.felis;

import java.util.Map;

/**
 * A Felis column. Boxed fields are null when the document does not set them; {@code datatype}
 * is null only in a document that failed validation.
 */
public record FelisColumn(String name, String id, String description, String utype, Datatype datatype,
        Integer length, Integer precision, boolean nullable, Object value, Boolean autoincrement, String ucd,
        String fitsTunit, String ivoaUnit, Integer tapColumnIndex, Integer tapPrincipal, Integer tapStd,
        String arraysize, String xtype, String votableDatatype, String mysqlDatatype, String postgresqlDatatype,
        Map<String, Position> positions) implements Located {

    /** The unit TAP_SCHEMA gets: ivoa:unit, else fits:tunit; an empty unit is no unit. */
    public String unit() {
        String unit = ivoaUnit != null ? ivoaUnit : fitsTunit;
        return unit == null || unit.isBlank() ? null : unit;
    }

    public FelisColumn withId(String newId) {
        return new FelisColumn(name, newId, description, utype, datatype, length, precision, nullable, value,
                autoincrement, ucd, fitsTunit, ivoaUnit, tapColumnIndex, tapPrincipal, tapStd, arraysize, xtype,
                votableDatatype, mysqlDatatype, postgresqlDatatype, positions);
    }

    /**
     * This column as a table of another schema takes it: new id and position, and the
     * overrides a columnRef may give (datatype, length, description, nullable, tap:principal,
     * tap:column_index).
     */
    /** The key of {@link #positions} under which a column taken through columnRefs keeps where its reference stands. */
    public static final String REFERENCE = "ref";

    /** Whether the column came through the table's columnRefs, not its own columns. */
    public boolean referenced() {
        return positions().containsKey(REFERENCE);
    }

    public FelisColumn referencedAs(String newName, String newId, Datatype newDatatype, Integer newLength,
            String newDescription, boolean newNullable, Integer newPrincipal, Integer newColumnIndex,
            Map<String, Position> newPositions) {
        return new FelisColumn(newName, newId, newDescription, utype, newDatatype, newLength, precision, newNullable,
                value, autoincrement, ucd, fitsTunit, ivoaUnit, newColumnIndex, newPrincipal, tapStd, arraysize, xtype,
                votableDatatype, mysqlDatatype, postgresqlDatatype, newPositions);
    }
}
