package org.felicette.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A UWS job as its owner sees it.
 *
 * @param family which job list it belongs to ({@code table-update}, {@code load})
 * @param parameters the parameters it was given, names in lower case, in order
 * @param executionDuration seconds it may run; 0 for no limit
 * @param results references to what it made, each href relative to the service root
 * @param error why it ended in ERROR (null otherwise)
 */
public record Job(String id, String family, String owner, Phase phase, Map<String, String> parameters,
        Instant created, Instant started, Instant ended, int executionDuration, Instant destruction, Instant quote,
        List<Result> results, Failure error, Progress progress) {

    /** A result reference. */
    public record Result(String id, String href, String mimeType) {
    }

    /** UWS's error summary: the message, and whether trying again may succeed. */
    public record Failure(String message, boolean isTransient) {
    }

    /**
     * How far a job has come; each part null where it does not apply or is not known.
     *
     * @param percent of the input read (a load) or of the table scanned (an index)
     */
    public record Progress(Long rows, Long bytes, Double percent, String message) {

        public static final Progress NONE = new Progress(null, null, null, null);
    }
}
