package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column types from a CSV's values: the narrowest type that holds every value. */
class CsvTypesTest {

    static CsvTypes.Inferred infer(String csv, char delimiter, long maxRows) throws IOException {
        return CsvTypes.infer(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), delimiter, maxRows);
    }

    static List<String> types(CsvTypes.Inferred inferred) {
        return inferred.columns().stream().map(c -> c.name() + ":" + c.datatype()
                + (c.arraysize() == null ? "" : "[" + c.arraysize() + "]") + (c.xtype() == null ? "" : "/" + c.xtype()))
                .toList();
    }

    @Test
    void eachColumnGetsTheNarrowestTypeOfAllItsValues() throws IOException {
        CsvTypes.Inferred inferred = infer("""
                flag,small,big,real,when,name,empty
                true,1,1,1,2024-01-02,a,
                F,-2147483648,9223372036854775807,2.5e3,2024-01-02T03:04:05.5Z,b,
                ,7,3,NaN,2024-01-02T03:04,12,
                """, ',', 10);
        assertThat(types(inferred)).containsExactly("flag:boolean", "small:int", "big:long", "real:double",
                "when:char[*]/timestamp", "name:char[*]", "empty:char[*]");
        assertThat(inferred.rows()).isEqualTo(3);
    }

    @Test
    void oneValueThatDoesNotFitWidensTheColumn() throws IOException {
        assertThat(types(infer("a,b,c\n1,1,1\n2147483648,1.5,oops\n", ',', 10)))
                .containsExactly("a:long", "b:double", "c:char[*]");
        assertThat(types(infer("a\n99999999999999999999\n", ',', 10))).containsExactly("a:double");
    }

    @Test
    void aFewValuesThatDoNotFitKeepTheTypeAndAreReportedWithTheirLine() throws IOException {
        StringBuilder csv = new StringBuilder("RA (J2000),Dec,mag-G,id\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append(10 + i / 1000.0).append(',').append(i == 1499 ? "oops" : String.valueOf(-5 + i / 1000.0))
                    .append(',').append(i % 7 == 0 ? "N/A" : "13.0").append(',').append(i).append('\n');
        }
        CsvTypes.Inferred inferred = infer(csv.toString(), ',', 10_000);
        assertThat(types(inferred)).containsExactly("RA (J2000):double", "Dec:double", "mag-G:char[*]", "id:int");
        assertThat(inferred.nearMisses()).containsExactly(NearMiss.of("Dec", "double", 1, 2000, 1500, "oops"));
        assertThat(inferred.nearMisses().get(0).message())
                .isEqualTo("1 of 2,000 values is not a number: line 1500, 'oops'");
        // one in seven is N/A: far more than a near miss, the column is text
    }

    @Test
    void nearMissesOfIntegersAndTimesAreNamedByTheirType() throws IOException {
        StringBuilder csv = new StringBuilder("n,t\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i == 10 ? "NULL" : String.valueOf(i)).append(',').append(i == 20 ? "yesterday" : "2024-01-02")
                    .append('\n');
        }
        CsvTypes.Inferred inferred = infer(csv.toString(), ',', 1000);
        assertThat(types(inferred)).containsExactly("n:int", "t:char[*]/timestamp");
        assertThat(inferred.nearMisses()).extracting(NearMiss::message).containsExactly(
                "1 of 300 values is not an integer: line 12, 'NULL'",
                "1 of 300 values is not a date and time (ISO 8601): line 22, 'yesterday'");
    }

    @Test
    void tabsSeparateTsv() throws IOException {
        assertThat(types(infer("x\ty\n1\tz\n", '\t', 10))).containsExactly("x:int", "y:char[*]");
    }

    @Test
    void limitsAndShapesAreRefused() {
        assertThatThrownBy(() -> infer("a\n1\n2\n3\n", ',', 2)).isInstanceOf(LimitExceeded.class)
                .hasMessageContaining("more than the 2 rows");
        assertThatThrownBy(() -> infer("a,b\n1\n", ',', 10)).isInstanceOf(BadData.class)
                .hasMessage("row 1 has 1 fields; the header has 2");
        assertThatThrownBy(() -> infer("", ',', 10)).isInstanceOf(BadData.class).hasMessageContaining("header line");
    }
}
