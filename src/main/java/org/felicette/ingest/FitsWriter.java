package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.util.List;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.RowStore;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.storage.DiskRowStore;

/**
 * A FITS binary table (BINTABLE) by STIL. FITS states its row count and column widths before its
 * rows, so rows are first kept on disk (STIL's disk row store, not the heap), then written when
 * the last has come: a FITS answer starts when the query has ended. Each column's unit, UCD,
 * utype and description go into the FITS header as STIL writes them.
 */
final class FitsWriter implements TableWriter {

    private final OutputStream out;
    private String[] datatypes;
    private boolean[] arrays;
    private RowStore rows;

    FitsWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start(List<FileColumn> columns) throws IOException {
        ColumnInfo[] infos = new ColumnInfo[columns.size()];
        datatypes = new String[infos.length];
        arrays = new boolean[infos.length];
        for (int i = 0; i < infos.length; i++) {
            FileColumn c = columns.get(i);
            String datatype = c.datatype() == null ? "char" : c.datatype();
            boolean array = !datatype.equals("char") && !datatype.equals("unicodeChar") && c.arraysize() != null
                    && !c.arraysize().equals("1");
            datatypes[i] = datatype;
            arrays[i] = array;
            ColumnInfo info = new ColumnInfo(c.name(), type(datatype, array), c.description());
            info.setUnitString(c.unit());
            info.setUCD(c.ucd());
            info.setUtype(c.utype());
            info.setXtype(c.xtype());
            infos[i] = info;
        }
        rows = new DiskRowStore();
        rows.acceptMetadata(new RowListStarTable(infos));
    }

    private static Class<?> type(String datatype, boolean array) {
        Class<?> scalar = switch (datatype) {
            case "boolean" -> Boolean.class;
            case "unsignedByte", "short" -> Short.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> String.class;
        };
        if (!array || scalar == String.class || scalar == Boolean.class) {
            return array ? String.class : scalar;
        }
        return scalar == Short.class ? short[].class : scalar == Integer.class ? int[].class : scalar == Long.class
                ? long[].class : scalar == Float.class ? float[].class : double[].class;
    }

    @Override
    public void row(Object[] values) throws IOException {
        Object[] row = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            row[i] = value(datatypes[i], arrays[i], values[i]);
        }
        rows.acceptRow(row);
    }

    private static Object value(String datatype, boolean array, Object v) {
        if (v == null) {
            return null;
        }
        if (array && v.getClass().isArray() && !datatype.equals("boolean")) {
            int n = Array.getLength(v);
            switch (datatype) {
                case "unsignedByte", "short" -> {
                    short[] a = new short[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = number(Array.get(v, i)).shortValue();
                    }
                    return a;
                }
                case "int" -> {
                    int[] a = new int[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = number(Array.get(v, i)).intValue();
                    }
                    return a;
                }
                case "long" -> {
                    long[] a = new long[n];
                    for (int i = 0; i < n; i++) {
                        a[i] = number(Array.get(v, i)).longValue();
                    }
                    return a;
                }
                case "float" -> {
                    float[] a = new float[n];
                    for (int i = 0; i < n; i++) {
                        Object e = Array.get(v, i);
                        a[i] = e == null ? Float.NaN : number(e).floatValue();
                    }
                    return a;
                }
                default -> {
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) {
                        Object e = Array.get(v, i);
                        a[i] = e == null ? Double.NaN : number(e).doubleValue();
                    }
                    return a;
                }
            }
        }
        if (array) {
            return ValueText.of(v, "T", "F");
        }
        return switch (datatype) {
            case "boolean" -> v instanceof Boolean ? v : Boolean.valueOf(v.toString());
            case "unsignedByte", "short" -> number(v).shortValue();
            case "int" -> number(v).intValue();
            case "long" -> number(v).longValue();
            case "float" -> number(v).floatValue();
            case "double" -> number(v).doubleValue();
            default -> ValueText.of(v, "T", "F");
        };
    }

    private static Number number(Object v) {
        return v instanceof Number n ? n : Double.valueOf(v.toString());
    }

    @Override
    public void end(boolean overflow) throws IOException {
        rows.endRows();
        StarTable table = rows.getStarTable();
        new FitsTableWriter().writeStarTable(table, out);
        out.flush();
    }
}
