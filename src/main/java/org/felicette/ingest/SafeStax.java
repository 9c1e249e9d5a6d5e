package org.felicette.ingest;

import java.io.InputStream;
import java.io.Reader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.felicette.FelicetteException;

/**
 * Reading XML documents clients send (VOSI tables, VOTable heads) with StAX, safely: no DTD is
 * read and no entity is expanded (a document that declares one or uses one is refused, naming
 * the line), and what is wrong is said as a 400 with its line and column.
 */
public final class SafeStax {

    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private SafeStax() {
    }

    /** A reader of a document positioned on its root element; a DTD anywhere before it is refused. */
    public static XMLStreamReader open(InputStream in) throws XMLStreamException {
        return root(INPUT.createXMLStreamReader(in));
    }

    public static XMLStreamReader open(Reader in) throws XMLStreamException {
        return root(INPUT.createXMLStreamReader(in));
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

    /** Moves to the next event; false at the document's end. */
    public static boolean next(XMLStreamReader r) throws XMLStreamException {
        if (!r.hasNext()) {
            return false;
        }
        int event = r.next();
        refuseEntity(r, event);
        return event != XMLStreamConstants.END_DOCUMENT;
    }

    /** Handles one child element; it must read the element to its end (getElementText or skip). */
    public interface Child {
        void element(String localName) throws XMLStreamException;
    }

    /** Calls {@code handler} for each child element of the element the reader is on, up to its end tag. */
    public static void children(XMLStreamReader r, Child handler) throws XMLStreamException {
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT) {
                return;
            }
            refuseEntity(r, event);
            if (event == XMLStreamConstants.START_ELEMENT) {
                handler.element(r.getLocalName());
            }
        }
    }

    /** Reads past the element the reader is on, to its end tag. */
    public static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else {
                refuseEntity(r, event);
            }
        }
    }

    private static void refuseEntity(XMLStreamReader r, int event) {
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
            throw FelicetteException.badInput("entity_refused", "the document uses an entity reference (line "
                    + r.getLocation().getLineNumber() + "); entities are not accepted");
        }
    }

    /** A document that is well-formed but not what was expected, at the reader's line. */
    public static FelicetteException bad(XMLStreamReader r, String message) {
        return FelicetteException.badInput("bad_document", message + " (line " + r.getLocation().getLineNumber() + ")");
    }

    /** A document that is not well-formed XML, with where the parser stopped. */
    public static FelicetteException notWellFormed(XMLStreamException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                + e.getLocation().getColumnNumber();
        String message = e.getMessage() == null ? ""
                : e.getMessage().replaceAll("(?s)^ParseError at \\[.*?\\]\\s*Message:\\s*", "");
        return FelicetteException.badInput("bad_xml", "the document is not well-formed XML" + where + ": " + message);
    }
}
