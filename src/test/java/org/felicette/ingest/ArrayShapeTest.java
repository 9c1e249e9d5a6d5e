package org.felicette.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayShapeTest {

    @Test
    void arraysWrittenAsTextAreReadStrictly() {
        assertThat(ArrayShape.elements("1 2 3")).containsExactly("1", "2", "3");
        assertThat(ArrayShape.elements(" 1,2 , 3 ")).containsExactly("1", "2", "3");
        assertThat(ArrayShape.elements("{1,2}")).containsExactly("1", "2");
        assertThat(ArrayShape.elements("[1.5, -2e3]")).containsExactly("1.5", "-2e3");
        assertThat(ArrayShape.elements("{}")).isEmpty();
        for (String bad : List.of("1}, {2", "{1,2", "[1 2}", "1,,2", "1, 2,", "{1,{2}}", "\"1\",2", "1 2, 3")) {
            assertThat(ArrayShape.elements(bad)).as(bad).isNull();
        }
    }

    @Test
    void arraysizesAndXtypesSayHowManyValues() {
        assertThat(ArrayShape.of("2", "point").misfit(2, "2")).isNull();
        assertThat(ArrayShape.of("2", "point").misfit(3, "2")).isEqualTo("has 3 values; arraysize 2 holds exactly 2");
        assertThat(ArrayShape.of(null, "circle").misfit(2, null)).contains("its xtype holds exactly 3");
        assertThat(ArrayShape.of("5*", null).misfit(5, "5*")).isNull();
        assertThat(ArrayShape.of("5*", null).misfit(6, "5*")).contains("at most 5");
        assertThat(ArrayShape.of("3x*", null).misfit(6, "3x*")).isNull();
        assertThat(ArrayShape.of("3x*", null).misfit(7, "3x*")).contains("a multiple of 3");
        assertThat(ArrayShape.of("2x3", null).misfit(6, "2x3")).isNull();
        assertThat(ArrayShape.of("*", "polygon").misfit(4, "*")).contains("at least 6");
        assertThat(ArrayShape.of("*", "polygon").misfit(7, "*")).contains("even");
        assertThat(ArrayShape.of("*", null).misfit(0, "*")).isNull();
    }
}
