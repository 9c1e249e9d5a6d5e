package org.felicette.vosi;

import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.tapschema.CatalogModel.ColumnInfo;
import org.felicette.tapschema.CatalogModel.TableDetail;
import org.felicette.tapschema.VotableTypes;

/** One table as a VOTable 1.4 with its FIELDs and no rows (what pyvo and TOPCAT read as a table's metadata). */
public final class TableVoTableWriter {

    public static final String VOTABLE = "http://www.ivoa.net/xml/VOTable/v1.3";

    private TableVoTableWriter() {
    }

    public static void write(OutputStream out, TableDetail detail) throws IOException {
        try {
            XMLStreamWriter w = VosiXml.open(out);
            w.setDefaultNamespace(VOTABLE);
            w.writeStartElement(VOTABLE, "VOTABLE");
            w.writeDefaultNamespace(VOTABLE);
            w.writeAttribute("version", "1.4");
            w.writeCharacters("\n");
            w.writeStartElement(VOTABLE, "RESOURCE");
            w.writeAttribute("type", "meta");
            w.writeCharacters("\n");
            w.writeStartElement(VOTABLE, "TABLE");
            w.writeAttribute("name", detail.table().name());
            description(w, detail.table().description());
            for (ColumnInfo column : detail.columns()) {
                w.writeCharacters("\n");
                w.writeStartElement(VOTABLE, "FIELD");
                attribute(w, "ID", column.columnId());
                w.writeAttribute("name", column.name());
                w.writeAttribute("datatype", VotableTypes.served(column.datatype()));
                attribute(w, "arraysize", column.arraysize());
                attribute(w, "xtype", column.xtype());
                attribute(w, "unit", column.unit());
                attribute(w, "ucd", column.ucd());
                attribute(w, "utype", column.utype());
                description(w, column.description());
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private static void attribute(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        if (value != null && !value.isBlank()) {
            w.writeAttribute(name, value);
        }
    }

    private static void description(XMLStreamWriter w, String text) throws XMLStreamException {
        if (text != null && !text.isBlank()) {
            w.writeStartElement(VOTABLE, "DESCRIPTION");
            w.writeCharacters(text);
            w.writeEndElement();
        }
    }
}
