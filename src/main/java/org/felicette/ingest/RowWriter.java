package org.felicette.ingest;

import java.io.IOException;

/** Writes rows into a COPY's input, in one of its formats; {@link #finish} sends what is left. */
public interface RowWriter {

    void row(Object[] values) throws IOException;

    void finish() throws IOException;
}
