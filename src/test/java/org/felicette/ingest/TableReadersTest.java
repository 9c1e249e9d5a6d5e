package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.felicette.FelicetteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.ac.starlink.ecsv.EcsvTableWriter;
import uk.ac.starlink.fits.FitsTableWriter;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowListStarTable;
import uk.ac.starlink.table.StarTable;
import uk.ac.starlink.table.StarTableWriter;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOTableVersion;
import uk.ac.starlink.votable.VOTableWriter;

/**
 * Every format's reader on its own, over files this test makes: each is recognised by its first
 * bytes alone, describes the same three columns and streams the same two rows; and what each
 * format says beyond that (VOTable's FIELDs as written, a TABLE without DATA, VOParquet's
 * embedded FIELDs, CSV handed to a sink as it is).
 */
class TableReadersTest {

    /** id (long), ra (double), name (text): a row of values, a row with nulls. */
    static StarTable table() {
        RowListStarTable table = new RowListStarTable(new ColumnInfo[] {new ColumnInfo("id", Long.class, "the id"),
            new ColumnInfo("ra", Double.class, "right ascension"), new ColumnInfo("name", String.class, "a name")});
        table.getColumnInfo(1).setUnitString("deg");
        table.getColumnInfo(1).setUCD("pos.eq.ra");
        table.addRow(new Object[] {1L, 10.5, "Vega"});
        table.addRow(new Object[] {2L, null, null});
        return table;
    }

    static byte[] file(LoadFormat format) throws IOException {
        return switch (format) {
            case CSV -> "id,ra,name\n1,10.5,Vega\n2,,\n".getBytes(StandardCharsets.UTF_8);
            case TSV -> "id\tra\tname\n1\t10.5\tVega\n2\t\t\n".getBytes(StandardCharsets.UTF_8);
            case FITS -> write(new FitsTableWriter());
            case VOTABLE -> write(new VOTableWriter(DataFormat.TABLEDATA, true, VOTableVersion.V14));
            case ECSV -> write(new EcsvTableWriter());
            case PARQUET -> Files.readAllBytes(resource("/org/felicette/ingest/parquet/voparquet.parquet"));
        };
    }

    private static byte[] write(StarTableWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeStarTable(table(), out);
        return out.toByteArray();
    }

