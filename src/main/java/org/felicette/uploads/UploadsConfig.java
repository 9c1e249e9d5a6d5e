package org.felicette.uploads;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** TAP UPLOAD tables: their limits, lifetimes, and which URLs the service fetches. */
public class UploadsConfig {

    /** The most bytes of one uploaded table (YouCat's limit is 32 MiB). */
    @Min(1)
    @JsonProperty
    private long maxBytesPerTable = 64L * 1024 * 1024;

    @Min(1)
    @JsonProperty
    private long maxRowsPerTable = 10_000_000;

    @Min(1)
    @Max(100)
    @JsonProperty
    private int maxTablesPerRequest = 10;

    /** The most bytes of live uploads one user may hold. */
    @Min(1)
    @JsonProperty
    private long maxBytesPerUser = 1024L * 1024 * 1024;

    @Min(1)
    @JsonProperty
    private int expiryHours = 24;

    @Min(1)
    @JsonProperty
    private int maxExpiryHours = 7 * 24;

    @Min(1)
    @JsonProperty
    private int connectTimeoutSeconds = 10;

    @Min(1)
    @JsonProperty
    private int readTimeoutSeconds = 30;

    @Min(0)
    @Max(10)
    @JsonProperty
    private int maxRedirects = 3;

    /** Whether URLs may point at this machine (loopback): off, unless for tests or a local setup. */
    @JsonProperty
    private boolean allowLoopback = false;

    /** Whether URLs may point at private, link-local or unique-local networks. */
    @JsonProperty
    private boolean allowPrivateNetworks = false;

    public long maxBytesPerTable() {
        return maxBytesPerTable;
    }

    public long maxRowsPerTable() {
        return maxRowsPerTable;
    }

    public int maxTablesPerRequest() {
        return maxTablesPerRequest;
    }

    public long maxBytesPerUser() {
        return maxBytesPerUser;
    }

    public Duration expiry() {
        return Duration.ofHours(expiryHours);
    }

    public Duration maxExpiry() {
        return Duration.ofHours(maxExpiryHours);
    }

    public Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    public Duration readTimeout() {
        return Duration.ofSeconds(readTimeoutSeconds);
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public boolean allowLoopback() {
        return allowLoopback;
    }

    public boolean allowPrivateNetworks() {
        return allowPrivateNetworks;
    }
}
