package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TABLEDATA read from its bytes after the SAX parser has read the metadata: the same rows as XML
 * says, however the body is cut into reads, and malformed data refused.
 */
class TabledataScannerTest {

    static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a <TABLEDATA> in a comment is not the data -->
            <VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
            <DESCRIPTION><![CDATA[ <TABLEDATA> in CDATA ]]></DESCRIPTION>
            <FIELD name="id" datatype="long"><VALUES null="-1"/></FIELD>
            <FIELD name="name" datatype="char" arraysize="*" ucd="meta.id;x&gt;y"/>
            <FIELD name="mag" datatype="double"/>
            <DATA><TABLEDATA>""";
    static final String TAIL = "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n";

    /** A stream whose reads give at most {@code chunk} bytes each, as a network body's may. */
    static InputStream inPieces(InputStream in, int chunk) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    /** The rows a body gives, read in pieces of {@code chunk} bytes. */
    static List<List<Object>> rows(String body, int chunk, Charset charset) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(body.getBytes(charset)) {
            private boolean closed;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                assertThat(closed).as("read after close").isFalse();
                return super.read(b, off, len);
            }

            @Override
            public void close() {
                closed = true; // as a file's stream would refuse reads now
            }
        };
        StilTables.stream(LoadFormat.VOTABLE, inPieces(in, chunk), new RowSink() {
            @Override
            public void columns(List<String> names) {
                columns.addAll(names);
            }

            @Override
            public void row(Object[] values) {
                rows.add(Arrays.asList(values));
            }
        });
        assertThat(columns).containsExactly("id", "name", "mag");
        return rows;
    }

    static List<List<Object>> rows(String data) throws IOException {
        List<List<Object>> whole = rows(HEAD + data + TAIL, 1 << 20, StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 7, 64}) {
            assertThat(rows(HEAD + data + TAIL, chunk, StandardCharsets.UTF_8)).as("read %d bytes at a time", chunk)
                    .isEqualTo(whole);
        }
        return whole;
    }

    @Test
    void cellsKeepTheirTextWithEntitiesCdataAndCommentsResolved() throws IOException {
        List<List<Object>> rows = rows("""
                <TR><TD>1</TD><TD>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#233;&#x2605;</TD><TD>1.5</TD></TR>
                <!-- a comment between rows -->
                <TR id="r2"><TD>2</TD><TD><![CDATA[x < y && ]]]]></TD><TD> 2.5 </TD></TR>
                <TR><TD>3</TD><TD>caf\u00e9 \u2605<!-- inside --> ok</TD><TD/></TR>
                """);
        assertThat(rows).containsExactly(
                List.of("1", "a <b> & \"c\" 'd' \u00e9\u2605", "1.5"),
                List.of("2", "x < y && ]]", " 2.5 "),
                Arrays.asList("3", "caf\u00e9 \u2605 ok", null));
    }

    @Test
    void nullValuesEmptyCellsShortRowsAndPrefixesAreAsTheXmlSays() throws IOException {
        List<List<Object>> rows = rows("""
                <TR><TD>-1</TD><TD></TD><TD>NaN</TD></TR>
                <TR><TD encoding="none">4</TD></TR>
                <TR/>
                """);
        assertThat(rows).containsExactly(Arrays.asList(null, null, null), Arrays.asList("4", null, null),
                Arrays.asList(null, null, null));
        String prefixed = HEAD.replace("<DATA><TABLEDATA>", "<DATA><v:TABLEDATA xmlns:v=\"http://www.ivoa.net/xml/VOTable/v1.3\">")
                + "<v:TR><v:TD>5</v:TD><v:TD>p</v:TD><v:TD>1</v:TD></v:TR></v:TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>";
        assertThat(rows(prefixed, 5, StandardCharsets.UTF_8)).containsExactly(List.of("5", "p", "1"));
    }

    @Test
    void aDocumentInAnotherEncodingIsReadByTheParserAlone() throws IOException {
        String latin = HEAD.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
                + "<TR><TD>6</TD><TD>caf\u00e9</TD><TD>1</TD></TR>" + TAIL;
        assertThat(rows(latin, 3, StandardCharsets.ISO_8859_1)).containsExactly(List.of("6", "caf\u00e9", "1"));
    }

    @Test
    void binaryDataIsLeftToTheParser() throws IOException {
        String binary = HEAD.replace("<DATA><TABLEDATA>", "<DATA><BINARY2><STREAM encoding=\"base64\">")
                + "AAAAAAAAAAAHAAAAAXg/8AAAAAAAAA==</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>";
        List<List<Object>> rows = rows(binary, 4, StandardCharsets.UTF_8);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).isEqualTo(7L);
        assertThat(rows.get(0).get(1)).isEqualTo("x");
    }

    @Test
    void malformedDataIsRefusedSayingWhere() {
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>1</TD><TD>x</TR>" + TAIL, 100, StandardCharsets.UTF_8))
                .isInstanceOf(BadData.class).hasMessageContaining("</TR> inside a TD of row 1");
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>1<B>x</B></TD></TR>" + TAIL, 100, StandardCharsets.UTF_8))
                .hasMessageContaining("an element inside a TD of row 1");
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>&nbsp;</TD></TR>" + TAIL, 100, StandardCharsets.UTF_8))
                .hasMessageContaining("the entity &nbsp;");
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>1</TD><TD>cut", 100, StandardCharsets.UTF_8))
                .hasMessageContaining("ends inside a TD of row 1");
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>1</TD></TR></TABLEDATA></DATA>", 100, StandardCharsets.UTF_8))
                .hasMessageContaining("no </VOTABLE>");
        assertThatThrownBy(() -> rows(HEAD + "text<TR></TR>" + TAIL, 100, StandardCharsets.UTF_8))
                .hasMessageContaining("text between rows");
        assertThatThrownBy(() -> rows(HEAD + "<TR><TD>1</TD><TD>2</TD><TD>3</TD><TD>4</TD></TR>" + TAIL, 100,
                StandardCharsets.UTF_8)).hasMessageContaining("row 1 of the VOTable has 4 TD cells; the table has 3 FIELDs");
    }

    @Test
    void aCellLongerThanAnyValueIsRefused() {
        String huge = "<TR><TD>1</TD><TD>" + "x".repeat(VotableRows.MAX_CELL + 10) + "</TD></TR>";
        assertThatThrownBy(() -> rows(HEAD + huge + TAIL, 1 << 16, StandardCharsets.UTF_8))
                .hasMessageContaining("a TD of row 1 of the VOTable is longer than 16777216 characters");
    }
}
