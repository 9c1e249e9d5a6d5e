package org.felicette.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** ADQL queries: how many rows a result may have, and how long a query may run. */
public class QueryConfig {

    /** The rows a result has when MAXREC is not given. */
    @Min(0)
    @JsonProperty
    private long defaultMaxRec = 100_000;

    /** The most rows any result may have, whatever MAXREC asks. */
    @Min(1)
    @JsonProperty
    private long maxRec = 10_000_000;

    /** How long a synchronous query may run (and an asynchronous one when EXECUTIONDURATION is not given). */
    @Min(1)
    @Max(86_400)
    @JsonProperty
    private int executionSeconds = 600;

    /** Queries one caller may have running at once on an instance (anonymous callers share one count). */
    @Min(1)
    @JsonProperty
    private int maxConcurrentPerUser = 4;

    public int maxConcurrentPerUser() {
        return maxConcurrentPerUser;
    }

    /**
     * The database role queries run as (SET LOCAL ROLE), one that can read only the served
     * schemas: made and granted at start where the service may (see {@code db/QueryRole}); empty:
     * the service's own role, in a READ ONLY transaction.
     */
    @JsonProperty
    private String role = "felicette_query";

    public String role() {
        return role;
    }

    public long defaultMaxRec() {
        return Math.min(defaultMaxRec, maxRec);
    }

    public long maxRec() {
        return maxRec;
    }

    public int executionSeconds() {
        return executionSeconds;
    }
}
