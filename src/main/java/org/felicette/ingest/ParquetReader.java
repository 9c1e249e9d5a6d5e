package org.felicette.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.ingest.parquet.ParquetTables;

/**
 * Parquet: each column's VOTable type from its Parquet type and, in a VOParquet file, the
 * description, unit, UCD and utype (and the VOTable type where it says more, e.g. an arraysize)
 * of the FIELD of the same name in the embedded VOTable. Parquet keeps its schema at the end, so
 * a body is read from a file: one already spooled is read where it is (and counted by its size
 * against the limits), any other is spooled first.
 */
final class ParquetReader implements TableReader {

    static final ParquetReader INSTANCE = new ParquetReader();

    private ParquetReader() {
    }

    @Override
    public LoadFormat format() {
        return LoadFormat.PARQUET;
    }

    @Override
    public boolean signed(byte[] head, String text) {
        return FormatRecognition.startsWith(head, "PAR1".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public List<String> magic() {
        return List.of("PAR1");
    }

    @Override
    public FileTable describe(InputStream in, long maxRows) throws IOException {
        Path file = spooled(in);
        if (file != null) {
            return described(ParquetTables.schema(file));
        }
        try (SpooledBody spooled = SpooledBody.of(in)) {
            return described(ParquetTables.schema(spooled.path()));
        }
    }

    @Override
    public void stream(InputStream in, RowSink sink) throws IOException {
        Path file = spooled(in);
        if (file != null) {
            ParquetTables.stream(file, sink);
            return;
        }
        try (SpooledBody spooled = SpooledBody.of(in)) {
            ParquetTables.stream(spooled.path(), sink);
        }
    }

    /** The file a body is already kept in (counted by its size if the body is counted), or null. */
    private static Path spooled(InputStream in) throws IOException {
        if (in instanceof SpooledBody spooled) {
            return spooled.path();
        }
        if (in instanceof CountingInput counted && counted.source() instanceof SpooledBody spooled) {
            counted.countElsewhere(Files.size(spooled.path()));
            return spooled.path();
        }
        return null;
    }

    private static FileTable described(ParquetTables.Schema schema) {
        Map<String, FileColumn> fields = new HashMap<>();
        String description = null;
        String utype = null;
        if (schema.votable() != null) {
            FileTable embedded = VotableReader.INSTANCE.describe(new ByteArrayInputStream(
                    schema.votable().getBytes(StandardCharsets.UTF_8)), 0);
            description = embedded.description();
            utype = embedded.utype();
            embedded.columns().stream().filter(c -> c.name() != null)
                    .forEach(c -> fields.put(c.name().toLowerCase(Locale.ROOT), c));
        }
        List<FileColumn> columns = new ArrayList<>();
        for (ParquetTables.Column column : schema.columns()) {
            String[] type = column.votable();
            FileColumn typed = new FileColumn(column.name(), type[0], type[1], type[2]);
            FileColumn field = fields.get(column.name().toLowerCase(Locale.ROOT));
            columns.add(field == null ? typed : typed.describedBy(field));
        }
        return new FileTable(null, description, utype, columns);
    }
}
