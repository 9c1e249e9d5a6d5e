package org.felicette.api;

import java.io.IOException;
import javax.xml.stream.XMLStreamException;

/** Bridges StAX writers into JAX-RS streaming output. */
final class Xml {

    interface XmlWork {
        void run() throws XMLStreamException;
    }

    private Xml() {
    }

    static void write(XmlWork work) throws IOException {
        try {
            work.run();
        } catch (XMLStreamException e) {
            throw new IOException("writing XML: " + e.getMessage(), e);
        }
    }
}
