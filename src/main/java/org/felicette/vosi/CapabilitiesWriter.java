package org.felicette.vosi;

import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a VOSI 1.0 capabilities document, each capability with a ParamHTTP interface. An
 * interface that takes credentials lists its security methods (VOResource 1.1): an empty
 * {@code securityMethod} for anonymous access, then one per way of authenticating.
 */
public final class CapabilitiesWriter {

    /** IVOA SSO's standard identifiers of the ways to authenticate. */
    public static final String TOKEN = "ivo://ivoa.net/sso#token";
    public static final String COOKIE = "ivo://ivoa.net/sso#cookie";

    private final List<Capability> capabilities;
    private final List<String> securityMethods;

    /** @param securityMethods the standardIDs of the ways callers authenticate, e.g. {@link #TOKEN} */
    public CapabilitiesWriter(List<Capability> capabilities, List<String> securityMethods) {
        this.capabilities = List.copyOf(capabilities);
        this.securityMethods = List.copyOf(securityMethods);
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
            if (capability.takesCredentials()) {
                w.writeEmptyElement("securityMethod");
                for (String method : securityMethods) {
                    w.writeEmptyElement("securityMethod");
                    w.writeAttribute("standardID", method);
                }
            }
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
    }
}
