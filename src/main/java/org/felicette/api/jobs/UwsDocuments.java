package org.felicette.api.jobs;

import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.felicette.api.http.Xml;
import org.felicette.jobs.Job;
import org.felicette.vosi.VosiXml;

/**
 * UWS 1.1 documents (valid against the UWS-v1.1 schema): a job, a job list, a job's parameters and
 * results. A job's progress goes in {@code jobInfo}, in Felicette's own namespace.
 */
public final class UwsDocuments {

    static final String UWS = "http://www.ivoa.net/xml/UWS/v1.0";
    static final String XLINK = "http://www.w3.org/1999/xlink";
    static final String PROGRESS = "urn:felicette:uws:progress";

    private UwsDocuments() {
    }

    /** A time as UWS writes it: ISO 8601 in UTC, to the millisecond. */
    public static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static StreamingOutput job(Job job, URI base) {
        return out -> Xml.write(() -> {
            XMLStreamWriter w = VosiXml.open(out);
            root(w, "job");
            text(w, "jobId", job.id());
            text(w, "ownerId", job.owner());
            text(w, "phase", job.phase().name());
            nillable(w, "quote", job.quote());
            text(w, "creationTime", time(job.created()));
            nillable(w, "startTime", job.started());
            nillable(w, "endTime", job.ended());
            text(w, "executionDuration", Integer.toString(job.executionDuration()));
            nillable(w, "destruction", job.destruction());
            parameters(w, job.parameters());
            results(w, job.results(), base);
            if (job.error() != null) {
                w.writeStartElement("uws", "errorSummary", UWS);
                w.writeAttribute("type", job.error().isTransient() ? "transient" : "fatal");
                w.writeAttribute("hasDetail", "true");
                text(w, "message", job.error().message());
                w.writeEndElement();
            }
            Job.Progress p = job.progress();
            if (p != null && !p.equals(Job.Progress.NONE)) {
                w.writeStartElement("uws", "jobInfo", UWS);
                w.writeStartElement("", "progress", PROGRESS);
                w.writeDefaultNamespace(PROGRESS);
                attribute(w, "rows", p.rows());
                attribute(w, "bytes", p.bytes());
                attribute(w, "percent", p.percent());
                attribute(w, "message", p.message());
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        });
    }

    static StreamingOutput list(List<Job> jobs, URI list) {
        return out -> Xml.write(() -> {
            XMLStreamWriter w = VosiXml.open(out);
            root(w, "jobs");
            for (Job job : jobs) {
                w.writeStartElement("uws", "jobref", UWS);
                w.writeAttribute("id", job.id());
                w.writeAttribute("xlink", XLINK, "href", list.resolve(job.id()).toString());
                text(w, "phase", job.phase().name());
                text(w, "ownerId", job.owner());
                text(w, "creationTime", time(job.created()));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        });
    }

    static StreamingOutput parameters(Job job) {
        return out -> Xml.write(() -> {
            XMLStreamWriter w = VosiXml.open(out);
            w.writeStartElement("uws", "parameters", UWS);
            w.writeNamespace("uws", UWS);
            writeParameters(w, job.parameters());
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        });
    }

    static StreamingOutput results(Job job, URI base) {
        return out -> Xml.write(() -> {
            XMLStreamWriter w = VosiXml.open(out);
            w.writeStartElement("uws", "results", UWS);
            w.writeNamespace("uws", UWS);
            w.writeNamespace("xlink", XLINK);
            writeResults(w, job.results(), base);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        });
    }

    private static void root(XMLStreamWriter w, String name) throws XMLStreamException {
        w.writeStartElement("uws", name, UWS);
        w.writeNamespace("uws", UWS);
        w.writeNamespace("xlink", XLINK);
        w.writeNamespace("xsi", VosiXml.XSI);
        w.writeAttribute("version", "1.1");
    }

    private static void parameters(XMLStreamWriter w, Map<String, String> parameters) throws XMLStreamException {
        w.writeStartElement("uws", "parameters", UWS);
        writeParameters(w, parameters);
        w.writeEndElement();
    }

    private static void writeParameters(XMLStreamWriter w, Map<String, String> parameters) throws XMLStreamException {
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            w.writeStartElement("uws", "parameter", UWS);
            w.writeAttribute("id", p.getKey());
            w.writeCharacters(p.getValue());
            w.writeEndElement();
        }
    }

    private static void results(XMLStreamWriter w, List<Job.Result> results, URI base) throws XMLStreamException {
        w.writeStartElement("uws", "results", UWS);
        writeResults(w, results, base);
        w.writeEndElement();
    }

    private static void writeResults(XMLStreamWriter w, List<Job.Result> results, URI base) throws XMLStreamException {
        for (Job.Result r : results) {
            w.writeEmptyElement("uws", "result", UWS);
            w.writeAttribute("id", r.id());
            w.writeAttribute("xlink", XLINK, "href", base.resolve(r.href()).toString());
            if (r.mimeType() != null) {
                w.writeAttribute("mime-type", r.mimeType());
            }
        }
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement("uws", name, UWS);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void nillable(XMLStreamWriter w, String name, Instant value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement("uws", name, UWS);
            w.writeAttribute("xsi", VosiXml.XSI, "nil", "true");
        } else {
            text(w, name, time(value));
        }
    }

    private static void attribute(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value != null) {
            w.writeAttribute(name, value.toString());
        }
    }
}
