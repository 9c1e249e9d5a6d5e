package org.felicette.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A first look at a table file, for a person about to load it: its columns (types, and the units,
 * UCDs and descriptions the file gives) and its first rows, as text. It reads what it is given; a
 * head of a large file is enough for every format but Parquet (whose schema is at its end).
 */
public final class Preview {

    /**
     * The format read, the columns (from the file, or inferred from a CSV's values), the first
     * rows, the UCDs proposed for columns the file gives none (from their names), and the columns
     * whose values nearly all fit their type, with what does not.
     */
    public record Result(String format, List<FileColumn> columns, List<List<String>> rows,
            List<ColumnProposals.Proposal> proposals, List<NearMiss> nearMisses) {
    }

    private Preview() {
    }

    /** @param head the start of the file (a CSV's last, partial line is left out); a Parquet file whole */
    public static Result of(LoadFormat format, InputStream head, int maxRows) throws IOException {
        TableReader reader = format.reader();
        try (SpooledBody spooled = SpooledBody.of(head)) {
            FileTable table;
            try (InputStream again = spooled.again()) {
                table = reader.describe(again, Long.MAX_VALUE);
            }
            List<List<String>> rows = new ArrayList<>();
            try {
                reader.stream(spooled, new RowSink() {
                    @Override
                    public void columns(List<String> names) {
                    }

                    @Override
                    public void row(Object[] values) throws IOException {
                        if (rows.size() >= maxRows) {
                            throw new Enough();
                        }
                        rows.add(Arrays.stream(values).map(Preview::text).toList());
                    }
                });
            } catch (Enough e) {
                // the first rows are all a preview shows
            } catch (BadData e) {
                // a head cut off mid-row: the columns and the rows before the cut are what was asked for
            }
            if (table.columns().isEmpty()) {
                throw new BadData("no_table", "the " + format.label() + " file has no table");
            }
            return new Result(format.label(), table.columns(), rows, ColumnProposals.of(table.columns()),
                    table.nearMisses());
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "" : " ").append(java.lang.reflect.Array.get(value, i));
            }
            return out.toString();
        }
        return value.toString();
    }

    private static final class Enough extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
