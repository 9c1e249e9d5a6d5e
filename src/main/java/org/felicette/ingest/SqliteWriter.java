package org.felicette.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.felicette.ingest.sqlite.SqliteOut;
import org.felicette.ingest.sqlite.SqliteOut.Affinity;

/**
 * SQLite (LDM-542's "SQLite file" of a result): a database of three tables. {@code result} holds
 * the rows (integers and booleans as INTEGER, floating point as REAL, the rest as TEXT, arrays as
 * their VOTable text); {@code result_columns} describes each column as TAP_SCHEMA.columns does
 * (datatype, arraysize, xtype, unit, UCD, utype, description, in order); {@code result_info}
 * holds TAP's QUERY_STATUS (OK, or OVERFLOW when the rows were cut). A database file is only whole
 * at its end, so it is built in a temporary file and sent when the last row has come.
 */
final class SqliteWriter implements TableWriter {

    private static final List<String> METADATA = List.of("column_name", "datatype", "arraysize", "xtype", "unit",
            "ucd", "utype", "description", "column_index");

    private final OutputStream out;
    private Path file;
    private SqliteOut sqlite;
    private Affinity[] affinities;

    SqliteWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start(List<FileColumn> columns) throws IOException {
        file = Files.createTempFile("felicette-result-", ".sqlite");
        file.toFile().deleteOnExit(); // a result abandoned mid-way is removed at the latest when the service stops
        sqlite = new SqliteOut(file);
        List<SqliteOut.Column> described = new ArrayList<>();
        for (String name : METADATA) {
            described.add(new SqliteOut.Column(name, name.equals("column_index") ? Affinity.INTEGER : Affinity.TEXT));
        }
        sqlite.table("result_columns", described);
        affinities = new Affinity[columns.size()];
        List<SqliteOut.Column> data = new ArrayList<>();
        for (int i = 0; i < affinities.length; i++) {
            FileColumn c = columns.get(i);
            affinities[i] = affinity(c);
            sqlite.row(new Object[] {c.name(), c.datatype(), c.arraysize(), c.xtype(), c.unit(), c.ucd(), c.utype(),
                c.description(), (long) i + 1});
            data.add(new SqliteOut.Column(c.name(), affinities[i]));
        }
        sqlite.table("result", data);
    }

    private static Affinity affinity(FileColumn c) {
        if (c.datatype() == null || c.arraysize() != null && !c.arraysize().equals("1")) {
            return Affinity.TEXT;
        }
        return switch (c.datatype()) {
            case "boolean", "unsignedByte", "short", "int", "long" -> Affinity.INTEGER;
            case "float", "double" -> Affinity.REAL;
            default -> Affinity.TEXT;
        };
    }

    @Override
    public void row(Object[] values) throws IOException {
        Object[] row = new Object[values.length];
        for (int i = 0; i < row.length; i++) {
            Object v = values[i];
            row[i] = v == null ? null : switch (affinities[i]) {
                case INTEGER -> v instanceof Boolean ? v : v instanceof Number n ? (Object) n.longValue()
                        : (Object) Long.valueOf(v.toString());
                case REAL -> v instanceof Number n ? (Object) n.doubleValue() : (Object) Double.valueOf(v.toString());
                case TEXT -> ValueText.of(v, "true", "false");
            };
        }
        sqlite.row(row);
    }

    @Override
    public void end(boolean overflow) throws IOException {
        try {
            sqlite.table("result_info", List.of(new SqliteOut.Column("name", Affinity.TEXT),
                    new SqliteOut.Column("value", Affinity.TEXT)));
            sqlite.row(new Object[] {"QUERY_STATUS", overflow ? "OVERFLOW" : "OK"});
            sqlite.close();
            Files.copy(file, out);
            out.flush();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
