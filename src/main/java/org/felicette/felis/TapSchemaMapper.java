package org.felicette.felis;

import java.util.ArrayList;
import java.util.List;
import org.felicette.felis.FelisTable.Constraint;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.TapRows;

/** The TAP_SCHEMA rows of a valid Felis schema, as {@code felis load-tap-schema} writes them. */
public final class TapSchemaMapper {


    private TapSchemaMapper() {
    }

    public static TapRows map(FelisSchema schema, FelisOptions options) {
        ColumnLookup lookup = new ColumnLookup(schema);
        SchemaInfo schemaRow = new SchemaInfo(schema.name(), schema.utype(), schema.description(), 0, Access.PUBLIC,
                false);
        List<TableInfo> tables = new ArrayList<>();
        List<ColumnInfo> columns = new ArrayList<>();
        List<KeyInfo> keys = new ArrayList<>();
        for (FelisTable table : schema.tables()) {
            String tableName = qualified(schema, table);
            tables.add(new TableInfo(schema.name(), tableName, "table", table.utype(), table.description(),
                    table.tapTableIndex() == null ? 0 : table.tapTableIndex(), Access.PUBLIC, false, null));
            int ordinal = 1;
            for (FelisColumn column : table.columns()) {
                columns.add(column(tableName, table, column, lookup, options, ordinal++));
            }
            for (Constraint constraint : table.constraints()) {
                if (constraint.type() != Constraint.Type.ForeignKey || constraint.referencedColumns().isEmpty()) {
                    continue;
                }
                String keyId = options.uniqueKeys() ? schema.name() + "_" + constraint.name() : constraint.name();
                ColumnLookup.Found target = lookup.find(constraint.referencedColumns().get(0), table).orElseThrow();
                List<KeyColumn> pairs = new ArrayList<>();
                for (int i = 0; i < constraint.columns().size(); i++) {
                    pairs.add(new KeyColumn(
                            lookup.find(constraint.columns().get(i), table).orElseThrow().column().name(),
                            lookup.find(constraint.referencedColumns().get(i), table).orElseThrow().column().name()));
                }
                keys.add(new KeyInfo(keyId, tableName, qualified(schema, target.table()), constraint.utype(),
                        constraint.description(), pairs));
            }
        }
        return new TapRows(schemaRow, tables, columns, keys);
    }

    private static String qualified(FelisSchema schema, FelisTable table) {
        return schema.name() + "." + table.name();
    }

    private static ColumnInfo column(String tableName, FelisTable table, FelisColumn column, ColumnLookup lookup,
            FelisOptions options, int ordinal) {
        Datatype type = column.datatype();
        String arraysize = column.arraysize() != null ? column.arraysize()
                : type.defaultArraysize(column.length(), options.forceUnboundedArraysize());
        String xtype = column.xtype() != null ? column.xtype() : type == Datatype.TIMESTAMP ? "timestamp" : null;
        // a primary key column is NOT NULL in SQL, whatever the document says
        boolean primary = table.primaryKey().stream().anyMatch(ref -> refersTo(ref, table, column, lookup));
        return new ColumnInfo(tableName, column.name(), column.utype(), column.ucd(), column.unit(),
                column.description(), type.votableName(), arraysize, xtype,
                column.tapPrincipal() != null && column.tapPrincipal() != 0, indexed(table, column, lookup),
                column.tapStd() != null && column.tapStd() != 0, column.tapColumnIndex(),
                column.nullable() && !primary, primary, ordinal, null);
    }

    /**
     * Indexed, as felis writes it: the column a primary key given as one string names (not the
     * item of a one-item list: felis marks that 0), or the sole column of an index.
     */
    private static boolean indexed(FelisTable table, FelisColumn column, ColumnLookup lookup) {
        if (table.primaryKeyIsString() && refersTo(table.primaryKey().get(0), table, column, lookup)) {
            return true;
        }
        for (FelisTable.Index index : table.indexes()) {
            if (index.columns().size() == 1 && refersTo(index.columns().get(0), table, column, lookup)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refersTo(String ref, FelisTable table, FelisColumn column, ColumnLookup lookup) {
        return lookup.find(ref, table).map(found -> found.column() == column).orElse(false);
    }
}
