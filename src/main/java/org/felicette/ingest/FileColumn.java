package org.felicette.ingest;

import java.util.Locale;
import org.felicette.tapschema.TableDefinition;
import uk.ac.starlink.table.ColumnInfo;

/**
 * A column as a file describes it, in VOTable's terms: name, datatype, arraysize (null for a
 * scalar) and xtype (null for none); and the unit, UCD, utype and description the file gives (null
 * where it gives none). Every format's reader describes its columns so; {@link #definition} is the
 * one place a file's column becomes a column a table is made with.
 */
public record FileColumn(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
        String utype, String description) {

    public FileColumn(String name, String datatype, String arraysize, String xtype) {
        this(name, datatype, arraysize, xtype, null, null, null, null);
    }

    /** The column a table made from this file has (its name, types and descriptions as the file gives them). */
    public TableDefinition.Column definition() {
        return new TableDefinition.Column(name, description, datatype, arraysize, xtype, unit, ucd, utype, null, null,
                null);
    }

    /** This column with the descriptions of another of the same name (a VOParquet's embedded FIELD). */
    FileColumn describedBy(FileColumn field) {
        boolean sameType = field.datatype == null || field.datatype.equals(datatype);
        return new FileColumn(name, field.datatype != null ? field.datatype : datatype,
                sameType && field.arraysize != null ? field.arraysize : arraysize,
                field.xtype != null ? field.xtype : xtype, field.unit, field.ucd, field.utype, field.description);
    }

    private FileColumn described(ColumnInfo info) {
        return new FileColumn(name, datatype, arraysize, xtype, blankToNull(info.getUnitString()),
                blankToNull(info.getUCD()), blankToNull(info.getUtype()), blankToNull(info.getDescription()));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** STIL's view of a column (VOTable FIELD, FITS TFORM, ECSV header) in VOTable terms. */
    static FileColumn of(ColumnInfo info) throws BadData {
        return typed(info).described(info);
    }

    private static FileColumn typed(ColumnInfo info) throws BadData {
        Class<?> type = info.getContentClass();
        String xtype = info.getXtype() == null || info.getXtype().isBlank() ? null
                : info.getXtype().strip().toLowerCase(Locale.ROOT);
        int[] shape = info.getShape();
        String arraysize = shape == null || shape.length == 0 || shape[shape.length - 1] < 0 ? "*"
                : Integer.toString(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b));
        String name = info.getName();
        if (type == String.class) {
            int size = info.getElementSize();
            return new FileColumn(name, "char", size > 0 ? size + "*" : "*", xtype);
        }
        if (type == Character.class) {
            return new FileColumn(name, "char", null, xtype);
        }
        String scalar = scalar(type);
        if (scalar != null) {
            return new FileColumn(name, scalar, null, xtype);
        }
        String element = type.isArray() ? scalar(type.getComponentType()) : null;
        if (element == null) {
            throw new BadData("bad_datatype", "column '" + name + "' holds " + type.getSimpleName()
                    + " values, which a table here cannot hold");
        }
        return new FileColumn(name, element, arraysize, xtype);
    }

    private static String scalar(Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == Byte.class || type == byte.class || type == Short.class || type == short.class) {
            return "short";
        }
        if (type == Integer.class || type == int.class) {
            return "int";
        }
        if (type == Long.class || type == long.class) {
            return "long";
        }
        if (type == Float.class || type == float.class) {
            return "float";
        }
        if (type == Double.class || type == double.class) {
            return "double";
        }
        return null;
    }
}
