package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.felicette.FelicetteException;

/**
 * VOTable: its first TABLE's FIELDs as written (datatype, arraysize, xtype, unit, UCD, utype,
 * description: what a table made from it is made with), and its rows in TABLEDATA, BINARY or
 * BINARY2 ({@link StilTables}). The head is read by StAX up to the table's DATA, refusing DTDs
 * and entities; the rows are not read to describe it.
 */
final class VotableReader implements TableReader {

    static final VotableReader INSTANCE = new VotableReader();

    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private VotableReader() {
    }

    @Override
    public LoadFormat format() {
        return LoadFormat.VOTABLE;
    }

    @Override
    public boolean signed(byte[] head, String text) {
        return text != null && text.startsWith("<") && "VOTABLE".equals(FormatRecognition.xmlRoot(text));
    }

    @Override
    public FileTable describe(InputStream in, long maxRows) {
        try {
            XMLStreamReader r = root(INPUT.createXMLStreamReader(in));
            if (!r.getLocalName().equals("VOTABLE")) {
                throw bad(r, "the document's root is <" + r.getLocalName() + ">; expected <VOTABLE>");
            }
            while (next(r)) {
                if (r.isStartElement() && r.getLocalName().equals("TABLE")) {
                    return table(r);
                }
            }
            throw FelicetteException.badInput("bad_document", "the VOTable has no TABLE");
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber();
            String message = e.getMessage() == null ? ""
                    : e.getMessage().replaceAll("(?s)^ParseError at \\[.*?\\]\\s*Message:\\s*", "");
            throw FelicetteException.badInput("bad_xml", "the document is not well-formed XML" + where + ": " + message);
        }
    }

    @Override
    public void stream(InputStream in, RowSink sink) throws IOException {
        StilTables.stream(LoadFormat.VOTABLE, in, sink);
    }

    private static FileTable table(XMLStreamReader r) throws XMLStreamException {
        String name = r.getAttributeValue(null, "name");
        String description = null;
        String utype = r.getAttributeValue(null, "utype");
        List<FileColumn> columns = new ArrayList<>();
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "DESCRIPTION" -> description = r.getElementText().strip();
                    case "FIELD" -> columns.add(field(r));
                    case "DATA" -> {
                        return new FileTable(name, description, utype, columns, true);
                    }
                    default -> skip(r);
                }
            }
        }
        return new FileTable(name, description, utype, columns, false);
    }

    private static FileColumn field(XMLStreamReader r) throws XMLStreamException {
        String name = r.getAttributeValue(null, "name");
        String datatype = r.getAttributeValue(null, "datatype");
        String arraysize = r.getAttributeValue(null, "arraysize");
        String xtype = r.getAttributeValue(null, "xtype");
        String unit = r.getAttributeValue(null, "unit");
        String ucd = r.getAttributeValue(null, "ucd");
        String utype = r.getAttributeValue(null, "utype");
        String description = null;
        // as YouCat: a FIELD's ID is for use inside its document only, not an identity to keep
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            refuseEntity(r, event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                if (r.getLocalName().equals("DESCRIPTION")) {
                    description = r.getElementText().strip();
                } else {
                    skip(r);
                }
            }
        }
        return new FileColumn(name, datatype, arraysize, xtype, unit, ucd, utype, description);
    }

    /** A reader positioned on the root element; a DTD anywhere before it is refused. */
    private static XMLStreamReader root(XMLStreamReader r) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.DTD) {
                throw FelicetteException.badInput("dtd_refused", "the document declares a DTD (line "
                        + r.getLocation().getLineNumber() + "); DTDs and entities are not accepted");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                return r;
            }
        }
        throw FelicetteException.badInput("bad_document", "the document has no root element");
    }

    private static boolean next(XMLStreamReader r) throws XMLStreamException {
        if (!r.hasNext()) {
            return false;
        }
        int event = r.next();
        refuseEntity(r, event);
        return event != XMLStreamConstants.END_DOCUMENT;
    }

    private static void refuseEntity(XMLStreamReader r, int event) {
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw FelicetteException.badInput("entity_refused", "the document uses an entity reference (line "
                    + r.getLocation().getLineNumber() + "); entities are not accepted");
        }
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FelicetteException.badInput("entity_refused", "the document uses an entity reference; "
                        + "entities are not accepted");
            }
        }
    }

    private static FelicetteException bad(XMLStreamReader r, String message) {
        return FelicetteException.badInput("bad_document", message + " (line " + r.getLocation().getLineNumber() + ")");
    }
}
