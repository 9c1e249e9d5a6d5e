package org.felicette.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.FelicetteException.Kind;
import org.felicette.auth.Caller;
import org.felicette.tapschema.Keyset;
import org.felicette.db.JobDao;
import org.felicette.tapschema.Access;
import org.felicette.db.Db;

/**
 * UWS jobs for their owners: create, read, list, run, abort, delete, wait and adjust. A job is
 * seen only by its owner or an admin; to anyone else it does not exist (404). Jobs live in the
 * database, so any instance answers for any job, and a WAIT on one instance hears a change made
 * on another.
 */
public final class Jobs {

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final JobsConfig config;
    private final JobEvents events;
    private final String instance;

    public Jobs(Db db, JobsConfig config, JobEvents events, String instance) {
        this.db = db;
        this.config = config;
        this.events = events;
        this.instance = instance;
    }

    /**
     * Where a job told to run starts: on this instance's worker when one is free (see
     * {@link Worker#startHere}), else queued for any instance.
     */
    public void startOn(Worker worker) {
        this.startHere = worker::startHere;
    }

    private volatile java.util.function.Predicate<String> startHere = id -> false;

    /** PENDING to running here, or to QUEUED for any instance. */
    private void start(String id) {
        if (!startHere.test(id)) {
            db.onDemand(JobDao.class).queue(id);
        }
    }

    public JobsConfig config() {
        return config;
    }

    /** A new PENDING job (QUEUED at once when {@code run}) of the caller's. */
    public Job create(Caller caller, String family, Map<String, String> parameters, boolean run) {
        caller.requireIdentity("create a job");
        return insert(caller, family, parameters, run);
    }

    /**
     * As {@link #create}, also for an anonymous caller (an asynchronous query): an anonymous job
     * belongs to whoever holds its URL (its id is 128 random bits), as TAP services do; it is in
     * no one's job list.
     */
    public Job createOpen(Caller caller, String family, Map<String, String> parameters, boolean run) {
        return insert(caller, family, parameters, run);
    }

    private Job insert(Caller caller, String family, Map<String, String> parameters, boolean run) {
        String id = newId();
        JobDao dao = db.onDemand(JobDao.class);
        dao.insert(id, family, caller.isAnonymous() ? ANONYMOUS_OWNER : caller.user(), json(parameters),
                config.executionSeconds(),
                Instant.now().plus(config.destruction()), json(caller));
        if (run) {
            start(id);
        }
        return find(caller, family, id);
    }

    /**
     * A new job QUEUED at once and bound to this instance (its input is a file here): only this
     * instance runs it, and if the instance goes away first the job ends as interrupted.
     */
    public Job createHere(Caller caller, String family, String id, Map<String, String> parameters) {
        caller.requireIdentity("create a job");
        db.onDemand(JobDao.class).insertBound(id, family, caller.user(), json(parameters), config.executionSeconds(),
                Instant.now().plus(config.destruction()), json(caller), instance,
                config.lease().toMillis() / 1000.0);
        return find(caller, family, id);
    }

    /** The owner of an anonymous job: no user name is empty. */
    static final String ANONYMOUS_OWNER = "";

    /** An unguessable job id (128 random bits). */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The job, if the caller may see it: theirs, or any to an admin. */
    public Job find(Caller caller, String family, String id) {
        return toJob(row(caller, family, id));
    }

    private JobDao.JobRow row(Caller caller, String family, String id) {
        JobDao.JobRow row = id.matches("[0-9a-f]{32}") ? db.onDemand(JobDao.class).find(id).orElse(null) : null;
        // a job is private to whom made it: the read rule of a private object (its owner, or an admin)
        boolean byUrl = ANONYMOUS_OWNER.equals(row == null ? null : row.ownerId()); // whoever holds the id
        if (row == null || !row.family().equals(family) || !byUrl && !Access.privateTo(row.ownerId()).readableBy(caller)) {
            throw FelicetteException.notFound("no " + family + " job '" + id + "'");
        }
        return row;
    }

    /**
     * The caller's jobs of a family (an admin's: everyone's), newest first.
     *
     * @param phases only these (empty: all but ARCHIVED, as UWS says)
     * @param after only those created after this time (null: any)
     * @param last at most this many (null: no limit)
     */
    public List<Job> list(Caller caller, String family, Set<Phase> phases, Instant after, Integer last) {
        return page(caller, family, phases, after, last, null, Integer.MAX_VALUE - 1).items();
    }

    /**
     * A page of the caller's jobs of a family (an admin's: everyone's), newest first: after
     * {@code from} (null: from the newest), at most {@code limit}; UWS's {@code LAST} caps the
     * whole listing to the newest that many.
     */
    public Keyset.Page<Job> page(Caller caller, String family, Set<Phase> phases, Instant after, Integer last,
            Keyset from, int limit) {
        if (caller.isAnonymous()) {
            return new Keyset.Page<>(List.of(), null);
        }
        String[] names = phases.stream().map(Phase::name).toArray(String[]::new);
        boolean capped = last != null && last <= limit; // LAST within one page: that page is the whole listing
        int size = capped ? last : limit;
        List<JobDao.JobRow> rows = db.onDemand(JobDao.class).list(family, caller.admin() ? null : caller.user(), names,
                after, from == null ? null : from.created(), from == null ? null : from.id(), size + 1);
        List<Job> jobs = rows.stream().limit(size).map(Jobs::toJob).toList();
        Keyset next = !capped && rows.size() > size
                ? new Keyset(rows.get(size - 1).createdAt(), rows.get(size - 1).id()) : null;
        return new Keyset.Page<>(jobs, next);
    }

