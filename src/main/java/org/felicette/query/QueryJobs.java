package org.felicette.query;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;
import org.felicette.db.ResultStore;
import org.felicette.jobs.Job;
import org.felicette.jobs.JobKind;

/**
 * Asynchronous TAP queries ({@code /async}): a job runs its query on whichever instance claims
 * it and keeps the result in the database ({@link ResultStore}), so that any instance serves it
 * until the job is destroyed. Aborting the job stops the query at its next row.
 */
public final class QueryJobs implements JobKind {

    public static final String FAMILY = "query";
    /** The name of a query job's one result, as UWS lists it. */
    public static final String RESULT = "result";

    private final TapQueries queries;
    private final ResultStore results;

    public QueryJobs(TapQueries queries, ResultStore results) {
        this.queries = queries;
        this.results = results;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void check(Map<String, String> parameters) {
        queries.checkParameters(parameters);
    }

    @Override
    public Outcome run(Job job, Caller caller, Run run) throws Exception {
        TapQueries.Prepared prepared = queries.prepare(caller, job.parameters(), List.of(),
                job.executionDuration() > 0 ? job.executionDuration() : null);
        long rows;
        try (OutputStream out = results.writer(job.id(), RESULT)) {
            rows = queries.write(prepared, out, run::cancelled);
        }
        if (run.cancelled()) {
            results.delete(job.id(), RESULT);
            throw new Watch.Cancelled("the query was aborted");
        }
        return new Outcome(List.of(new Job.Result(RESULT, "async/" + job.id() + "/results/" + RESULT,
                prepared.format().mediaType())), new Job.Progress(rows, null, 100.0, rows + " rows"));
    }
}
