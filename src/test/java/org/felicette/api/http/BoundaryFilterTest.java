package org.felicette.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A bare boundary holding characters a bare header value may not hold is quoted; anything else is left. */
class BoundaryFilterTest {

    @Test
    void aBareBoundaryWithEqualsSignsIsQuotedAndTheRestKept() {
        assertThat(BoundaryFilter.quoted("multipart/form-data; boundary====1733450000000==="))
                .isEqualTo("multipart/form-data; boundary=\"===1733450000000===\"");
        assertThat(BoundaryFilter.quoted("Multipart/Form-Data; charset=utf-8; boundary=a/b?c; x=y"))
                .isEqualTo("Multipart/Form-Data; charset=utf-8; boundary=\"a/b?c\"; x=y");
    }

    @Test
    void tokensQuotedBoundariesAndOtherTypesAreLeftAlone() {
        assertThat(BoundaryFilter.quoted("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk")).isNull();
        assertThat(BoundaryFilter.quoted("multipart/form-data; boundary=\"===1===\"")).isNull();
        assertThat(BoundaryFilter.quoted("application/x-www-form-urlencoded")).isNull();
        assertThat(BoundaryFilter.quoted(null)).isNull();
    }
}
