package org.felicette.api.tables;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.felicette.catalog.TapSchemaTables;
import org.felicette.ingest.sqlite.SqliteOut;
import org.felicette.tapschema.TapSchemaTable;
import uk.ac.starlink.table.AbstractStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/** Writes streamed rows of a TAP_SCHEMA view as VOTable (BINARY2 or TABLEDATA, via STIL), JSON or CSV. */
final class RowsWriter {

    enum Format {
        BINARY2("application/x-votable+xml"), TABLEDATA("application/x-votable+xml"), JSON("application/json"),
        CSV("text/csv");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private RowsWriter() {
    }

    static void write(Format format, TapSchemaTable view, Iterator<Object[]> rows, OutputStream out, ObjectMapper json)
            throws IOException {
        switch (format) {
            case BINARY2, TABLEDATA -> votable(format, view, rows, out);
            case JSON -> json(view, rows, out, json);
            case CSV -> csv(view, rows, out);
        }
    }

    private static void votable(Format format, TapSchemaTable view, Iterator<Object[]> rows, OutputStream out)
            throws IOException {
        VOTableWriter writer = new VOTableWriter(format == Format.BINARY2 ? DataFormat.BINARY2 : DataFormat.TABLEDATA,
                true, VOTableVersion.V14);
        writer.writeStarTable(new StreamedTable("tap_schema." + view.tableName(), view.columns(), rows), out);
    }

    /** The whole TAP_SCHEMA as one VOTable, a TABLE for each of its tables, as each is read from the snapshot. */
    static void votable(Format format, TapSchemaTables.Snapshot snapshot, OutputStream out) throws IOException {
        VOTableWriter writer = new VOTableWriter(format == Format.BINARY2 ? DataFormat.BINARY2 : DataFormat.TABLEDATA,
                true, VOTableVersion.V14);
        Iterator<TapSchemaTable> tables = java.util.Arrays.asList(TapSchemaTable.values()).iterator();
        writer.writeStarTables(new uk.ac.starlink.table.TableSequence() {
            @Override
            public uk.ac.starlink.table.StarTable nextTable() {
                if (!tables.hasNext()) {
                    return null;
                }
                TapSchemaTable table = tables.next();
                return new StreamedTable("TAP_SCHEMA." + table.tableName(), table.columns(), snapshot.rows(table));
            }
        }, out);
    }

    /** The whole TAP_SCHEMA as one SQLite file, the tables and columns as {@code felis init-tap-schema} makes them. */
    static void sqlite(TapSchemaTables.Snapshot snapshot, java.nio.file.Path file) throws IOException {
        try (SqliteOut sqlite = new SqliteOut(file)) {
            for (TapSchemaTable table : TapSchemaTable.values()) {
                sqlite.table(table.tableName(), table.columns().stream().map(c -> new SqliteOut.Column(c.name(),
                        c.integer() ? SqliteOut.Affinity.INTEGER : SqliteOut.Affinity.TEXT, c.sqlType())).toList());
                Iterator<Object[]> rows = snapshot.rows(table);
                while (rows.hasNext()) {
                    sqlite.row(rows.next());
                }
            }
        }
    }

    private static void json(TapSchemaTable view, Iterator<Object[]> rows, OutputStream out, ObjectMapper mapper)
            throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartArray();
            List<TapSchemaTable.Column> columns = view.columns();
            while (rows.hasNext()) {
                Object[] row = rows.next();
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name());
                    if (row[i] == null) {
                        g.writeNull();
                    } else if (row[i] instanceof Number n) {
                        g.writeNumber(n.longValue());
                    } else {
                        g.writeString(row[i].toString());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static void csv(TapSchemaTable view, Iterator<Object[]> rows, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        List<TapSchemaTable.Column> columns = view.columns();
        for (int i = 0; i < columns.size(); i++) {
            w.write((i > 0 ? "," : "") + columns.get(i).name());
        }
        w.write("\r\n");
        while (rows.hasNext()) {
            Object[] row = rows.next();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                if (row[i] != null) {
                    String text = row[i].toString();
                    boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                            || text.indexOf('\r') >= 0;
                    w.write(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
                }
            }
            w.write("\r\n");
        }
        w.flush();
    }

    /** A one-pass table over the database cursor: STIL reads it once, as it writes. */
    private static final class StreamedTable extends AbstractStarTable {
        private final ColumnInfo[] infos;
        private Iterator<Object[]> rows;

        StreamedTable(String name, List<TapSchemaTable.Column> columns, Iterator<Object[]> rows) {
            setName(name);
            this.rows = rows;
            this.infos = columns.stream().map(c -> new ColumnInfo(c.name(), c.integer() ? Integer.class : String.class,
                    null)).toArray(ColumnInfo[]::new);
        }

        @Override
        public int getColumnCount() {
            return infos.length;
        }

        @Override
        public long getRowCount() {
            return -1;
        }

        @Override
        public ColumnInfo getColumnInfo(int icol) {
            return infos[icol];
        }

        @Override
        public RowSequence getRowSequence() {
            Iterator<Object[]> source = rows;
            if (source == null) {
                throw new UnsupportedOperationException("the rows of a streamed table can be read once");
            }
            rows = null;
            return new RowSequence() {
                private Object[] current;

                @Override
                public boolean next() {
                    current = source.hasNext() ? source.next() : null;
                    return current != null;
                }

                @Override
                public Object getCell(int icol) {
                    return current[icol];
                }

                @Override
                public Object[] getRow() {
                    return current;
                }

                @Override
                public void close() {
                    // the cursor belongs to the read transaction, which closes it
                }
            };
        }
    }
}
