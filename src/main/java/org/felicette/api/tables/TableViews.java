package org.felicette.api.tables;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.felicette.tapschema.Access;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.CatalogModel.TableInfo;

/** The JSON views of tables and schemas (snake_case on the wire). */
final class TableViews {

    private TableViews() {
    }

    record ForeignKey(String keyId, String targetTable, String description, String utype, List<KeyColumn> columns) {
    }

    record Table(String name, String schema, String description, String utype, String type, Integer tableIndex,
            Long nrows, String owner, @JsonProperty("public") boolean isPublic, String readOnlyGroup, String readWriteGroup, boolean apiCreated,
            List<ColumnInfo> columns, List<ForeignKey> foreignKeys, Map<String, Object> distribution) {
    }

    record TableSummary(String name, String description, String type, Integer tableIndex) {
    }

    record Schema(String name, String description, String utype, Integer schemaIndex, String owner, @JsonProperty("public") boolean isPublic,
            String readOnlyGroup, String readWriteGroup, boolean apiCreated, List<TableSummary> tables) {
    }

    static Table table(TableDetail detail) {
        TableInfo t = detail.table();
        Access a = t.access();
        return new Table(t.name(), t.schemaName(), t.description(), t.utype(), "view".equals(t.type()) ? "view" : "table",
                t.index(), t.nrows(), a.ownerId(), isPublic(a), a.readOnlyGroup(), a.readWriteGroup(), t.apiCreated(),
                detail.columns(),
                detail.keys().stream().map(TableViews::key).toList(),
                detail.distribution() == null ? null : detail.distribution().fields());
    }

    static Schema schema(SchemaInfo s, List<TableInfo> tables) {
        Access a = s.access();
        return new Schema(s.name(), s.description(), s.utype(), s.index(), a.ownerId(), isPublic(a), a.readOnlyGroup(),
                a.readWriteGroup(), s.apiCreated(), tables.stream().map(t -> new TableSummary(t.name(), t.description(),
                        "view".equals(t.type()) ? "view" : "table", t.index())).toList());
    }

    /** Public as the read rule says: anyone may see it. */
    private static boolean isPublic(Access a) {
        return a.readableByAnyone();
    }

    private static ForeignKey key(KeyInfo k) {
        return new ForeignKey(k.keyId(), k.targetTable(), k.description(), k.utype(), k.columns());
    }
}
