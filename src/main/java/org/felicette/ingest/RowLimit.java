package org.felicette.ingest;

import java.io.IOException;
import java.util.List;

/** A sink that passes rows on until there are more than a limit, then refuses the table. */
public final class RowLimit implements RowSink {

    private final RowSink next;
    private final long maxRows;
    private final String what;
    private long rows;

    /** @param what the table, for the refusal ("an upload") */
    public RowLimit(RowSink next, long maxRows, String what) {
        this.next = next;
        this.maxRows = maxRows;
        this.what = what;
    }

    @Override
    public void described(FileTable table) throws IOException {
        next.described(table);
    }

    @Override
    public void columns(List<String> names) throws IOException {
        next.columns(names);
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (++rows > maxRows) {
            throw new LimitExceeded("too_many_rows", "the table has more than the " + maxRows + " rows " + what
                    + " may have", maxRows);
        }
        next.row(values);
    }

    /** Passed on unlimited: the rows of delimited text were counted when its types were inferred. */
    @Override
    public Passthrough passthrough(char delimiter) throws IOException {
        return next.passthrough(delimiter);
    }
}