    /** PHASE=RUN: a PENDING job is queued; a queued or running one is left as it is. */
    public Job run(Caller caller, String family, String id) {
        JobDao.JobRow row = row(caller, family, id);
        Phase phase = Phase.valueOf(row.phase());
        if (phase == Phase.PENDING || phase == Phase.HELD) {
            start(id);
        } else if (!phase.active()) {
            throw new FelicetteException(Kind.CONFLICT, "job_ended", "job " + id + " is " + phase
                    + "; an ended job cannot run again (create a new one)", Map.of());
        }
        return find(caller, family, id);
    }

    /** PHASE=ABORT: a job not yet over ends ABORTED (a running one has its work cancelled); an ended one stays. */
    public Job abort(Caller caller, String family, String id) {
        row(caller, family, id);
        db.onDemand(JobDao.class).abort(id);
        return find(caller, family, id);
    }

    /** Deletes the job (a running one is aborted first: its work stops). */
    public void delete(Caller caller, String family, String id) {
        row(caller, family, id);
        JobDao dao = db.onDemand(JobDao.class);
        dao.abort(id);
        dao.delete(id);
    }

    public Job setDestruction(Caller caller, String family, String id, Instant destruction) {
        row(caller, family, id);
        Instant latest = Instant.now().plus(config.destruction());
        db.onDemand(JobDao.class).setDestruction(id, destruction.isAfter(latest) ? latest : destruction);
        return find(caller, family, id);
    }

    /** The execution duration, until the job starts; 0 or more than the service allows is the service's most. */
    public Job setExecutionDuration(Caller caller, String family, String id, int seconds) {
        JobDao.JobRow row = row(caller, family, id);
        int most = config.executionSeconds();
        int granted = most > 0 && (seconds <= 0 || seconds > most) ? most : Math.max(seconds, 0);
        if (db.onDemand(JobDao.class).setExecutionDuration(id, granted) == 0) {
            throw new FelicetteException(Kind.CONFLICT, "job_started", "job " + id + " is " + row.phase()
                    + "; its execution duration can change only while it is PENDING", Map.of());
        }
        return find(caller, family, id);
    }

    /** Adds or replaces parameters of a PENDING job. */
    public Job setParameters(Caller caller, String family, String id, Map<String, String> parameters) {
        JobDao.JobRow row = row(caller, family, id);
        Map<String, String> merged = new LinkedHashMap<>(toJob(row).parameters());
        merged.putAll(parameters);
        if (db.onDemand(JobDao.class).setParameters(id, json(merged)) == 0) {
            throw new FelicetteException(Kind.CONFLICT, "job_started", "job " + id + " is " + row.phase()
                    + "; its parameters can change only while it is PENDING", Map.of());
        }
        return find(caller, family, id);
    }

    /**
     * UWS's WAIT: blocks while the job is in an active phase (and, given {@code only}, in that
     * phase) until the phase changes or the time is up, then answers the job as it is.
     *
     * @param seconds how long at most; negative or more than the service allows is the service's most
     */
    public Job await(Caller caller, String family, String id, int seconds, Phase only) throws InterruptedException {
        long most = config.maxWait().toMillis();
        long millis = seconds < 0 || seconds * 1000L > most ? most : seconds * 1000L;
        long until = System.nanoTime() + millis * 1_000_000;
        long seen = events.version();
        Job job = find(caller, family, id);
        Phase initial = job.phase();
        if (!initial.active() || only != null && only != initial) {
            return job;
        }
        while (true) {
            long left = (until - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return job;
            }
            events.awaitChange(seen, left);
            seen = events.version();
            job = find(caller, family, id);
            // a queued job waited on without PHASE= is waited on to its end: a client that has just
            // said PHASE=RUN wants the outcome, not the moment a worker took the job (with PHASE=QUEUED,
            // the change out of QUEUED is what is waited for, as UWS 1.1 §2.2.1.1 says)
            boolean stillGoing = only == null && initial == Phase.QUEUED && job.phase() == Phase.EXECUTING;
            if (job.phase() != initial && !stillGoing) {
                return job;
            }
        }
    }

    static Job toJob(JobDao.JobRow row) {
        try {
            Map<String, String> parameters = JSON.readValue(row.parameters(), new TypeReference<LinkedHashMap<String, String>>() { });
            List<Job.Result> results = JSON.readValue(row.results(), new TypeReference<List<Job.Result>>() { });
            Job.Progress progress = JSON.readValue(row.progress(), Job.Progress.class);
            Job.Failure error = row.errorSummary() == null ? null
                    : new Job.Failure(row.errorSummary(), "transient".equals(row.errorType()));
            return new Job(row.id(), row.family(), row.ownerId(), Phase.valueOf(row.phase()), parameters,
                    row.createdAt(), row.startedAt(), row.endedAt(), row.executionDuration(), row.destruction(),
                    row.quote(), results, error, progress);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + row.id() + " has unreadable JSON", e);
        }
    }

    static Caller callerOf(JobDao.JobRow row) {
        try {
            return JSON.readValue(row.caller(), Caller.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + row.id() + " has an unreadable caller", e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