    private static Path resource(String name) {
        try {
            return Path.of(TableReadersTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a reader streamed: the column names and every row's values as text. */
    record Streamed(List<String> names, List<List<String>> rows) {
    }

    static Streamed stream(TableReader reader, byte[] file) throws IOException {
        List<String> names = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        reader.stream(new ByteArrayInputStream(file), new RowSink() {
            @Override
            public void columns(List<String> n) {
                names.addAll(n);
            }

            @Override
            public void row(Object[] values) {
                rows.add(Arrays.stream(values).map(v -> v == null ? null : v.toString()).toList());
            }
        });
        return new Streamed(names, rows);
    }

    @ParameterizedTest
    @EnumSource(value = LoadFormat.class, names = {"CSV", "TSV", "FITS", "VOTABLE", "ECSV"})
    void eachFormatIsRecognisedDescribedAndStreamedByItsOwnReader(LoadFormat format) throws IOException {
        byte[] file = file(format);
        assertThat(FormatRecognition.of(file, null, "test")).isEqualTo(format);
        TableReader reader = format.reader();
        assertThat(reader.format()).isEqualTo(format);
        FileTable described = reader.describe(new ByteArrayInputStream(file), 10);
        assertThat(described.names()).containsExactly("id", "ra", "name");
        // text's types come from its values (a small integer is an int)
        assertThat(described.columns()).extracting(FileColumn::datatype).containsExactly(
                format == LoadFormat.CSV || format == LoadFormat.TSV ? "int" : "long", "double", "char");
        Streamed streamed = stream(reader, file);
        assertThat(streamed.names()).containsExactly("id", "ra", "name");
        assertThat(streamed.rows()).hasSize(2);
        assertThat(streamed.rows().get(0).get(0)).isEqualTo("1");
        assertThat(Double.parseDouble(streamed.rows().get(0).get(1))).isEqualTo(10.5);
        assertThat(streamed.rows().get(0).get(2)).isEqualTo("Vega");
        assertThat(streamed.rows().get(1).get(2)).isNull();
        if (format != LoadFormat.CSV && format != LoadFormat.TSV) { // text has no units
            FileColumn ra = described.columns().get(1);
            assertThat(ra.unit()).isEqualTo("deg");
            assertThat(ra.ucd()).isEqualTo("pos.eq.ra");
        }
    }

    @Test
    void parquetIsRecognisedAndDescribedWithItsEmbeddedVotableFields() throws IOException {
        byte[] file = file(LoadFormat.PARQUET);
        assertThat(FormatRecognition.of(file, "text/csv", "test")).isEqualTo(LoadFormat.PARQUET);
        FileTable described = LoadFormat.PARQUET.reader().describe(new ByteArrayInputStream(file), 0);
        FileColumn ra = described.columns().stream().filter(c -> c.name().equals("ra")).findFirst().orElseThrow();
        assertThat(ra.datatype()).isEqualTo("double");
        assertThat(ra.unit()).isEqualTo("deg"); // from the embedded VOTable's FIELD
        assertThat(stream(LoadFormat.PARQUET.reader(), file).rows()).isNotEmpty();
    }

    @Test
    void aVotableIsDescribedByItsFieldsAsWrittenAndATableWithoutDataHasNoRows() throws IOException {
        String head = "<?xml version='1.0'?><VOTABLE xmlns='http://www.ivoa.net/xml/VOTable/v1.3' version='1.4'>"
                + "<RESOURCE><TABLE name='t' utype='u:t'><DESCRIPTION>a table</DESCRIPTION>"
                + "<FIELD name='b' datatype='unsignedByte' utype='u:b'><DESCRIPTION>a byte</DESCRIPTION></FIELD>"
                + "<FIELD name='code' datatype='char' arraysize='10'/>";
        byte[] withoutData = (head + "</TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8);
        FileTable described = LoadFormat.VOTABLE.reader().describe(new ByteArrayInputStream(withoutData), 0);
        assertThat(described.hasRows()).isFalse();
        assertThat(described.definition().name()).isEqualTo("t");
        assertThat(described.description()).isEqualTo("a table");
        assertThat(described.utype()).isEqualTo("u:t");
        assertThat(described.columns()).containsExactly(
                new FileColumn("b", "unsignedByte", null, null, null, null, "u:b", "a byte"),
                new FileColumn("code", "char", "10", null));
        Streamed none = stream(LoadFormat.VOTABLE.reader(), withoutData);
        assertThat(none.names()).containsExactly("b", "code");
        assertThat(none.rows()).isEmpty();

        byte[] withData = (head + "<DATA><TABLEDATA><TR><TD>255</TD><TD>abc</TD></TR></TABLEDATA></DATA>"
                + "</TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8);
        assertThat(LoadFormat.VOTABLE.reader().describe(new ByteArrayInputStream(withData), 0).hasRows()).isTrue();
        assertThat(stream(LoadFormat.VOTABLE.reader(), withData).rows()).containsExactly(List.of("255", "abc"));

        byte[] doctype = ("<?xml version='1.0'?><!DOCTYPE VOTABLE [<!ENTITY x 'y'>]>" + head.substring(21)
                + "</TABLE></RESOURCE></VOTABLE>").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LoadFormat.VOTABLE.reader().describe(new ByteArrayInputStream(doctype), 0))
                .isInstanceOf(FelicetteException.class).hasMessageContaining("DTD");
    }

    @Test
    void delimitedTextGoesToASinkAsItIsWhenTheSinkTakesIt() throws IOException {
        byte[] csv = file(LoadFormat.CSV);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        LoadFormat.CSV.reader().stream(new ByteArrayInputStream(csv), new RowSink() {
            @Override
            public void columns(List<String> n) {
                names.addAll(n);
            }

            @Override
            public void row(Object[] values) {
                throw new AssertionError("rows were given as it is");
            }

            @Override
            public Passthrough passthrough(char delimiter) {
                assertThat(delimiter).isEqualTo(',');
                return in -> in.transferTo(rest);
            }
        });
        assertThat(names).containsExactly("id", "ra", "name");
        assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("1,10.5,Vega\n2,,\n");
    }

    @Test
    void aRowOfTheWrongWidthAndAnEmptyBodyAreNamed() {
        byte[] ragged = "a,b\n1,2\n3\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> stream(LoadFormat.CSV.reader(), ragged)).isInstanceOf(BadData.class)
                .hasMessage("row 2 has 1 fields; the header has 2");
        assertThatThrownBy(() -> stream(LoadFormat.TSV.reader(), new byte[0])).isInstanceOf(BadData.class)
                .hasMessageContaining("the body is empty: a tsv load needs a header line");
    }

    @Test
    void aRowLimitRefusesTheRowPastIt() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        RowSink all = new RowSink() {
            @Override
            public void columns(List<String> names) {
            }

            @Override
            public void row(Object[] values) {
                rows.add(values);
            }
        };
        byte[] votable = file(LoadFormat.VOTABLE);
        LoadFormat.VOTABLE.reader().stream(new ByteArrayInputStream(votable), new RowLimit(all, 2, "an upload"));
        assertThat(rows).hasSize(2);
        assertThatThrownBy(() -> LoadFormat.VOTABLE.reader().stream(new ByteArrayInputStream(votable),
                new RowLimit(all, 1, "an upload"))).isInstanceOf(LimitExceeded.class)
                .hasMessage("the table has more than the 1 rows an upload may have");
    }

    @Test
    void aPreviewShowsTheColumnsAndTheFirstRowsOfEachFormat() throws IOException {
        for (LoadFormat format : LoadFormat.values()) {
            try (InputStream in = new ByteArrayInputStream(file(format))) {
                Preview.Result preview = Preview.of(format, in, 1);
                assertThat(preview.format()).isEqualTo(format.label());
                assertThat(preview.columns()).extracting(FileColumn::name).contains("ra");
                assertThat(preview.rows()).as(format.label()).hasSize(1);
            }
        }
        // a head cut in the middle of a row: the columns, and the rows before the cut
        byte[] votable = file(LoadFormat.VOTABLE);
        String text = new String(votable, StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.lastIndexOf("<TR>") + 8).getBytes(StandardCharsets.UTF_8);
        Preview.Result preview = Preview.of(LoadFormat.VOTABLE, new ByteArrayInputStream(cut), 10);
        assertThat(preview.columns()).extracting(FileColumn::name).containsExactly("id", "ra", "name");
        assertThat(preview.rows()).hasSize(1);
    }
}
