package org.felicette.query;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.auth.Caller;
import org.felicette.FelicetteException;
import org.felicette.catalog.Watch;
import org.felicette.catalog.access.Permissions;
import org.felicette.catalog.tables.UploadTables;
import org.felicette.catalog.tables.UserTables;
import org.felicette.ingest.LoadFormat;
import org.felicette.tapschema.TableDefinition;
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

    /** The job parameter naming a table of the caller's that the result becomes (MyDB). */
    public static final String DESTINATION = "destination";

    private final TapQueries queries;
    private final ResultStore results;
    private final UploadTables uploads;
    private final UserTables tables;

    public QueryJobs(TapQueries queries, ResultStore results, UploadTables uploads, UserTables tables) {
        this.queries = queries;
        this.results = results;
        this.uploads = uploads;
        this.tables = tables;
    }

    @Override
    public String family() {
        return FAMILY;
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
        String dest = job.parameters().get("dest");
        if (dest != null && !dest.isBlank()) {
            // CADC's DEST writes the result into VOSpace; this service has none: saying so beats
            // a result the client would look for in the wrong place
            throw FelicetteException.badInput("unsupported_dest", "DEST=" + dest.strip() + " asks for the result "
                    + "to be written elsewhere (a VOSpace node), which this service does not do: the result is kept "
                    + "with the job until it is destroyed; DESTINATION=<your schema>.<table> saves it as a table");
        }
        String destination = job.parameters().get(DESTINATION);
        if (destination != null && !destination.isBlank()) {
            return intoTable(job, caller, run, tables, destination.strip());
        }
        TapQueries.Prepared prepared = queries.prepare(caller, job.parameters(), tables,
                job.executionDuration() > 0 ? job.executionDuration() : null);
        long rows;
        try (OutputStream out = results.writer(job.id(), RESULT)) {
            rows = queries.write(prepared, out, run::cancelled, run::running);
        }
        if (run.cancelled()) {
            results.delete(job.id(), RESULT);
            throw new Watch.Cancelled("the query was aborted");
        }
        return new Outcome(List.of(new Job.Result(RESULT, "async/" + job.id() + "/results/" + RESULT,
                prepared.format().contentType())), new Job.Progress(rows, null, 100.0, rows + " rows"));
    }

    /**
     * MyDB: the result becomes a new table of the caller's, in one transaction (its columns and
     * TAP_SCHEMA rows with the metadata of the columns they come from, private, counted against
     * the caller's quota), its rows streamed from the query as CSV into the table's COPY on a
     * second thread. Without MAXREC the whole result is kept, up to the hard row limit.
     */
    private Outcome intoTable(Job job, Caller caller, Run run, List<UploadTables.Upload> uploaded, String destination)
            throws Exception {
        caller.requireIdentity("save a query's result as a table");
        Map<String, String> parameters = new java.util.HashMap<>(job.parameters());
        parameters.put("responseformat", "csv");
        parameters.putIfAbsent("maxrec", Long.toString(queries.maxRec()));
        TapQueries.Prepared prepared = queries.prepare(caller, parameters, uploaded,
                job.executionDuration() > 0 ? job.executionDuration() : null);
        TableDefinition definition = new TableDefinition(destination, "the result of query job " + job.id() + ": "
                + parameters.get("query"), null, prepared.translated().columns().stream()
                        .map(c -> c.definition()).toList());
        java.io.PipedInputStream in = new java.io.PipedInputStream(1024 * 1024);
        java.io.PipedOutputStream out = new java.io.PipedOutputStream(in);
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        long[] rows = {0};
        Thread producer = new Thread(() -> {
            try (out) {
                rows[0] = queries.write(prepared, out, run::cancelled, run::running);
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "query-into-" + job.id());
        producer.start();
        UserTables.Created created;
        try (in) {
            created = tables.create(caller, destination, definition, new Permissions.Change(null, null, null, null),
                    new UserTables.Rows(LoadFormat.CSV, new java.io.InputStream() {
                        @Override
                        public int read() throws java.io.IOException {
                            return check(in.read());
                        }

                        @Override
                        public int read(byte[] b, int off, int len) throws java.io.IOException {
                            return check(in.read(b, off, len));
                        }

                        /** At the end of the rows, the query's own failure (if any) is the load's. */
                        private int check(int n) throws java.io.IOException {
                            if (n < 0) {
                                try {
                                    producer.join();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new java.io.InterruptedIOException("interrupted");
                                }
                                Throwable e = failed.get();
                                if (e instanceof RuntimeException r) {
                                    throw r;
                                }
                                if (e != null) {
                                    throw new java.io.IOException(e.getMessage(), e);
                                }
                            }
                            return n;
                        }
                    }));
        } finally {
            producer.join(60_000);
        }
        if (run.cancelled()) {
            throw new Watch.Cancelled("the query was aborted; no table was made");
        }
        return new Outcome(List.of(new Job.Result("table", "tables/" + created.name().qualified(), "text/xml")),
                new Job.Progress(created.rows(), null, 100.0, "Saved " + created.rows() + " rows as table "
                        + created.name().qualified()));
    }
}
