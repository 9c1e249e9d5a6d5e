package org.felicette.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

/** Parameter names without case, one value each; given both ways, the capitals (TAP's spelling) win. */
class UwsParametersTest {

    private static MultivaluedMap<String, String> form(String... pairs) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void namesAreKeptInLowerCaseAndTheSameValueTwiceIsOne() {
        assertThat(UwsParameters.of(form("QUERY", "SELECT 1", "Lang", "ADQL", "lang", "ADQL")))
                .containsExactly(java.util.Map.entry("query", "SELECT 1"), java.util.Map.entry("lang", "ADQL"));
    }

    @Test
    void givenInCapitalsAndOtherwiseTheCapitalsWinInEitherOrder() {
        // astroquery's TapPlus with an astropy table to upload: FORMAT for the result, format for the upload
        assertThat(UwsParameters.of(form("FORMAT", "csv", "format", "votable"))).containsEntry("format", "csv");
        assertThat(UwsParameters.of(form("format", "votable", "FORMAT", "csv"))).containsEntry("format", "csv");
    }

    @Test
    void twoValuesSpelledAlikeAreRefused() {
        assertThatThrownBy(() -> UwsParameters.of(form("MAXREC", "1", "MAXREC", "2")))
                .hasMessageContaining("given twice, as '1' and '2'");
        assertThatThrownBy(() -> UwsParameters.of(form("Maxrec", "1", "maxrec", "2")))
                .hasMessageContaining("given twice");
    }
}
