package org.felicette.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;

/** Asynchronous jobs: how many run at once on each instance, their leases, waits and lifetimes. */
public class JobsConfig {

    /** Jobs one instance runs at a time (0: this instance runs none, others do). */
    @Min(0)
    @Max(64)
    @JsonProperty
    private int workers = 2;

    /** A running job's lease: when its instance has not renewed it for this long, the job is ended as interrupted. */
    @Min(2)
    @JsonProperty
    private int leaseSeconds = 30;

    /** How often an instance renews its leases and records its jobs' progress. */
    @Min(50)
    @JsonProperty
    private int heartbeatMillis = 1000;

    /** The longest a {@code WAIT} blocks ({@code WAIT=-1} waits this long). */
    @Min(0)
    @JsonProperty
    private int maxWaitSeconds = 60;

    /** How long a job is kept, from its creation, unless its destruction is set earlier. */
    @Min(1)
    @JsonProperty
    private int destructionHours = 7 * 24;

    /** The execution duration a job gets, and the most it may ask for (seconds; 0: no limit). */
    @Min(0)
    @JsonProperty
    private int executionSeconds = 24 * 3600;

    /** How often expired leases are ended and destroyed jobs deleted. */
    @Min(1)
    @JsonProperty
    private int sweepSeconds = 60;

    /** Where asynchronous loads keep their bodies until their job has run. */
    @NotNull
    @JsonProperty
    private Path spoolDirectory = Path.of("data", "spool");

    public int workers() {
        return workers;
    }

    public Duration lease() {
        return Duration.ofSeconds(leaseSeconds);
    }

    public Duration heartbeat() {
        return Duration.ofMillis(heartbeatMillis);
    }

    public Duration maxWait() {
        return Duration.ofSeconds(maxWaitSeconds);
    }

    public Duration destruction() {
        return Duration.ofHours(destructionHours);
    }

    public int executionSeconds() {
        return executionSeconds;
    }

    public Duration sweep() {
        return Duration.ofSeconds(sweepSeconds);
    }

    public Path spoolDirectory() {
        return spoolDirectory;
    }
}
