package org.felicette.api.http;

import java.io.IOException;
import javax.xml.stream.XMLStreamException;

/** Bridges StAX writers into JAX-RS streaming output. */
public final class Xml {

    public interface XmlWork {
        void run() throws XMLStreamException;
    }

    private Xml() {
    }

    public static void write(XmlWork work) throws IOException {
        try {
            work.run();
        } catch (XMLStreamException e) {
            throw new IOException("writing XML: " + e.getMessage(), e);
        }
    }
}
