package org.felicette.jobs;

import java.util.List;
import java.util.Map;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;

/** The work of one job family, run by a worker on whichever instance claims the job. */
public interface JobKind {

    /** The family's name: its job list's path, and what workers claim. */
    String family();

    /**
     * Does the job's work. A refusal is a {@code FelicetteException} whose message becomes the
     * job's error summary.
     *
     * @param caller who submitted the job, as the service saw them then
     */
    Outcome run(Job job, Caller caller, Run run) throws Exception;

    /** What a finished job leaves: its results and its last progress. */
    record Outcome(List<Job.Result> results, Job.Progress progress) {
    }

    /** The worker's side of a running job: cancellation, the database session, progress. */
    interface Run extends Watch {

        /** Reports progress; the worker records the latest at its next heartbeat (at least once a second). */
        void progress(Job.Progress progress);

        /** How to find progress the work cannot report itself (from its database session), asked at each heartbeat. */
        void progressFrom(ProgressSource source);
    }

    /** Progress read from outside the work, e.g. from PostgreSQL's view of its session. */
    @FunctionalInterface
    interface ProgressSource {
        Job.Progress read(Integer backendPid);
    }

    /** Checks a new job's parameters, so that plain mistakes are a 400 at once; none by default. */
    default void check(Map<String, String> parameters) {
    }
}
