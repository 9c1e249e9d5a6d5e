package org.felicette.vosi;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.tapschema.CatalogModel.SchemaInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.CatalogModel.TablesetVisitor;

/** Streams a VOSI 1.1 {@code vosi:tableset} (VODataService 1.2) as the catalogue is walked. */
public final class TablesetWriter implements TablesetVisitor, AutoCloseable {

    private final XMLStreamWriter w;
    private final boolean withColumns;

    public TablesetWriter(OutputStream out, boolean withColumns) throws IOException {
        this.withColumns = withColumns;
        try {
            w = openRoot(out, "tableset");
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void schema(SchemaInfo schema) throws IOException {
        try {
            TableXml.schemaStart(w, schema);
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void table(TableDetail table) throws IOException {
        try {
            w.writeCharacters("\n    ");
            w.writeStartElement("table");
            w.writeAttribute("type", TableXml.tableType(table.table()));
            TableXml.tableContent(w, table, withColumns);
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void endSchema(SchemaInfo schema) throws IOException {
        try {
            w.writeCharacters("\n  ");
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    /** Starts a VOSI Tables document whose root is {@code vosi:ROOT}, with the namespaces its content uses. */
    private static XMLStreamWriter openRoot(OutputStream out, String root) throws XMLStreamException {
        XMLStreamWriter w = VosiXml.open(out);
        w.setPrefix("vosi", VosiXml.VOSI_TABLES);
        w.writeStartElement(VosiXml.VOSI_TABLES, root);
        w.writeNamespace("vosi", VosiXml.VOSI_TABLES);
        w.writeNamespace("vs", VosiXml.VS);
        w.writeNamespace("xsi", VosiXml.XSI);
        return w;
    }

    /** A single table as a VOSI {@code vosi:table} document. */
    public static void writeTable(OutputStream out, TableDetail table) throws IOException {
        try {
            XMLStreamWriter w = openRoot(out, "table");
            w.writeAttribute("type", TableXml.tableType(table.table()));
            TableXml.tableContent(w, table, true);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }
}
