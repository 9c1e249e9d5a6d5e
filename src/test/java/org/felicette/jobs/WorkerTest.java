package org.felicette.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.felicette.catalog.Watch;
import org.felicette.db.Db;
import org.felicette.db.JobDao;
import org.felicette.db.Notifications;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job worker where it is: a job kind of the test's, run against PostgreSQL by one worker. */
class WorkerTest {

    static final Caller ALICE = new Caller("alice", Set.of(), false);
    static Jdbi jdbi;
    static Notifications notifications;
    static JobsConfig config;
    static JobEvents events;
    static Jobs jobs;
    static final String INSTANCE = InstanceName.ofThisProcess();

    /** Does what its parameter says: ok, refuse, break, or wait until cancelled. */
    static final JobKind KIND = new JobKind() {
        @Override
        public String family() {
            return "test";
        }

        @Override
        public Outcome run(Job job, Caller caller, Run run) throws Exception {
            switch (job.parameters().get("do")) {
                case "ok" -> {
                    run.progress(new Job.Progress(100L, 1L, 100.0, null));
                    return new Outcome(List.of(), null);
                }
                case "refuse" -> throw FelicetteException.badInput("no_good", "the test refuses");
                case "break" -> throw new IllegalStateException("a bug");
                default -> {
                    while (!run.cancelled()) {
                        Thread.sleep(20);
                    }
                    throw new Watch.Cancelled("stopped");
                }
            }
        }
    };

    @BeforeAll
    static void start() {
        String database = TestDatabase.freshMigratedDatabase();
        jdbi = TestDatabase.jdbi(database);
        notifications = new Notifications(TestDatabase.jdbcUrl(database), TestDatabase.user(), "");
        events = new JobEvents(notifications);
        notifications.start();
        config = new ObjectMapper().convertValue(Map.of("workers", 1, "heartbeatMillis", 100, "leaseSeconds", 5),
                JobsConfig.class);
        jobs = new Jobs(Db.of(jdbi), config, events, INSTANCE);
    }

    @AfterAll
    static void stop() {
        notifications.close();
    }

    static Job runToEnd(Worker worker, String what) throws InterruptedException {
        Job job = jobs.create(ALICE, "test", Map.of("do", what), true);
        for (int i = 0; i < 100 && jobs.find(ALICE, "test", job.id()).phase().active(); i++) {
            jobs.await(ALICE, "test", job.id(), 1, null);
        }
        return jobs.find(ALICE, "test", job.id());
    }

    @Test
    void aJobRunsToItsEndAndARefusalOrABugIsItsError() throws Exception {
        Worker worker = new Worker(Db.of(jdbi), config, events, INSTANCE, List.of(KIND));
        worker.start();
        try {
            assertThat(runToEnd(worker, "ok").phase()).isEqualTo(Phase.COMPLETED);
            Job refused = runToEnd(worker, "refuse");
            assertThat(refused.phase()).isEqualTo(Phase.ERROR);
            assertThat(refused.error().message()).isEqualTo("the test refuses");
            Job broken = runToEnd(worker, "break");
            assertThat(broken.phase()).isEqualTo(Phase.ERROR);
            assertThat(broken.error().message()).startsWith("the job failed unexpectedly; the service's log has the "
                    + "details under id ").doesNotContain("a bug");
        } finally {
            worker.close();
        }
    }

    @Test
    void aWorkerThatStopsEndsItsRunningJobAsInterrupted() throws Exception {
        Worker worker = new Worker(Db.of(jdbi), config, events, INSTANCE, List.of(KIND));
        worker.start();
        Job job = jobs.create(ALICE, "test", Map.of("do", "wait"), true);
        for (int i = 0; i < 100 && !worker.isRunning(job.id()); i++) {
            Thread.sleep(20);
        }
        assertThat(worker.isRunning(job.id())).isTrue();
        worker.close();
        Job ended = jobs.find(ALICE, "test", job.id());
        assertThat(ended.phase()).as("ended by the stop itself, not by a lease running out").isEqualTo(Phase.ERROR);
        assertThat(ended.error().message()).isEqualTo("interrupted: the instance running the job stopped; please resubmit");
    }

    @Test
    void theJobsOfAGoneProcessOfThisMachineEndAtOnce() {
        InstanceName self = InstanceName.parse(INSTANCE);
        long gone = 4_000_000;
        while (ProcessHandle.of(gone).isPresent()) {
            gone++;
        }
        String dead = self.host() + "-" + gone + "-deadbeef";
        String elsewhere = "another-host-" + gone + "-deadbeef";
        JobDao dao = jdbi.onDemand(JobDao.class);
        for (String holder : List.of(dead, elsewhere)) {
            Job job = jobs.create(ALICE, "test", Map.of("do", "wait", "holder", holder), true);
            assertThat(dao.claim(holder, new String[] {"test"}, 3600).map(JobDao.JobRow::id)).contains(job.id());
        }
        Worker worker = new Worker(Db.of(jdbi), config, events, INSTANCE, List.of());
        worker.endLeftBehind();
        List<Job> held = jobs.list(ALICE, "test", Set.of(), null, null).stream()
                .filter(j -> j.parameters().containsKey("holder")).toList();
        assertThat(held).hasSize(2).allSatisfy(j -> assertThat(j.phase()).isEqualTo(
                j.parameters().get("holder").equals(dead) ? Phase.ERROR : Phase.EXECUTING));
    }

    @Test
    void aWaitOnAQueuedJobWithoutPhaseReturnsAtItsEndNotWhenAWorkerTakesIt() throws Exception {
        Job job = jobs.create(ALICE, "test", Map.of("do", "wait", "holder", "waited"), true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Job> waited = pool.submit(() -> jobs.await(ALICE, "test", job.id(), 30, null));
            Thread.sleep(300);
            JobDao dao = jdbi.onDemand(JobDao.class);
            assertThat(dao.claim("waited-host-1-deadbeef", new String[] {"test"}, 3600).map(JobDao.JobRow::id))
                    .contains(job.id());
            Thread.sleep(500); // EXECUTING now: the wait goes on
            assertThat(waited.isDone()).isFalse();
            dao.finish(job.id(), "waited-host-1-deadbeef", "COMPLETED", "[]", null, null, "{}");
            assertThat(waited.get(20, java.util.concurrent.TimeUnit.SECONDS).phase()).isEqualTo(Phase.COMPLETED);
            // with PHASE=QUEUED the change out of QUEUED is what is waited for (UWS 1.1 2.2.1.1)
            Job other = jobs.create(ALICE, "test", Map.of("do", "wait", "holder", "waited"), true);
            java.util.concurrent.Future<Job> left = pool.submit(() -> jobs.await(ALICE, "test", other.id(), 30,
                    Phase.QUEUED));
            Thread.sleep(300);
            dao.claim("waited-host-1-deadbeef", new String[] {"test"}, 3600);
            assertThat(left.get(20, java.util.concurrent.TimeUnit.SECONDS).phase()).isEqualTo(Phase.EXECUTING);
            dao.finish(other.id(), "waited-host-1-deadbeef", "COMPLETED", "[]", null, null, "{}");
            jobs.delete(ALICE, "test", other.id());
        } finally {
            pool.shutdownNow();
            jobs.delete(ALICE, "test", job.id()); // the other tests count the jobs they see
        }
    }
}
