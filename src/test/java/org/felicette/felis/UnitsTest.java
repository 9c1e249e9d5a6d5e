package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Units as felis checks them (astropy's generic format): syntax errors fail, unknown symbols only warn. */
class UnitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"arcsec**2", "nJy.arcsec**2", "deg_C", "mas**2/yr", "m2.t-1", "1e-10.au.d-2", "km/s",
        "deg*mas/yr", "count/deg**2", "nJy/d", "", "mag**2", "pixel", "AU", "mas**2/yr**2", "erg/(s.cm**2)",
        "10**-3 m", "m**(1/2)", "%"})
    void acceptedWithoutWarnings(String unit) {
        Units.Check check = Units.check(unit);
        assertThat(check.syntaxError()).isNull();
        assertThat(check.unknownSymbols()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deg**", "(m/s", "m//s", "**2", "m s)", "deg..d", "m^"})
    void syntaxErrorsAreInvalid(String unit) {
        assertThat(Units.check(unit).valid()).isFalse();
    }

    @Test
    void unknownSymbolIsReportedButValid() {
        Units.Check check = Units.check("furlong/fortnight");
        assertThat(check.valid()).isTrue();
        assertThat(check.unknownSymbols()).containsExactly("furlong");
    }
}
