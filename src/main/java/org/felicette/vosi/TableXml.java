package org.felicette.vosi;

import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.KeyColumn;
import org.felicette.tapschema.CatalogModel.KeyInfo;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.CatalogModel.TableInfo;
import org.felicette.tapschema.VotableTypes;

/** The content of VODataService 1.2 {@code schema} and {@code table} elements (unqualified children). */
final class TableXml {

    private TableXml() {
    }

    static void schemaStart(XMLStreamWriter w, SchemaInfo schema) throws XMLStreamException {
        w.writeCharacters("\n  ");
        w.writeStartElement("schema");
        text(w, "name", schema.name());
        text(w, "description", schema.description());
        text(w, "utype", schema.utype());
    }

    /** Writes a table's children (the caller has written the start tag). */
    static void tableContent(XMLStreamWriter w, TableDetail detail, boolean withColumns) throws XMLStreamException {
        TableInfo table = detail.table();
        text(w, "name", table.name());
        text(w, "description", table.description());
        text(w, "utype", table.utype());
        if (withColumns && table.nrows() != null) {
            text(w, "nrows", Long.toString(table.nrows()));
        }
        if (!withColumns) {
            return;
        }
        for (ColumnInfo column : detail.columns()) {
            column(w, column);
        }
        for (KeyInfo key : detail.keys()) {
            w.writeStartElement("foreignKey");
            text(w, "targetTable", key.targetTable());
            for (KeyColumn pair : key.columns()) {
                w.writeStartElement("fkColumn");
                text(w, "fromColumn", pair.fromColumn());
                text(w, "targetColumn", pair.targetColumn());
                w.writeEndElement();
            }
            text(w, "description", key.description());
            text(w, "utype", key.utype());
            w.writeEndElement();
        }
    }

    static String tableType(TableInfo table) {
        return "view".equals(table.type()) ? "view" : "base_table";
    }

    private static void column(XMLStreamWriter w, ColumnInfo column) throws XMLStreamException {
        w.writeStartElement("column");
        if (column.columnId() != null) {
            // CADC's extension attribute; VODataService allows attributes of other namespaces here
            w.writeNamespace("vte", VosiXml.VTE);
            w.writeAttribute("vte", VosiXml.VTE, "columnID", column.columnId());
        }
        w.writeAttribute("std", Boolean.toString(column.std()));
        text(w, "name", column.name());
        text(w, "description", column.description());
        text(w, "unit", column.unit());
        text(w, "ucd", column.ucd());
        text(w, "utype", column.utype());
        w.writeStartElement("dataType");
        w.writeAttribute(VosiXml.XSI, "type", "vs:VOTableType");
        if (column.arraysize() != null) {
            w.writeAttribute("arraysize", column.arraysize());
        }
        if (column.xtype() != null) {
            w.writeAttribute("extendedType", column.xtype());
        }
        w.writeCharacters(VotableTypes.served(column.datatype()));
        w.writeEndElement();
        for (String flag : flags(column)) {
            text(w, "flag", flag);
        }
        w.writeEndElement();
    }

    static List<String> flags(ColumnInfo column) {
        java.util.ArrayList<String> flags = new java.util.ArrayList<>();
        if (column.indexed()) {
            flags.add("indexed");
        }
        if (column.primaryKey()) {
            flags.add("primary");
        }
        if (Boolean.TRUE.equals(column.nullable())) {
            flags.add("nullable");
        }
        if (column.principal()) {
            flags.add("principal");
        }
        return flags;
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value != null && !value.isBlank()) {
            w.writeStartElement(name);
            w.writeCharacters(value);
            w.writeEndElement();
        }
    }
}
