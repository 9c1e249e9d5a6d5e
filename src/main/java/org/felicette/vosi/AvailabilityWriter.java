package org.felicette.vosi;

import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a VOSI 1.0 availability document. */
public final class AvailabilityWriter {

    private AvailabilityWriter() {
    }

    /** @param clientIp the caller's address as this service sees it, written as CADC's services write it; null for none */
    public static void write(OutputStream out, boolean available, Instant upSince, String note, String clientIp)
            throws XMLStreamException {
        XMLStreamWriter w = VosiXml.open(out);
        w.setPrefix("vosi", VosiXml.VOSI_AVAILABILITY);
        w.writeStartElement(VosiXml.VOSI_AVAILABILITY, "availability");
        w.writeNamespace("vosi", VosiXml.VOSI_AVAILABILITY);
        element(w, "available", Boolean.toString(available));
        if (available) {
            element(w, "upSince", upSince.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        element(w, "note", note);
        if (clientIp != null && clientIp.matches("[0-9A-Fa-f.:\\[\\]%a-zA-Z]+")) {
            w.writeCharacters("\n  ");
            w.writeComment(" <clientip>" + clientIp + "</clientip> "); // as YouCat: which address the service saw
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeCharacters("\n  ");
        w.writeStartElement(VosiXml.VOSI_AVAILABILITY, name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
