package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Units as felis checks them: astropy's Unit(...), where anything it cannot read is an error. */
class UnitsTest {

    /** Every string of the corpus astropy labelled (scripts/astropy_units.py), with its verdict. */
    @Test
    void agreesWithAstropyOnEveryStringOfTheCorpus() throws IOException {
        List<String> disagreements = new ArrayList<>();
        int strings = 0;
        try (InputStream in = UnitsTest.class.getResourceAsStream("astropy-unit-strings.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                boolean valid = line.substring(0, tab).equals("valid");
                String unit = line.substring(tab + 1).replace("\\t", "\t");
                strings++;
                Units.Check check = Units.check(unit);
                if (check.valid() != valid) {
                    disagreements.add("'" + unit + "': astropy says " + (valid ? "valid" : "invalid") + ", we say "
                            + (check.valid() ? "valid" : check.error()));
                }
            }
        }
        assertThat(strings).isGreaterThan(1500);
        assertThat(disagreements).isEmpty();
    }

    /** A hostile document's unit: refused with a reason, not a stack overflow (a 500 at the service). */
    @Test
    void deeplyNestedParenthesesAreRefusedNotFollowed() {
        String unit = "(".repeat(200_000) + "m" + ")".repeat(200_000);
        assertThat(Units.check(unit).error()).isEqualTo("parentheses are nested more than 100 deep (at character 101)");
        assertThat(Units.check("(".repeat(100) + "m" + ")".repeat(100)).valid()).isTrue();
        String functions = "mag(".repeat(200_000) + "m" + ")".repeat(200_000);
        assertThat(Units.check(functions).valid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"arcsec**2", "nJy.arcsec**2", "deg_C", "mas**2/yr", "m2.t-1", "1e-10.au.d-2", "km/s",
        "deg*mas/yr", "count/deg**2", "nJy/d", "", "mag**2", "pixel", "AU", "mas**2/yr**2", "erg/(s.cm**2)",
        "10**-3 m", "m**(1/2)", "%", "m/s**2S", "mag(AB)", "degree", "dex(cm/s2)", "µJy", "°C", "m⁻¹"})
    void validAsInAstropy(String unit) {
        assertThat(Units.check(unit).error()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "degC|'degC' is not a unit astropy knows (at character 1)",
        "ABmag|'ABmag' is not a unit astropy knows (at character 1)",
        "foo|'foo' is not a unit astropy knows (at character 1)",
        "furlong/fortnight|'furlong' is not a unit astropy knows (at character 1)",
        "deg**|syntax error: the unit ends too early",
        "(m/s)|syntax error at character 3 ('/')",
        "m//s|syntax error at character 3 ('/')",
        "2**3 m|a number followed by a power is a power of ten in astropy's units; 2 is not 10",
        "mag(AB) m|a function unit such as mag(AB) cannot be multiplied by another unit",
        "log(m)|'log' is not a function astropy's units know (sqrt, mag, dB, dex)",
        "dex(mag)|dex(...) needs a physical unit inside, not a function unit",
        "0 m|a unit cannot have a scale of 0"})
    void invalidWithAReason(String unit, String reason) {
        assertThat(Units.check(unit).error()).isEqualTo(reason);
    }

    @Test
    void aUnitWrittenAsPeopleWriteUnitsGetsTheNameAstropyKnows() {
        assertThat(Units.suggestion("mJansky")).isEqualTo("mJy");
        assertThat(Units.suggestion("degrees")).isEqualTo("deg");
        assertThat(Units.suggestion("km/sec")).isEqualTo("km/s");
        assertThat(Units.suggestion("Deg")).isEqualTo("deg");
        assertThat(Units.suggestion("kiloparsecs")).isNull();
        assertThat(Units.suggestion("blorp")).isNull();
        assertThat(Units.suggestion("mJy")).as("a unit already").isNull();
    }
}
