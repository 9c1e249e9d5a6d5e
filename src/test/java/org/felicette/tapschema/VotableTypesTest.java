package org.felicette.tapschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.felicette.FelicetteException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PostgreSQL type of a user table's column, as CADC maps VOTable types. */
class VotableTypesTest {

    private static TableDefinition.Column column(String datatype, String arraysize, String xtype) {
        return new TableDefinition.Column("c", null, datatype, arraysize, xtype, null, null, null, null, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "boolean|||boolean", "short|||smallint", "unsignedByte|||smallint", "int|||integer", "long|||bigint",
        "float|||real", "double|||double precision", "char|||char(1)", "char|1||char(1)", "char|*||text",
        "char|16||char(16)", "char|16*||varchar(16)", "unicodeChar|64*||varchar(64)", "double|5||double precision[]",
        "int|*||integer[]", "long|3x4||bigint[]", "double|2|point|double precision[]",
        "double|*|polygon|double precision[]", "float|3|circle|double precision[]", "char|*|timestamp|timestamp",
        "unicodeChar|23|timestamp|timestamp"})
    void mapsAsCadcDoes(String datatype, String arraysize, String xtype, String expected) {
        assertThat(VotableTypes.postgres(column(datatype, blankToNull(arraysize), blankToNull(xtype)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "complex|||datatype 'complex' is not supported", "int||point|xtype point needs datatype double or float",
        "int||timestamp|xtype timestamp needs datatype char", "char|0||arraysize '0' of a char column",
        "char|abc||arraysize 'abc' of a char column", "double|x||arraysize 'x' is not a VOTable arraysize",
        "char|99999999||arraysize '99999999' of a char column"})
    void refusesWhatItCannotHoldWithA400NamingTheColumn(String datatype, String arraysize, String xtype,
            String message) {
        assertThatThrownBy(() -> VotableTypes.postgres(column(datatype, blankToNull(arraysize), blankToNull(xtype))))
                .isInstanceOf(FelicetteException.class).hasMessageContaining("column c").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "smallint|short||", "integer|int||", "bigint|long||", "real|float||", "double precision|double||",
        "boolean|boolean||", "text|char|*|", "character varying(20)|char|20*|", "character(8)|char|8|",
        "character(1)|char||", "timestamp without time zone|char|*|timestamp", "uuid|char|36|uuid",
        "spoint|double|2|point", "bigint[]|long|*|", "bytea|unsignedByte|*|"})
    void aDatabaseColumnHasTheVotableTypeThatHoldsItsValues(String formatType, String datatype, String arraysize,
            String xtype) {
        assertThat(VotableTypes.ofPostgres(formatType)).contains(new VotableTypes.VoType(datatype,
                blankToNull(arraysize), blankToNull(xtype)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bit(3)", "json", "text[]", "spoint[]"})
    void aDatabaseColumnVotableCannotHoldHasNoType(String formatType) {
        assertThat(VotableTypes.ofPostgres(formatType)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void kindsWidthsMessagesAndServedTypesComeFromTheSameDatatypes() {
        assertThat(VotableTypes.Kind.of("unsignedByte", null, null)).isEqualTo(VotableTypes.Kind.INTEGER);
        assertThat(VotableTypes.Kind.of("double", "2", "point")).isEqualTo(VotableTypes.Kind.REAL_ARRAY);
        assertThat(VotableTypes.Kind.of("char", "*", "timestamp")).isEqualTo(VotableTypes.Kind.TIMESTAMP);
        assertThat(VotableTypes.Kind.of("boolean", "3", null).isArray()).isTrue();
        assertThat(VotableTypes.width("unsignedByte")).isEqualTo(2);
        assertThat(VotableTypes.width("float")).isEqualTo(4);
        assertThat(VotableTypes.width("char")).isZero();
        assertThat(VotableTypes.describe("int", null, null)).isEqualTo("an int");
        assertThat(VotableTypes.describe("double", "*", null)).isEqualTo("an array of double (values between spaces)");
        assertThat(VotableTypes.served("unsignedByte")).isEqualTo("unsignedByte");
        assertThat(VotableTypes.served("adql:REGION")).isEqualTo("char");
    }
}
