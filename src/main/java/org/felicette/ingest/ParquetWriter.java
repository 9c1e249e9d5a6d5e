package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.ingest.parquet.ParquetOut;

/**
 * Parquet as VOParquet 1.0 writes it: the rows as Parquet columns (booleans, integers of their
 * width, floats, doubles; text, date-times and arrays as UTF-8 strings) and, in the footer's
 * key-value metadata, a VOTable of the FIELDs with TAP_SCHEMA's unit, UCD, utype and description,
 * so pyarrow reads the numbers and astropy ({@code format="parquet.votable"}) and this service's own
 * Parquet reader read the metadata too. A cut result says OVERFLOW in that VOTable.
 */
final class ParquetWriter implements TableWriter {

    private final OutputStream out;
    private List<FileColumn> declared;
    private ParquetOut.Type[] types;
    private ParquetOut file;

    ParquetWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start(List<FileColumn> columns) throws IOException {
        types = new ParquetOut.Type[columns.size()];
        declared = new ArrayList<>();
        List<ParquetOut.Column> physical = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            FileColumn c = columns.get(i);
            types[i] = type(c);
            boolean text = c.datatype() == null || c.datatype().equals("char") || c.datatype().equals("unicodeChar");
            declared.add(types[i] != ParquetOut.Type.STRING || text ? c
                    : new FileColumn(c.name(), "char", "*", null, c.unit(), c.ucd(), c.utype(), c.description()));
            physical.add(new ParquetOut.Column(c.name(), types[i]));
        }
        file = new ParquetOut(out, physical);
    }

    private static ParquetOut.Type type(FileColumn c) {
        if (c.datatype() == null || c.arraysize() != null && !c.arraysize().equals("1")) {
            return ParquetOut.Type.STRING;
        }
        return switch (c.datatype()) {
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
            row[i] = v == null ? null : switch (types[i]) {
                case BOOLEAN -> v instanceof Boolean ? v : Boolean.valueOf(v.toString());
                case STRING -> ValueText.of(v, "true", "false");
                default -> v instanceof Number ? v : Double.valueOf(v.toString());
            };
        }
        file.row(row);
    }

    @Override
    public void end(boolean overflow) throws IOException {
        Map<String, String> keyValues = new LinkedHashMap<>();
        keyValues.put("IVOA.VOTable-Parquet.version", "1.0");
        keyValues.put("IVOA.VOTable-Parquet.content", VotableWriter.metadata(declared, overflow));
        file.finish(keyValues);
    }
}
