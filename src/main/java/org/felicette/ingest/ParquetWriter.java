package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.ingest.parquet.ParquetOut;

/**
 * Parquet as VOParquet 1.0 writes it: the rows as Parquet columns (booleans, integers of their
 * width, floats, doubles; arrays of them, geometry included, as Parquet lists; text and date-times
 * as UTF-8 strings) and, in the footer's
 * key-value metadata, a VOTable of the FIELDs with TAP_SCHEMA's unit, UCD, utype and description,
 * so pyarrow reads the numbers and astropy ({@code format="parquet.votable"}) and this service's own
 * Parquet reader read the metadata too. A cut result says OVERFLOW in that VOTable.
 */
final class ParquetWriter implements TableWriter {

    private final OutputStream out;
    private List<FileColumn> declared;
    private ParquetOut.Type[] types;
    private boolean[] lists;
    private ParquetOut file;

    ParquetWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start(List<FileColumn> columns) throws IOException {
        types = new ParquetOut.Type[columns.size()];
        lists = new boolean[columns.size()];
        declared = new ArrayList<>();
        List<ParquetOut.Column> physical = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            FileColumn c = columns.get(i);
            boolean text = c.datatype() == null || c.datatype().equals("char") || c.datatype().equals("unicodeChar");
            boolean array = !text && c.arraysize() != null && !c.arraysize().equals("1");
            types[i] = text ? ParquetOut.Type.STRING : type(c.datatype());
            lists[i] = array && types[i] != ParquetOut.Type.STRING;
            declared.add(types[i] != ParquetOut.Type.STRING || text ? c // a type VOTable lacks is served as text
                    : new FileColumn(c.name(), "char", "*", null, c.unit(), c.ucd(), c.utype(), c.description()));
            physical.add(new ParquetOut.Column(c.name(), types[i], lists[i]));
        }
        file = new ParquetOut(out, physical);
    }

    private static ParquetOut.Type type(String datatype) {
        return switch (datatype) {
            case "boolean" -> ParquetOut.Type.BOOLEAN;
            case "unsignedByte" -> ParquetOut.Type.UINT8;
            case "short" -> ParquetOut.Type.INT16;
            case "int" -> ParquetOut.Type.INT32;
            case "long" -> ParquetOut.Type.INT64;
            case "float" -> ParquetOut.Type.FLOAT;
            case "double" -> ParquetOut.Type.DOUBLE;
            default -> ParquetOut.Type.STRING;
        };
    }

    @Override
    public void row(Object[] values) throws IOException {
        Object[] row = new Object[values.length];
        for (int i = 0; i < row.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            if (lists[i]) {
                Object[] elements = elements(v);
                for (int k = 0; k < elements.length; k++) {
                    elements[k] = elements[k] == null ? null : scalar(types[i], elements[k]);
                }
                row[i] = elements;
            } else {
                row[i] = types[i] == ParquetOut.Type.STRING ? ValueText.of(v, "true", "false") : scalar(types[i], v);
            }
        }
        file.row(row);
    }

    /** An array's elements: a Java array's, or those of an array written as text ("1 2", "{1,2}"). */
    private static Object[] elements(Object v) {
        if (v.getClass().isArray()) {
            Object[] out = new Object[Array.getLength(v)];
            for (int k = 0; k < out.length; k++) {
                out[k] = Array.get(v, k);
            }
            return out;
        }
        List<String> parts = ArrayShape.elements(v.toString());
        return parts == null ? new Object[] {v.toString()} : parts.toArray();
    }

    private static Object scalar(ParquetOut.Type type, Object v) {
        if (type == ParquetOut.Type.BOOLEAN) {
            return v instanceof Boolean ? v : Boolean.valueOf(v.toString().equalsIgnoreCase("T")
                    || v.toString().equalsIgnoreCase("true"));
        }
        return v instanceof Number ? v : Double.valueOf(v.toString());
    }

    @Override
    public void end(boolean overflow) throws IOException {
        Map<String, String> keyValues = new LinkedHashMap<>();
        keyValues.put("IVOA.VOTable-Parquet.version", "1.0");
        keyValues.put("IVOA.VOTable-Parquet.content", VotableWriter.metadata(declared, overflow));
        file.finish(keyValues);
    }
}
