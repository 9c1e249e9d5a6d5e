package org.felicette.tapschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.felicette.FelicetteException;
import org.felicette.tapschema.Identifiers.ColumnName;
import org.felicette.tapschema.Identifiers.SchemaName;
import org.felicette.tapschema.Identifiers.TableName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"dec", "count", "date", "value", "action", "size", "DEC", "select", "limit"})
    void aColumnMayBeAReservedWordAndSaysSo(String word) {
        ColumnName column = new ColumnName(word);
        assertThat(column.isReservedWord()).isTrue();
        assertThat(column.sql()).isEqualTo('"' + word.toLowerCase(java.util.Locale.ROOT) + '"');
    }

    @ParameterizedTest
    @ValueSource(strings = {"ra", "mag_g", "objectId", "decl"})
    void anOrdinaryColumnIsNoReservedWord(String name) {
        assertThat(new ColumnName(name).isReservedWord()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"count", "action", "dec", "begin", "bit_and", "in_unit", "local"})
    void schemaAndTableNamesRefuseEveryReservedWordAlike(String word) {
        assertThatThrownBy(() -> new SchemaName(word)).isInstanceOf(FelicetteException.class)
                .hasMessageContaining("is a reserved word");
        assertThatThrownBy(() -> TableName.parse("s." + word)).isInstanceOf(FelicetteException.class)
                .hasMessageContaining("is a reserved word");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xmin", "ctid", "TABLEOID", "cmax"})
    void aColumnMayNotTakeASystemColumnsName(String name) {
        assertThatThrownBy(() -> new ColumnName(name)).isInstanceOf(FelicetteException.class)
                .hasMessageContaining("PostgreSQL system column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b;c", "9lives", "a-b", "a b", "_x", ""})
    void aColumnStillFollowsTheRegularIdentifierForm(String name) {
        assertThatThrownBy(() -> new ColumnName(name)).isInstanceOf(FelicetteException.class);
    }
}
