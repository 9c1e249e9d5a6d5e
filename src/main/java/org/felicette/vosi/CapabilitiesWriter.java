package org.felicette.vosi;

import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.ingest.ResultFormat;

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
    /** TAPRegExt's namespace. */
    public static final String TR = "http://www.ivoa.net/xml/TAPRegExt/v1.0";

    /**
     * The TAP capability's TAPRegExt part, in the schema's order: the language (ADQL 2.0 with the
     * geometry it offers), every output format with its aliases, the upload methods, how long async
     * results are kept, the execution duration, the row limits and the upload limit.
     */
    private static void tableAccess(XMLStreamWriter w, Capability.TableAccess access) throws XMLStreamException {
        w.writeStartElement("language");
        text(w, "name", "ADQL");
        w.writeStartElement("version");
        w.writeAttribute("ivo-id", "ivo://ivoa.net/std/ADQL#v2.0");
        w.writeCharacters("2.0");
        w.writeEndElement();
        text(w, "description", "ADQL 2.0 over the tables the caller may see");
        w.writeStartElement("languageFeatures");
        w.writeAttribute("type", "ivo://ivoa.net/std/TAPRegExt#features-adqlgeo");
        for (String function : access.geometry()) {
            w.writeStartElement("feature");
            text(w, "form", function);
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
        for (ResultFormat format : ResultFormat.values()) {
            w.writeStartElement("outputFormat");
            text(w, "mime", format.mediaType());
            for (String alias : format.names()) {
                if (!alias.contains("/")) {
                    text(w, "alias", alias);
                }
            }
            w.writeEndElement();
        }
        for (String method : access.uploadMethods()) {
            w.writeEmptyElement("uploadMethod");
            w.writeAttribute("ivo-id", method);
        }
        w.writeStartElement("retentionPeriod");
        text(w, "default", Long.toString(access.retentionSeconds()));
        text(w, "hard", Long.toString(access.retentionSeconds()));
        w.writeEndElement();
        w.writeStartElement("executionDuration");
        text(w, "default", Integer.toString(access.executionSeconds()));
        text(w, "hard", Integer.toString(access.executionSeconds()));
        w.writeEndElement();
        w.writeStartElement("outputLimit");
        w.writeStartElement("default");
        w.writeAttribute("unit", "row");
        w.writeCharacters(Long.toString(access.defaultMaxRec()));
        w.writeEndElement();
        w.writeStartElement("hard");
        w.writeAttribute("unit", "row");
        w.writeCharacters(Long.toString(access.maxRec()));
        w.writeEndElement();
        w.writeEndElement();
        w.writeStartElement("uploadLimit");
        w.writeStartElement("hard");
        w.writeAttribute("unit", "byte");
        w.writeCharacters(Long.toString(access.maxUploadBytes()));
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(value);
        w.writeEndElement();
    }

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
            if (capability.tableAccess() != null) {
                w.writeNamespace("tr", TR);
                w.writeAttribute(VosiXml.XSI, "type", "tr:TableAccess");
            }
            w.writeAttribute("standardID", capability.standardId());
            w.writeStartElement("interface");
            w.writeAttribute(VosiXml.XSI, "type", capability.forBrowsers() ? "vr:WebBrowser" : "vs:ParamHTTP");
            if (!capability.forBrowsers()) {
                w.writeAttribute("role", "std");
            }
            if (capability.tableAccess() != null) {
                w.writeAttribute("version", "1.1"); // TAP 1.1 (VOResource 1.1's interface version)
            }
            w.writeStartElement("accessURL");
            w.writeAttribute("use", "full");
            // the TAP service's own URL has no trailing slash: clients append /sync to it
            w.writeCharacters(capability.path().isEmpty() ? baseUrl.replaceAll("/+$", "") : baseUrl + capability.path());
            w.writeEndElement();
            if (capability.takesCredentials()) {
                w.writeEmptyElement("securityMethod");
                for (String method : securityMethods) {
                    w.writeEmptyElement("securityMethod");
                    w.writeAttribute("standardID", method);
                }
            }
            w.writeEndElement();
            if (capability.tableAccess() != null) {
                tableAccess(w, capability.tableAccess());
            }
            w.writeEndElement();
        }
        w.writeCharacters("\n");
        w.writeEndElement();
        w.writeEndDocument();
        w.close();
    }
}
