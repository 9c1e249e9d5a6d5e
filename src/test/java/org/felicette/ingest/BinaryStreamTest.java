package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.util.ByteArrayDataSource;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableBuilder;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * BINARY and BINARY2 read from the base64 of their STREAM: the same rows, value for value and
 * class for class, as STIL reads from the same bytes, however the body is cut into reads.
 */
class BinaryStreamTest {

    /** A table with every kind of column the stream reads, nulls, NaN, empty and padded strings. */
    static StarTable table() {
        ColumnInfo fixed = new ColumnInfo("code", String.class, "fixed-length");
        fixed.setElementSize(6);
        ColumnInfo[] columns = {
            new ColumnInfo("flag", Boolean.class, null),
            new ColumnInfo("small", Short.class, null),
            new ColumnInfo("count", Integer.class, null),
            new ColumnInfo("id", Long.class, null),
            new ColumnInfo("mag", Float.class, null),
            new ColumnInfo("ra", Double.class, null),
            new ColumnInfo("name", String.class, null),
            fixed,
        };
        RowListStarTable t = new RowListStarTable(columns);
        t.addRow(new Object[] {true, (short) 1, 10, 1L << 40, 1.5f, 10.25, "alpha", "AB"});
        t.addRow(new Object[] {false, (short) -2, -20, -5L, Float.NaN, Double.NaN, "", "ABCDEF"});
        t.addRow(new Object[] {null, null, null, null, null, null, null, null});
        t.addRow(new Object[] {true, Short.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, -0f, 1e300, "with space ", " x"});
        for (int i = 0; i < 3000; i++) { // over many buffers
            t.addRow(new Object[] {i % 2 == 0, (short) i, i * 3, (long) i * 1_000_003L, i / 7f, i / 3.0, "row " + i,
                "c" + (i % 100)});
        }
        return t;
    }

    static byte[] votable(StarTable table, DataFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VOTableWriter(format, true).writeStarTable(table, out);
        return out.toByteArray();
    }

    /** The rows as STIL itself reads the document. */
    static List<List<Object>> stilRows(byte[] document) throws IOException {
        StarTable t = new VOTableBuilder().makeStarTable(new ByteArrayDataSource("t.vot", document), false,
                uk.ac.starlink.table.StoragePolicy.PREFER_MEMORY);
        List<List<Object>> rows = new ArrayList<>();
        try (RowSequence seq = t.getRowSequence()) {
            while (seq.next()) {
                rows.add(Arrays.asList(seq.getRow()));
            }
        }
        return rows;
    }

