package org.felicette.tapschema;

import java.util.List;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;

/**
 * Everything TAP_SCHEMA holds for one schema, in the model's records: the schema, its tables, their
 * columns (in document order, see {@link ColumnInfo#ordinal}) and its foreign keys. Only {@code db}
 * turns these into the TAP 1.1 rows of the {@code tap_schema.*11} tables.
 */
public record TapRows(SchemaInfo schema, List<TableInfo> tables, List<ColumnInfo> columns, List<KeyInfo> keys) {

    public TapRows {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        keys = List.copyOf(keys);
    }

    /** The same rows with the schema and every table given this access and schema index. */
    public TapRows with(Access access, Integer schemaIndex) {
        SchemaInfo s = new SchemaInfo(schema.name(), schema.utype(), schema.description(), schemaIndex, access,
                schema.apiCreated());
        List<TableInfo> t = tables.stream().map(r -> new TableInfo(r.schemaName(), r.name(), r.type(), r.utype(),
                r.description(), r.index(), access, r.apiCreated(), r.nrows())).toList();
        return new TapRows(s, t, columns, keys);
    }

    /** The number of key column pairs of all keys. */
    public int keyColumnCount() {
        return keys.stream().mapToInt(k -> k.columns().size()).sum();
    }
}
