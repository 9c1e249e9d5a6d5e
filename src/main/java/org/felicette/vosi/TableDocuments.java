package org.felicette.vosi;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.felicette.FelicetteException;
import org.felicette.ingest.SafeStax;
import org.felicette.tapschema.SchemaDefinition;
import org.felicette.tapschema.TableDefinition;

/**
 * Reads the table documents clients send to create or describe a table: a VOSI table
 * ({@code vosi:table} or VODataService {@code table}) or a VOTable (the first TABLE's FIELDs).
 * The parser refuses DTDs and external entities: a document that declares one is refused.
 */
public final class TableDocuments {

    private TableDocuments() {
    }

    public static TableDefinition vosiTable(String xml) {
        try {
            XMLStreamReader r = SafeStax.open(new StringReader(xml));
            if (!r.getLocalName().equals("table")) {
                throw SafeStax.bad(r, "the document's root is <" + r.getLocalName() + ">; expected a VOSI <table>");
            }
            String name = null;
            String description = null;
            String utype = null;
            List<Col> columns = new ArrayList<>();
            List<TableDefinition.ForeignKey> keys = new ArrayList<>();
            while (SafeStax.next(r)) {
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
                    default -> SafeStax.skip(r);
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
            throw SafeStax.notWellFormed(e);
        }
    }

    /** A VODataService foreignKey: targetTable, fkColumn pairs (fromColumn, targetColumn), description, utype. */
    private static TableDefinition.ForeignKey foreignKey(XMLStreamReader r) throws XMLStreamException {
        String[] fields = new String[3];
        List<TableDefinition.ColumnPair> pairs = new ArrayList<>();
        SafeStax.children(r, child -> {
            switch (child) {
                case "targetTable" -> fields[0] = r.getElementText().strip();
                case "description" -> fields[1] = r.getElementText().strip();
                case "utype" -> fields[2] = r.getElementText().strip();
                case "fkColumn" -> {
                    String[] pair = new String[2];
                    SafeStax.children(r, part -> {
                        switch (part) {
                            case "fromColumn" -> pair[0] = r.getElementText().strip();
                            case "targetColumn" -> pair[1] = r.getElementText().strip();
                            default -> SafeStax.skip(r);
                        }
                    });
                    pairs.add(new TableDefinition.ColumnPair(pair[0], pair[1]));
                }
                default -> SafeStax.skip(r);
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
        SafeStax.children(r, child -> {
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
                default -> SafeStax.skip(r);
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
            XMLStreamReader r = SafeStax.open(new StringReader(xml));
            if (!r.getLocalName().equals("tableset")) {
                throw SafeStax.bad(r, "the document's root is <" + r.getLocalName() + ">; expected a VOSI <tableset> with one "
                        + "<schema>");
            }
            SchemaDefinition found = null;
            while (SafeStax.next(r)) {
                if (!r.isStartElement()) {
                    continue;
                }
                if (!r.getLocalName().equals("schema")) {
                    SafeStax.skip(r);
                    continue;
                }
                if (found != null) {
                    throw SafeStax.bad(r, "the tableset holds more than one <schema>; give exactly one");
                }
                String[] fields = new String[3];
                SafeStax.children(r, child -> {
                    switch (child) {
                        case "name" -> fields[0] = r.getElementText().strip();
                        case "description" -> fields[1] = r.getElementText().strip();
                        case "utype" -> fields[2] = r.getElementText().strip();
                        default -> SafeStax.skip(r);
                    }
                });
                found = new SchemaDefinition(fields[0], fields[1], fields[2]);
            }
            if (found == null) {
                throw FelicetteException.badInput("bad_document", "the tableset holds no <schema>; give exactly one");
            }
            return found;
        } catch (XMLStreamException e) {
            throw SafeStax.notWellFormed(e);
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

    /** True at the end tag of the root element: the reader only descends through skip and column. */
    private static boolean depthIsRoot(XMLStreamReader r) {
        return r.getLocalName().equals("table");
    }
}