    /** The rows as the load reads the document, in reads of at most {@code chunk} bytes. */
    static List<List<Object>> loadRows(byte[] document, int chunk) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        InputStream pieces = TabledataScannerTest.inPieces(new ByteArrayInputStream(document), chunk);
        StilTables.stream(LoadFormat.VOTABLE, pieces, new RowSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(Object[] values) {
                rows.add(Arrays.asList(values.clone()));
            }
        });
        return rows;
    }

    static void sameRows(List<List<Object>> actual, List<List<Object>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            List<Object> a = actual.get(r);
            List<Object> e = expected.get(r);
            assertThat(a).as("row %d", r + 1).hasSameSizeAs(e);
            for (int c = 0; c < e.size(); c++) {
                Object x = a.get(c);
                Object y = e.get(c);
                assertThat(x == null ? null : x.getClass()).as("class, row %d column %d", r + 1, c + 1)
                        .isEqualTo(y == null ? null : y.getClass());
                assertThat(x).as("row %d column %d", r + 1, c + 1).isEqualTo(y);
            }
        }
    }

    @Test
    void binary2ReadsAsStilReadsIt() throws IOException {
        byte[] document = votable(table(), DataFormat.BINARY2);
        List<List<Object>> expected = stilRows(document);
        assertThat(expected).hasSize(3004);
        for (int chunk : new int[] {1, 3, 7, 4096, 1 << 20}) {
            sameRows(loadRows(document, chunk), expected);
        }
        // read by the stream, not by STIL: cut short, it says so in its own words
        String text = new String(document, StandardCharsets.UTF_8);
        int start = text.indexOf('>', text.indexOf("<STREAM")) + 1;
        int end = text.indexOf("</STREAM>");
        String base64 = text.substring(start, end).replaceAll("\\s", "");
        byte[] cut = (text.substring(0, start) + base64.substring(0, base64.length() - 400) + text.substring(end))
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> loadRows(cut, 8192)).isInstanceOf(BadData.class)
                .hasMessageContaining("BINARY2 stream ends inside row");
    }

    @Test
    void binaryReadsAsStilReadsIt() throws IOException {
        byte[] document = votable(table(), DataFormat.BINARY);
        List<List<Object>> expected = stilRows(document);
        for (int chunk : new int[] {1, 5, 8192}) {
            sameRows(loadRows(document, chunk), expected);
        }
    }

    /** A BINARY2 document written here, with the kinds STIL's writer does not make. */
    static byte[] handMade(boolean truncate, String garbage) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(data);
        for (int i = 0; i < 3; i++) {
            d.writeByte(i == 2 ? 0x80 | 0x08 : 0x00); // row 3: first and fifth null
            d.writeByte(200 + i); // unsignedByte
            d.writeChar('é'); // unicodeChar[2]
            d.writeChar(i == 1 ? 0 : 'x');
            d.writeInt(2); // unicodeChar[*]
            d.writeChar('Ω');
            d.writeChar('a' + i);
            d.writeByte(i == 0 ? 'T' : i == 1 ? '?' : 'F'); // boolean
            d.writeInt(i == 1 ? -99 : i); // int with a VALUES null
        }
        byte[] bytes = data.toByteArray();
        if (truncate) {
            bytes = Arrays.copyOf(bytes, bytes.length - 3);
        }
        String base64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes);
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE name="hand">
                <FIELD name="b" datatype="unsignedByte"/>
                <FIELD name="u" datatype="unicodeChar" arraysize="2"/>
                <FIELD name="v" datatype="unicodeChar" arraysize="*"/>
                <FIELD name="f" datatype="boolean"/>
                <FIELD name="n" datatype="int"><DESCRIPTION>with a null</DESCRIPTION><VALUES null="-99"/></FIELD>
                <DATA><BINARY2><STREAM encoding='base64'>
                """ + base64 + garbage + "\n</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unicodeUnsignedBytesBooleansAndNullValuesReadAsStilReadsThem() throws IOException {
        byte[] document = handMade(false, "");
        List<List<Object>> expected = stilRows(document);
        assertThat(expected).hasSize(3);
        assertThat(expected.get(1).get(4)).as("STIL reads the VALUES null as null").isNull();
        for (int chunk : new int[] {1, 2, 64, 8192}) {
            sameRows(loadRows(document, chunk), expected);
        }
    }

    @Test
    void aCutOrNonBase64StreamIsNamed() {
        assertThatThrownBy(() -> loadRows(handMade(true, ""), 8192)).isInstanceOf(BadData.class)
                .hasMessageContaining("BINARY2 stream ends inside row 3");
        assertThatThrownBy(() -> loadRows(handMade(false, "\n!!!!"), 8192)).isInstanceOf(BadData.class)
                .hasMessageContaining("the VOTable's STREAM holds '!', which is not base64");
    }

    @Test
    void arraysAndOtherEncodingsAreLeftToStil() throws IOException {
        ColumnInfo[] columns = {new ColumnInfo("id", Long.class, null), new ColumnInfo("flux", double[].class, null)};
        columns[1].setShape(new int[] {3});
        RowListStarTable t = new RowListStarTable(columns);
        t.addRow(new Object[] {1L, new double[] {1, 2, 3}});
        t.addRow(new Object[] {2L, new double[] {4, 5, 6}});
        byte[] document = votable(t, DataFormat.BINARY2);
        List<List<Object>> rows = loadRows(document, 100);
        assertThat(rows).hasSize(2);
        assertThat((double[]) rows.get(1).get(1)).containsExactly(4, 5, 6);
        // a many-dimensional array is STIL's too
        String single = new String(handMade(false, ""), StandardCharsets.UTF_8).replace(
                "<FIELD name=\"f\" datatype=\"boolean\"/>", "<FIELD name=\"f\" datatype=\"unsignedByte\" arraysize=\"1x1\"/>");
        byte[] document2 = single.getBytes(StandardCharsets.UTF_8);
        sameRows(loadRows(document2, 64), stilRows(document2));
    }
}
