package org.felicette.vosi;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.felicette.FelicetteException;
import org.felicette.tapschema.SchemaDefinition;
import org.felicette.tapschema.TableDefinition;

/**
 * Reads the table documents clients send to create or describe a table: a VOSI table
 * ({@code vosi:table} or VODataService {@code table}) or a VOTable (the first TABLE's FIELDs).
 * The parser refuses DTDs and external entities: a document that declares one is refused.
 */
public final class TableDocuments {

    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    private TableDocuments() {
    }

    public static TableDefinition vosiTable(String xml) {
        try {
            XMLStreamReader r = open(xml);
            if (!r.getLocalName().equals("table")) {
                throw bad(r, "the document's root is <" + r.getLocalName() + ">; expected a VOSI <table>");
            }
            String name = null;
            String description = null;
            String utype = null;
            List<Col> columns = new ArrayList<>();
            List<TableDefinition.ForeignKey> keys = new ArrayList<>();
            while (next(r)) {
                if (r.isEndElement() && depthIsRoot(r)) {
                    break;
                }
                if (!r.isStartElement()) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "name" -> name = r.getElementText().strip();
                    case "description" -> description = r.getElementText().strip();
                    case "utype" -> utype = r.getElementText().strip();
                    case "column" -> columns.add(column(r));
                    case "foreignKey" -> keys.add(foreignKey(r));
                    default -> skip(r);
                }
            }
            boolean anyPrincipalFlag = columns.stream().anyMatch(c -> c.flags.contains("principal"));
            List<TableDefinition.Column> out = new ArrayList<>();
            for (Col c : columns) {
                out.add(new TableDefinition.Column(c.name, c.description, c.datatype, c.arraysize, c.xtype, c.unit,
                        c.ucd, c.utype, anyPrincipalFlag ? Boolean.valueOf(c.flags.contains("principal")) : null, c.std,
                        c.columnId));
            }
            // a VOSI document without foreignKey elements says nothing of them (YouCat's clients send none)
            return new TableDefinition(name, description, utype, out, keys.isEmpty() ? null : List.copyOf(keys));
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        }
    }

    /** A VODataService foreignKey: targetTable, fkColumn pairs (fromColumn, targetColumn), description, utype. */
    private static TableDefinition.ForeignKey foreignKey(XMLStreamReader r) throws XMLStreamException {
        String[] fields = new String[3];
        List<TableDefinition.ColumnPair> pairs = new ArrayList<>();
        children(r, child -> {
            switch (child) {
                case "targetTable" -> fields[0] = r.getElementText().strip();
                case "description" -> fields[1] = r.getElementText().strip();
                case "utype" -> fields[2] = r.getElementText().strip();
                case "fkColumn" -> {
                    String[] pair = new String[2];
                    children(r, part -> {
                        switch (part) {
                            case "fromColumn" -> pair[0] = r.getElementText().strip();
                            case "targetColumn" -> pair[1] = r.getElementText().strip();
                            default -> skip(r);
                        }
                    });
                    pairs.add(new TableDefinition.ColumnPair(pair[0], pair[1]));
                }
                default -> skip(r);
            }
        });
        return new TableDefinition.ForeignKey(fields[0], List.copyOf(pairs), fields[1], fields[2]);
    }

    /** Collected fields of a VOSI column. */
    private static final class Col {
        String name;
        String description;
        String unit;
        String ucd;
        String utype;
        String datatype;
        String arraysize;
        String xtype;
        String columnId;
        Boolean std;
        final List<String> flags = new ArrayList<>();
    }

    private static Col column(XMLStreamReader r) throws XMLStreamException {
        Col c = new Col();
        String std = r.getAttributeValue(null, "std");
        c.std = std == null ? null : Boolean.valueOf(std.strip());
        c.columnId = columnId(r);
        children(r, child -> {
            switch (child) {
                case "name" -> c.name = r.getElementText().strip();
                case "description" -> c.description = r.getElementText().strip();
                case "unit" -> c.unit = r.getElementText().strip();
                case "ucd" -> c.ucd = r.getElementText().strip();
                case "utype" -> c.utype = r.getElementText().strip();
                case "flag" -> c.flags.add(r.getElementText().strip());
                case "dataType" -> {
                    c.arraysize = r.getAttributeValue(null, "arraysize");
                    c.xtype = r.getAttributeValue(null, "extendedType");
                    c.datatype = r.getElementText().strip();
                }
                default -> skip(r);
            }
        });
        return c;
    }

    /**
     * A VOSI tableset holding one schema (YouCat's {@code application/x-vosi-schema}): its name,
     * description and utype; tables inside it are not read (tables are created one by one).
     */
    public static SchemaDefinition vosiSchema(String xml) {
        try {
            XMLStreamReader r = open(xml);
            if (!r.getLocalName().equals("tableset")) {
                throw bad(r, "the document's root is <" + r.getLocalName() + ">; expected a VOSI <tableset> with one "
                        + "<schema>");
            }
            SchemaDefinition found = null;
            while (next(r)) {
                if (!r.isStartElement()) {
                    continue;
                }
                if (!r.getLocalName().equals("schema")) {
                    skip(r);
                    continue;
                }
                if (found != null) {
                    throw bad(r, "the tableset holds more than one <schema>; give exactly one");
                }
                String[] fields = new String[3];
                children(r, child -> {
                    switch (child) {
                        case "name" -> fields[0] = r.getElementText().strip();
                        case "description" -> fields[1] = r.getElementText().strip();
                        case "utype" -> fields[2] = r.getElementText().strip();
                        default -> skip(r);
                    }
                });
                found = new SchemaDefinition(fields[0], fields[1], fields[2]);
            }
            if (found == null) {
                throw FelicetteException.badInput("bad_document", "the tableset holds no <schema>; give exactly one");
            }
            return found;
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        }
    }

    /** CADC's {@code vte:columnID} attribute of a VOSI column, in whichever namespace the client bound it. */
    private static String columnId(XMLStreamReader r) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equals("columnID")) {
                String value = r.getAttributeValue(i).strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** Handles one child element; it must read the element to its end (getElementText or skip). */
    private interface Child {
        void element(String localName) throws XMLStreamException;
    }

    /** Calls {@code handler} for each child element of the element the reader is on, up to its end tag. */
    private static void children(XMLStreamReader r, Child handler) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FelicetteException.badInput("entity_refused", "the document uses an entity reference (line "
                        + r.getLocation().getLineNumber() + "); entities are not accepted");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                handler.element(r.getLocalName());
            }
        }
    }

    /** A reader positioned on the root element; a DTD anywhere before it is refused. */
    private static XMLStreamReader open(String xml) throws XMLStreamException {
        return root(INPUT.createXMLStreamReader(new StringReader(xml)));
    }

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
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw FelicetteException.badInput("entity_refused", "the document uses an entity reference (line "
                    + r.getLocation().getLineNumber() + "); entities are not accepted");
        }
        return event != XMLStreamConstants.END_DOCUMENT;
    }

    /** True at the end tag of the root element: the reader only descends through skip and column. */
    private static boolean depthIsRoot(XMLStreamReader r) {
        return r.getLocalName().equals("table");
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

    private static FelicetteException notWellFormed(XMLStreamException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                + e.getLocation().getColumnNumber();
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("(?s)^ParseError at \\[.*?\\]\\s*Message:\\s*", "");
        return FelicetteException.badInput("bad_xml", "the document is not well-formed XML" + where + ": " + message);
    }
}
