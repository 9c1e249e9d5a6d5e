package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
            XMLStreamReader r = SafeStax.open(in);
            if (!r.getLocalName().equals("VOTABLE")) {
                throw SafeStax.bad(r, "the document's root is <" + r.getLocalName() + ">; expected <VOTABLE>");
            }
            while (SafeStax.next(r)) {
                if (r.isStartElement() && r.getLocalName().equals("TABLE")) {
                    return table(r);
                }
            }
            throw FelicetteException.badInput("bad_document", "the VOTable has no TABLE");
        } catch (XMLStreamException e) {
            throw SafeStax.notWellFormed(e);
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
                    default -> SafeStax.skip(r);
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
        String[] description = {null};
        // as YouCat: a FIELD's ID is for use inside its document only, not an identity to keep
        SafeStax.children(r, child -> {
            if (child.equals("DESCRIPTION")) {
                description[0] = r.getElementText().strip();
            } else {
                SafeStax.skip(r);
            }
        });
        return new FileColumn(name, datatype, arraysize, xtype, unit, ucd, utype, description[0]);
    }
}
