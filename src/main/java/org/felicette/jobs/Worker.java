package org.felicette.jobs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;
import org.felicette.db.DatabaseSession;
import org.felicette.db.JobDao;
import org.felicette.db.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's workers: each claims the oldest queued job it may run (any instance's, unless
 * the job is bound to another), runs it, and ends it. A heartbeat renews the instance's leases,
 * records its jobs' progress, stops a job that was aborted or deleted (on any instance) or ran
 * past its execution duration, and now and then ends jobs whose instance went away and deletes
 * those past their destruction (the sweep, done by one instance at a time).
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final String STOPPING = "stopping";
    private static final String ABORTED = "aborted";
    private static final String OVERTIME = "overtime";

    private final Db db;
    private final JobsConfig config;
    private final JobEvents events;
    private final String instance;
    private final Map<String, JobKind> kinds;
    private final String[] families;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private final List<Runnable> sweepers = new ArrayList<>();
    /** Workers not running a job: a job started here (see {@link #startHere}) takes one first. */
    private final java.util.concurrent.Semaphore free;
    /** Jobs claimed by {@link #startHere}, each with the free worker it took, for a worker thread to run. */
    private final java.util.concurrent.BlockingQueue<JobDao.JobRow> handedOver =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile boolean open = true;
    private long lastSweep;

    public Worker(Db db, JobsConfig config, JobEvents events, String instance, List<JobKind> kinds) {
        this.db = db;
        this.config = config;
        this.events = events;
        this.instance = instance;
        this.kinds = new ConcurrentHashMap<>();
        kinds.forEach(k -> this.kinds.put(k.family(), k));
        this.families = this.kinds.keySet().toArray(String[]::new);
        this.free = new java.util.concurrent.Semaphore(config.workers());
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jobs-heartbeat");
            t.setDaemon(true);
            return t;
        });
        events.listen(this, (id, phase) -> {
            Running job = running.get(id);
            if (job != null && (phase.equals("ABORTED") || phase.equals("DELETED"))) {
                job.cancel(ABORTED);
            }
        });
    }

    /** Also run at each sweep (e.g. removing files of jobs that are gone). */
    public void alsoSweep(Runnable sweeper) {
        sweepers.add(sweeper);
    }

    public void start() {
        try {
            endLeftBehind();
        } catch (RuntimeException e) {
            LOG.warn("could not end the jobs of stopped instances on this machine: {}", e.toString());
        }
        for (int i = 0; i < config.workers(); i++) {
            Thread t = new Thread(this::work, "jobs-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long every = config.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a waiting job on this instance at once, if a worker here is free: the instance that
     * received PHASE=RUN runs the job rather than whichever instance's worker wakes first, so the
     * client's next request (a WAIT on the job) meets a job already running. Whether it started;
     * if not, the caller queues it for any instance.
     */
    public boolean startHere(String id) {
        try {
            // a worker holds a place for the moment it looks for queued work: wait that long, not more
            if (!open || !free.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Optional<JobDao.JobRow> claimed;
        try {
            claimed = db.inTransaction(h -> h.attach(JobDao.class).claimThis(id, instance, families,
                    config.lease().toMillis() / 1000.0));
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        if (claimed.isEmpty()) {
            free.release();
            return false;
        }
        handedOver.add(claimed.get());
        events.moved(); // wakes a waiting worker thread
        return true;
    }

    private void work() {
        while (open) {
            try {
                long seen = events.version(); // before looking: a job handed over after this wakes the wait below
                JobDao.JobRow handed = handedOver.poll();
                if (handed != null) { // its free worker was taken when it was claimed
                    try {
                        run(handed);
                    } finally {
                        free.release();
                    }
                    continue;
                }
                if (!free.tryAcquire()) { // every free worker is promised to a job started here
                    events.awaitChange(seen, 1000);
                    continue;
                }
                Optional<JobDao.JobRow> claimed;
                try {
                    claimed = db.inTransaction(h -> h.attach(JobDao.class).claim(instance, families,
                            config.lease().toMillis() / 1000.0));
                    if (claimed.isPresent()) {
                        run(claimed.get());
                    }
                } finally {
                    free.release();
                }
                if (claimed.isEmpty()) {
                    // woken by any job change (a new job queued anywhere), else look again in a while
                    events.awaitChange(seen, Math.max(config.heartbeat().toMillis() * 2, 1000));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("job worker: {}", e.toString());
                try {
                    Thread.sleep(1000); // the database may be down; do not spin
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void run(JobDao.JobRow row) {
        Job job;
        try {
            job = Jobs.toJob(row);
        } catch (RuntimeException e) {
            db.useConnection(h -> h.attach(JobDao.class).finish(row.id(), instance, "ERROR", "[]",
                    "the job's record cannot be read", "fatal", null));
            throw e;
        }
        Running run = new Running(job);
        running.put(job.id(), run);
        String phase;
        String summary = null;
        boolean isTransient = false;
        JobKind.Outcome outcome = null;
        try {
            Caller caller = Jobs.callerOf(row);
            outcome = kinds.get(job.family()).run(job, caller, run);
            phase = run.reason == null ? "COMPLETED" : "ERROR";
        } catch (FelicetteException e) {
            phase = "ERROR";
            summary = e.getMessage();
        } catch (Exception e) {
            phase = "ERROR";
            if (run.reason == null) {
                String logId = Jobs.newId().substring(0, 12);
                LOG.error("job {} failed unexpectedly (log id {})", job.id(), logId, e);
                summary = "the job failed unexpectedly; the service's log has the details under id " + logId;
            }
        } finally {
            running.remove(job.id());
        }
        if (ABORTED.equals(run.reason)) {
            // the row says ABORTED already, or is gone; should it still be running here, it ends now
            db.useConnection(h -> h.attach(JobDao.class).finish(job.id(), instance, "ABORTED", "[]", null, null, null));
            return;
        }
        if (OVERTIME.equals(run.reason)) {
            summary = "the job ran longer than its execution duration of " + job.executionDuration() + " s and was stopped";
        } else if (STOPPING.equals(run.reason)) {
            summary = "interrupted: the instance running the job stopped; please resubmit";
            isTransient = true;
        }
        Job.Progress last = outcome != null && outcome.progress() != null ? outcome.progress() : run.progress;
        String results = Jobs.json(outcome == null ? List.of() : outcome.results());
        String finalSummary = summary;
        String type = phase.equals("ERROR") ? (isTransient ? "transient" : "fatal") : null;
        String finalPhase = phase;
        db.useConnection(h -> h.attach(JobDao.class).finish(job.id(), instance, finalPhase, results, finalSummary, type,
                Jobs.json(last)));
    }

    private void beat() {
        try {
            JobDao dao = db.onDemand(JobDao.class);
            double lease = config.lease().toMillis() / 1000.0;
            // judged: only the jobs running before the renewal (one claimed meanwhile is not in its answer)
            List<Running> known = new ArrayList<>(running.values());
            Set<String> ours = new HashSet<>(dao.renewAll(instance, lease,
                    known.stream().map(r -> r.job.id()).toArray(String[]::new)));
            for (Running job : known) {
                if (!ours.contains(job.job.id())) {
                    job.cancel(ABORTED); // aborted, deleted or taken from us: stop the work
                    continue;
                }
                int limit = job.job.executionDuration();
                if (limit > 0 && System.nanoTime() - job.started > limit * 1_000_000_000L) {
                    job.cancel(OVERTIME);
                }
                Job.Progress progress = job.currentProgress();
                if (!progress.equals(job.recorded)) {
                    dao.renew(job.job.id(), instance, lease, Jobs.json(progress));
                    job.recorded = progress;
                }
            }
            long now = System.nanoTime();
            if (now - lastSweep > config.sweep().toNanos()) {
                lastSweep = now;
                sweep();
            }
        } catch (RuntimeException e) {
            LOG.warn("job heartbeat: {}", e.toString());
        }
    }

    /** Ends jobs whose instance went away, deletes those past their destruction, and runs the other sweepers. */
    public void sweep() {
        JobDao dao = db.onDemand(JobDao.class);
        List<String> ended = dao.endExpired();
        if (!ended.isEmpty()) {
            LOG.warn("ended {} job(s) whose instance stopped renewing its lease: {}", ended.size(), ended);
        }
        dao.sweepAlone().ifPresent(deleted -> {
            if (!deleted.isEmpty()) {
                LOG.info("deleted {} job(s) past their destruction time", deleted.size());
            }
        });
        sweepers.forEach(Runnable::run);
    }

    /**
     * Ends the jobs of earlier instances on this machine whose process is gone (killed, or the
     * machine restarted): no need to wait for their leases to run out. Instances elsewhere are
     * left to their leases, since only their machine knows whether they live.
     */
    void endLeftBehind() {
        JobDao dao = db.onDemand(JobDao.class);
        InstanceName self = InstanceName.parse(instance);
        for (String holder : dao.holders()) {
            InstanceName other = InstanceName.parse(holder);
            if (self != null && other != null && other.host().equals(self.host()) && other.pid() != self.pid()
                    && ProcessHandle.of(other.pid()).isEmpty()) {
                List<String> ended = dao.endInstance(holder);
                if (!ended.isEmpty()) {
                    LOG.warn("ended {} job(s) of {}, a process of this machine that is gone: {}", ended.size(), holder,
                            ended);
                }
            }
        }
    }

    /** Whether this instance is running the job now. */
    public boolean isRunning(String id) {
        return running.containsKey(id);
    }

    /**
     * Stops claiming, cancels the jobs running here (they end ERROR, "interrupted; please
     * resubmit") and ends the queued jobs bound to this instance likewise.
     */
    @Override
    public void close() {
        open = false;
        running.values().forEach(r -> r.cancel(STOPPING));
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        heartbeat.shutdownNow();
        try {
            db.useConnection(h -> h.attach(JobDao.class).endBound(instance));
        } catch (RuntimeException e) {
            LOG.warn("could not end the jobs bound to this instance: {}", e.toString());
        }
    }

    /** A job running here, as its work and the heartbeat see it. */
    private static final class Running implements JobKind.Run, Watch.Running {

        final Job job;
        final long started = System.nanoTime();
        volatile String reason;
        volatile Job.Progress progress = Job.Progress.NONE;
        volatile Job.Progress recorded = Job.Progress.NONE;
        volatile JobKind.ProgressSource source;
        volatile DatabaseSession session;

        Running(Job job) {
            this.job = job;
        }

        synchronized void cancel(String why) {
            if (reason == null) {
                reason = why;
            }
            DatabaseSession s = session;
            if (s != null) {
                s.cancel();
            }
        }

        Job.Progress currentProgress() {
            JobKind.ProgressSource from = source;
            DatabaseSession s = session;
            if (from == null) {
                return progress;
            }
            try {
                return from.read(s == null ? null : s.pid());
            } catch (RuntimeException e) {
                return progress;
            }
        }

        @Override
        public synchronized Running running(DatabaseSession s) {
            session = s;
            if (reason != null) {
                s.cancel();
            }
            return this;
        }

        /** The session's part is over. */
        @Override
        public synchronized void close() {
            session = null;
        }

        @Override
        public boolean cancelled() {
            return reason != null;
        }

        @Override
        public void progress(Job.Progress p) {
            progress = p;
        }

        @Override
        public void progressFrom(JobKind.ProgressSource from) {
            source = from;
        }
    }
}
