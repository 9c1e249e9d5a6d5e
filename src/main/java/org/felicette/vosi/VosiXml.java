package org.felicette.vosi;

import java.io.OutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Namespaces of the IVOA schemas, and a streaming writer for them. */
public final class VosiXml {

    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String VR = "http://www.ivoa.net/xml/VOResource/v1.0";
    public static final String VS = "http://www.ivoa.net/xml/VODataService/v1.1";
    /** The namespace of CADC's VOSI table extensions ({@code vte:columnID} on a column). */
    public static final String VTE = "http://www.opencadc.org/xml/VOSITablesExt/v1.0";
    public static final String VOSI_CAPABILITIES = "http://www.ivoa.net/xml/VOSICapabilities/v1.0";
    public static final String VOSI_AVAILABILITY = "http://www.ivoa.net/xml/VOSIAvailability/v1.0";
    public static final String VOSI_TABLES = "http://www.ivoa.net/xml/VOSITables/v1.0";

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newInstance();

    private VosiXml() {
    }

    /** A UTF-8 writer on the stream with the XML declaration already written. */
    public static XMLStreamWriter open(OutputStream out) throws XMLStreamException {
        XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(out, "UTF-8");
        writer.writeStartDocument("UTF-8", "1.0");
        writer.writeCharacters("\n");
        return writer;
    }
}
