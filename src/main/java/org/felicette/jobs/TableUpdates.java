package org.felicette.jobs;

import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.tables.TableIndexes;
import org.felicette.catalog.tables.TableIngests;
import org.felicette.db.ProgressDao;
import org.felicette.db.Db;

/**
 * YouCat's {@code /table-update} jobs: an index on a table ({@code table}, {@code index},
 * {@code unique}, {@code INDEX_TYPE}), or the ingest of a table that exists in the database
 * ({@code ingest=true}, {@code table}, and {@code view} for a view of it).
 */
public final class TableUpdates implements JobKind {

    public static final String FAMILY = "table-update";

    private final TableIndexes indexes;
    private final TableIngests ingests;
    private final Db db;

    public TableUpdates(TableIndexes indexes, TableIngests ingests, Db db) {
        this.indexes = indexes;
        this.ingests = ingests;
        this.db = db;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public void check(Map<String, String> parameters) {
        String ingest = parameters.get("ingest");
        if (ingest != null && parameters.containsKey("index")) {
            throw FelicetteException.badInput("bad_parameters", "'index' and 'ingest' cannot be given together: "
                    + "a table-update job builds an index or ingests a table");
        }
        if (ingest == null) {
            TableIndexes.request(parameters);
            return;
        }
        if (!ingest.strip().equalsIgnoreCase("true")) {
            throw FelicetteException.badInput("bad_parameters", "parameter 'ingest' is '" + ingest + "'; use ingest=true");
        }
        String table = parameters.get("table");
        if (table == null || table.isBlank()) {
            throw FelicetteException.badInput("missing_parameter", "missing parameter 'table' (the table to ingest)");
        }
    }

    @Override
    public Outcome run(Job job, Caller caller, Run run) {
        Map<String, String> p = job.parameters();
        check(p);
        if (p.containsKey("ingest")) {
            TableIngests.Ingested done = ingests.ingest(caller, p.get("table").strip(),
                    p.get("view") == null || p.get("view").isBlank() ? null : p.get("view").strip());
            return new Outcome(List.of(new Job.Result("table", "tables/" + done.table(), "text/xml")),
                    new Job.Progress(null, null, 100.0, "ingested " + done.type() + " " + done.table() + " with "
                            + done.columns().size() + " columns"));
        }
        TableIndexes.Request request = TableIndexes.request(p);
        run.progressFrom(pid -> {
            if (pid == null) {
                return new Job.Progress(null, null, null, "checking " + request.table());
            }
            return db.onDemand(ProgressDao.class).index(pid)
                    .map(i -> new Job.Progress(i.tuplesDone() > 0 ? i.tuplesDone() : null, null, i.percent(),
                            "building index: " + i.phase()))
                    .orElse(new Job.Progress(null, null, null, "building index"));
        });
        TableIndexes.Built built = indexes.build(caller, request, run);
        return new Outcome(List.of(new Job.Result("table", "tables/" + built.table(), "text/xml")),
                new Job.Progress(null, null, 100.0, "built index " + built.index() + " on " + built.table() + " ("
                        + String.join(", ", built.columns()) + ") in " + Math.round(built.seconds() * 10) / 10.0 + " s"));
    }
}
