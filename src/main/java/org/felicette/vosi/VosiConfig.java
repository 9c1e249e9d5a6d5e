package org.felicette.vosi;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;

/** VOSI tables settings ({@code vosi:} in config.yml). */
public class VosiConfig {

    /** Without ?detail, a caller who sees more tables than this gets detail=min (as VOSI allows). */
    @Min(0)
    @JsonProperty
    private int maxTablesForDetail = 5000;

    /** Memory for rendered answers kept by ETag. */
    @Min(0)
    @JsonProperty
    private long cacheBytes = 64L * 1024 * 1024;

    /** Answers larger than this are streamed and never kept. */
    @Min(0)
    @JsonProperty
    private int cacheEntryBytes = 8 * 1024 * 1024;

    public int maxTablesForDetail() {
        return maxTablesForDetail;
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    public int cacheEntryBytes() {
        return cacheEntryBytes;
    }
}
