package org.felicette.vosi;

import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a VOSI 1.0 capabilities document, each capability with a ParamHTTP interface. */
public final class CapabilitiesWriter {

    private final List<Capability> capabilities;

    public CapabilitiesWriter(List<Capability> capabilities) {
        this.capabilities = List.copyOf(capabilities);
    }

    public List<Capability> capabilities() {
        return capabilities;
    }

    /**
     * @param baseUrl the service root as the caller reached it, ending with a slash
     */
    public void write(OutputStream out, String baseUrl) throws XMLStreamException {
        XMLStreamWriter w = VosiXml.open(out);
        w.setPrefix("vosi", VosiXml.VOSI_CAPABILITIES);
        w.writeStartElement(VosiXml.VOSI_CAPABILITIES, "capabilities");
        w.writeNamespace("vosi", VosiXml.VOSI_CAPABILITIES);
        w.writeNamespace("vr", VosiXml.VR);
        w.writeNamespace("vs", VosiXml.VS);
        w.writeNamespace("xsi", VosiXml.XSI);
        for (Capability capability : capabilities) {
            w.writeCharacters("\n  ");
            w.writeStartElement("capability");
            w.writeAttribute("standardID", capability.standardId());
            w.writeStartElement("interface");
            w.writeAttribute(VosiXml.XSI, "type", "vs:ParamHTTP");
            w.writeAttribute("role", "std");
            w.writeStartElement("accessURL");
            w.writeAttribute("use", "full");
            w.writeCharacters(baseUrl + capability.path());
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
    }
}
