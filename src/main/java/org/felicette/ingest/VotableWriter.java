package org.felicette.ingest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.felicette.tapschema.VotableTypes;

/**
 * A VOTable 1.4 of one TABLE in TABLEDATA or BINARY2, as TAP 1.1 answers a query: QUERY_STATUS OK before
 * the table and, when the result was cut at the row limit, OVERFLOW after it; each FIELD with
 * the metadata of the column it comes from.
 */
final class VotableWriter implements TableWriter {

    private final OutputStream raw;
    private final Writer out;
    private final boolean binary2;
    private final boolean data;
    private int columns;
    private Binary2Rows rows;

    /** @param binary2 BINARY2 rows (base64 in a STREAM) instead of TABLEDATA */
    VotableWriter(OutputStream out, boolean binary2) {
        this(out, binary2, true);
    }

    private VotableWriter(OutputStream out, boolean binary2, boolean data) {
        this.raw = out;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        this.binary2 = binary2;
        this.data = data;
    }

    /**
     * A VOTable of the columns' metadata and no DATA, as VOParquet embeds it in a Parquet file
     * beside rows kept as Parquet (with OVERFLOW when the rows were cut).
     */
    static String metadata(List<FileColumn> columns, boolean overflow) {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try {
            VotableWriter writer = new VotableWriter(buffer, false, false);
            writer.start(columns);
            writer.end(overflow);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte buffer does not fail
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void start(List<FileColumn> fields) throws IOException {
        columns = fields.size();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\""
                + " version=\"1.4\">\n<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"OK\"/>\n<TABLE>\n");
        List<String[]> declared = new java.util.ArrayList<>();
        for (FileColumn c : fields) {
            String datatype = VotableTypes.DATATYPES.contains(c.datatype())
                    && (!binary2 || Binary2Rows.BINARY.contains(c.datatype())) ? c.datatype() : "char";
            String arraysize = datatype.equals(c.datatype()) ? c.arraysize()
                    : "*"; // a type VOTable does not have is served as text
            if (arraysize == null && (datatype.equals("char") || datatype.equals("unicodeChar"))) {
                arraysize = "*";
            } else if ("1".equals(arraysize)) {
                arraysize = null; // a single value, as VOTable 1.3 Erratum 3 writes it
            }
            declared.add(new String[] {datatype, arraysize});
            out.write("<FIELD");
            attribute("name", c.name());
            attribute("datatype", datatype);
            attribute("arraysize", arraysize);
            attribute("xtype", c.xtype());
            attribute("unit", c.unit());
            attribute("ucd", c.ucd());
            attribute("utype", c.utype());
            if (c.description() != null && !c.description().isBlank()) {
                out.write("><DESCRIPTION>");
                text(c.description());
                out.write("</DESCRIPTION></FIELD>\n");
            } else {
                out.write("/>\n");
            }
        }
        if (!data) {
            return;
        }
        if (binary2) {
            out.write("<DATA><BINARY2><STREAM encoding=\"base64\">\n");
            out.flush();
            rows = new Binary2Rows(raw, declared);
        } else {
            out.write("<DATA><TABLEDATA>\n");
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (rows != null) {
            rows.row(values);
            return;
        }
        out.write("<TR>");
        for (int i = 0; i < columns; i++) {
            String v = ValueText.of(values[i], "T", "F");
            if (v == null) {
                out.write("<TD/>");
            } else {
                out.write("<TD>");
                text(v);
                out.write("</TD>");
            }
        }
        out.write("</TR>\n");
    }

    @Override
    public void end(boolean overflow) throws IOException {
        if (!data) {
            out.write("</TABLE>\n");
        } else if (rows != null) {
            rows.finish();
            out.write("\n</STREAM></BINARY2></DATA>\n</TABLE>\n");
        } else {
            out.write("</TABLEDATA></DATA>\n</TABLE>\n");
        }
        if (overflow) {
            out.write("<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>\n");
        }
        out.write("</RESOURCE>\n</VOTABLE>\n");
        out.flush();
    }

    /** A VOTable saying why a query failed (TAP 1.1 §4.4: QUERY_STATUS ERROR, the message as its text). */
    static String error(String message) {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VOTABLE xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\""
                + " version=\"1.4\">\n<RESOURCE type=\"results\">\n<INFO name=\"QUERY_STATUS\" value=\"ERROR\">");
        escape(out, message, false);
        out.append("</INFO>\n</RESOURCE>\n</VOTABLE>\n");
        return out.toString();
    }

    private void attribute(String name, String value) throws IOException {
        if (value == null || value.isBlank()) {
            return;
        }
        StringBuilder escaped = new StringBuilder();
        escape(escaped, value, true);
        out.write(' ');
        out.write(name);
        out.write("=\"");
        out.write(escaped.toString());
        out.write('"');
    }

    private void text(String value) throws IOException {
        if (plain(value)) { // most values: numbers, names; written as they are, not copied
            out.write(value);
            return;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        escape(escaped, value, false);
        out.write(escaped.toString());
    }

    /** Whether text needs no escape: no markup character, control, surrogate or non-character. */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c >= 0xD800 && (c <= 0xDFFF || c >= 0xFFFE)) {
                return false;
            }
        }
        return true;
    }

    /** XML's escapes; characters XML 1.0 cannot hold (controls, lone surrogates) become U+FFFD. */
    private static void escape(StringBuilder out, String value, boolean attribute) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\n', '\r', '\t' -> out.append(attribute ? "&#" + (int) c + ";" : String.valueOf(c));
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
