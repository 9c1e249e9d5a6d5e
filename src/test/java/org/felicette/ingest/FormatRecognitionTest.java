package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.felicette.FelicetteException;
import org.junit.jupiter.api.Test;

/** Formats by their first bytes, the declared type only a hint. */
class FormatRecognitionTest {

    static LoadFormat of(String text, String declared) {
        return FormatRecognition.of(text.getBytes(StandardCharsets.UTF_8), declared, "POST /load/t");
    }

    @Test
    void signaturesWinOverTheDeclaredType() {
        assertThat(of("SIMPLE  =                    T", "text/csv")).isEqualTo(LoadFormat.FITS);
        assertThat(of("PAR1\u0015\u0004", null)).isEqualTo(LoadFormat.PARQUET);
        assertThat(of("# %ECSV 1.0\n# ---\na b\n1 2\n", "text/csv")).isEqualTo(LoadFormat.ECSV);
        assertThat(of("\uFEFF<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE x>\n<VOTABLE version=\"1.4\">",
                "text/plain")).isEqualTo(LoadFormat.VOTABLE);
        assertThat(of("<vot:VOTABLE xmlns:vot=\"http://www.ivoa.net/xml/VOTable/v1.3\">", null))
                .isEqualTo(LoadFormat.VOTABLE);
    }

    @Test
    void delimitedTextIsSniffedWhenTheTypeDoesNotSay() {
        assertThat(of("id,ra,dec\n1,2,3\n4,5,6\n", "text/plain")).isEqualTo(LoadFormat.CSV);
        assertThat(of("id\tra\tdec\n1\t2\t3\n", "application/octet-stream")).isEqualTo(LoadFormat.TSV);
        assertThat(of("id,\"name, full\"\n1,\"a, b\"\n2,c\n", null)).isEqualTo(LoadFormat.CSV);
        // a one-column file has nothing to sniff: its declared type says
        assertThat(of("id\n1\n2\n", "text/csv")).isEqualTo(LoadFormat.CSV);
        assertThat(of("id\n1\n2\n", "text/tab-separated-values")).isEqualTo(LoadFormat.TSV);
    }

    @Test
    void whatIsNoTableIsNamedWithWhatIsAccepted() {
        assertThatThrownBy(() -> of("Dear colleague,\nplease find the catalogue attached.\nBest wishes\n", "text/plain"))
                .isInstanceOf(FelicetteException.class)
                .hasMessageContaining("POST /load/t: the body looks like plain text, not a table")
                .hasMessageContaining("Accepted: CSV, TSV, FITS, VOTable, ECSV, Parquet")
                .satisfies(e -> assertThat(((FelicetteException) e).kind().status()).isEqualTo(415));
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertThatThrownBy(() -> FormatRecognition.of(random, "text/csv", "POST /load/t"))
                .hasMessageContaining("the body is binary data that is none of the formats read here");
        assertThatThrownBy(() -> of("<html><body>Not found</body></html>", "application/x-votable+xml"))
                .hasMessageContaining("XML whose root element is <html>, not a VOTABLE");
        assertThatThrownBy(() -> of("{\"rows\": []}", null)).hasMessageContaining("JSON");
        assertThatThrownBy(() -> FormatRecognition.of(new byte[] {0x1f, (byte) 0x8b, 8, 0}, "text/csv", "x"))
                .hasMessageContaining("Content-Encoding: gzip");
        assertThatThrownBy(() -> of("", null)).hasMessageContaining("the body is empty");
    }
}
