package org.felicette.query;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;
import org.felicette.catalog.tables.UploadTables;
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
    /** The job parameter naming its UPLOAD tables by id, made when the job was created. */
    public static final String UPLOAD_TABLES = "upload_tables";
    /** Marks an upload id made for the job (dropped when it ends), not one the caller kept from before. */
    public static final String OWN = "+own";

    private final TapQueries queries;
    private final ResultStore results;
    private final UploadTables uploads;

    public QueryJobs(TapQueries queries, ResultStore results, UploadTables uploads) {
        this.queries = queries;
        this.results = results;
        this.uploads = uploads;
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
        List<UploadTables.Upload> tables = new ArrayList<>();
        List<UploadTables.Upload> own = new ArrayList<>();
        String ids = job.parameters().getOrDefault(UPLOAD_TABLES, "");
        try {
            for (String id : ids.isBlank() ? new String[0] : ids.split(",")) {
                UploadTables.Upload upload = uploads.find(UploadTables.ownerFor(caller), id.replace(OWN, ""));
                tables.add(upload);
                if (id.endsWith(OWN)) {
                    own.add(upload);
                }
            }
            return query(job, caller, run, tables);
        } finally {
            for (UploadTables.Upload upload : own) {
                try {
                    uploads.drop(UploadTables.ownerFor(caller), upload.id());
                } catch (RuntimeException gone) {
                    // it expires with the job
                }
            }
        }
    }

    private Outcome query(Job job, Caller caller, Run run, List<UploadTables.Upload> tables) throws Exception {
        TapQueries.Prepared prepared = queries.prepare(caller, job.parameters(), tables,
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
