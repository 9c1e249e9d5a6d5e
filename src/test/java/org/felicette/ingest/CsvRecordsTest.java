package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** RFC 4180 as the Java CSV path reads it (the one used when a column needs converting). */
class CsvRecordsTest {

    @Test
    void quotedFieldsDoubledQuotesEmbeddedNewlinesAndLineEnds() throws IOException {
        CsvRecords r = new CsvRecords(new StringReader("a,\"b, \"\"c\"\"\nd\",,\"\"\r\nlast,x\rlone,cr"), ',');
        assertThat(r.next()).containsExactly("a", "b, \"c\"\nd", null, "");
        assertThat(r.next()).containsExactly("last", "x");
        assertThat(r.next()).containsExactly("lone", "cr");
        assertThat(r.next()).isNull();
        assertThat(r.records()).isEqualTo(3);
    }

    @Test
    void tabsDelimitTsv() throws IOException {
        CsvRecords r = new CsvRecords(new StringReader("1\t\tthree\n"), '\t');
        assertThat(r.next()).containsExactly("1", null, "three");
    }

    @Test
    void anUnterminatedQuoteNamesItsRecord() {
        CsvRecords r = new CsvRecords(new StringReader("ok\n\"open"), ',');
        assertThatThrownBy(() -> {
            r.next();
            r.next();
        }).isInstanceOf(BadData.class).hasMessageContaining("record 2 ends inside a quoted field");
    }

    @Test
    void aFieldLongerThanAnyValueIsRefusedBeforeItFillsTheHeap() {
        Reader endless = new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'x');
                return length;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> new CsvRecords(endless, ',').next()).isInstanceOf(BadData.class)
                .hasMessageContaining("longer than " + CsvRecords.MAX_FIELD + " characters");
    }
}
