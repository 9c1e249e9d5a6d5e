package org.felicette.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import uk.ac.starlink.ecsv.EcsvTableWriter;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.AbstractStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTableWriter;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * The load benchmark's input: one table of N rows and 10 columns (bigint id, ra/dec double, five
 * real magnitudes, an int flag, a short text name), the same rows in CSV, TSV, FITS, VOTable
 * BINARY2, VOTable TABLEDATA and ECSV. Rows are made as they are written (nothing held).
 * Usage: LoadBenchData DIR ROWS [csv-only]
 */
public final class LoadBenchData {

    private LoadBenchData() {
    }

    static final String[] NAMES = {"id", "ra", "dec", "g", "r", "i", "z", "y", "flag", "name"};

    static Object[] row(long i) {
        double ra = (i * 0.000359) % 360.0;
        double dec = ((i * 0.000137) % 180.0) - 90.0;
        float base = 15f + (i % 1000) / 100f;
        return new Object[] {i, ra, dec, base, base + 0.1f, base + 0.2f, base + 0.3f, base + 0.4f, (int) (i % 7),
            "obj" + i};
    }

    /** The rows as a STIL table for its writers. */
    static final class Rows extends AbstractStarTable {
        private final long count;
        private static final ColumnInfo[] INFOS = {new ColumnInfo("id", Long.class, null),
            new ColumnInfo("ra", Double.class, null), new ColumnInfo("dec", Double.class, null),
            new ColumnInfo("g", Float.class, null), new ColumnInfo("r", Float.class, null),
            new ColumnInfo("i", Float.class, null), new ColumnInfo("z", Float.class, null),
            new ColumnInfo("y", Float.class, null), new ColumnInfo("flag", Integer.class, null),
            new ColumnInfo("name", String.class, null)};

        Rows(long count) {
            this.count = count;
            INFOS[9].setElementSize(16);
        }

        @Override
        public int getColumnCount() {
            return INFOS.length;
        }

        @Override
        public long getRowCount() {
            return count;
        }

        @Override
        public ColumnInfo getColumnInfo(int icol) {
            return INFOS[icol];
        }

        @Override
        public RowSequence getRowSequence() {
            return new RowSequence() {
                private long next = -1;
                private Object[] current;

                @Override
                public boolean next() {
                    if (++next >= count) {
                        return false;
                    }
                    current = row(next);
                    return true;
                }

                @Override
                public Object getCell(int icol) {
                    return current[icol];
                }

                @Override
                public Object[] getRow() {
                    return current;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    static void text(Path file, char delimiter, long rows) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            out.write(String.join(String.valueOf(delimiter), NAMES));
            out.write('\n');
            for (long i = 0; i < rows; i++) {
                Object[] r = row(i);
                for (int c = 0; c < r.length; c++) {
                    if (c > 0) {
                        out.write(delimiter);
                    }
                    out.write(r[c].toString());
                }
                out.write('\n');
            }
        }
    }

    static void stil(Path file, StarTableWriter writer, long rows) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            writer.writeStarTable(new Rows(rows), out);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        boolean csvOnly = args.length > 2 && args[2].equals("csv-only");
        Files.createDirectories(dir);
        String prefix = rows + "";
        text(dir.resolve(prefix + ".csv"), ',', rows);
        if (csvOnly) {
            return;
        }
        text(dir.resolve(prefix + ".tsv"), '\t', rows);
        stil(dir.resolve(prefix + ".fits"), new FitsTableWriter(), rows);
        stil(dir.resolve(prefix + ".binary2.vot"), new VOTableWriter(DataFormat.BINARY2, true, VOTableVersion.V14), rows);
        stil(dir.resolve(prefix + ".tabledata.vot"), new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14),
                rows);
        stil(dir.resolve(prefix + ".ecsv"), new EcsvTableWriter(), rows);
        System.out.printf(Locale.ROOT, "wrote %d rows in %s%n", rows, dir);
    }
}
