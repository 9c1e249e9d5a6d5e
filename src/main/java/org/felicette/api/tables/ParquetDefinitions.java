package org.felicette.api.tables;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.felicette.ingest.parquet.ParquetTables;
import org.felicette.tapschema.TableDefinition;
import org.felicette.vosi.TableDocuments;

/**
 * A table definition from a Parquet file: each column's VOTable type from its Parquet type, and,
 * in a VOParquet file, the description, unit, UCD and utype (and the VOTable type, where it says
 * more, e.g. an arraysize) of the FIELD of the same name in the embedded VOTable.
 */
final class ParquetDefinitions {

    private ParquetDefinitions() {
    }

    static TableDefinition of(String name, ParquetTables.Schema schema) {
        Map<String, TableDefinition.Column> fields = new HashMap<>();
        String description = null;
        String utype = null;
        if (schema.votable() != null) {
            TableDocuments.VotableHead head = TableDocuments.votableHead(new ByteArrayInputStream(
                    schema.votable().getBytes(StandardCharsets.UTF_8)));
            description = head.definition().description();
            utype = head.definition().utype();
            head.definition().columns().forEach(c -> fields.put(c.name().toLowerCase(Locale.ROOT), c));
        }
        List<TableDefinition.Column> columns = new ArrayList<>();
        for (ParquetTables.Column column : schema.columns()) {
            String[] type = column.votable();
            TableDefinition.Column field = fields.get(column.name().toLowerCase(Locale.ROOT));
            if (field == null) {
                columns.add(new TableDefinition.Column(column.name(), null, type[0], type[1], type[2], null, null, null,
                        null, null, null));
            } else {
                boolean sameType = type[0].equals(field.datatype()) || field.datatype() == null;
                columns.add(new TableDefinition.Column(column.name(), field.description(),
                        field.datatype() != null ? field.datatype() : type[0],
                        sameType && field.arraysize() != null ? field.arraysize() : type[1],
                        field.xtype() != null ? field.xtype() : type[2], field.unit(), field.ucd(), field.utype(), null,
                        null, null));
            }
        }
        return new TableDefinition(name, description, utype, columns);
    }
}
