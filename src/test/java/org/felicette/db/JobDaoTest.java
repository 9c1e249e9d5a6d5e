package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job store's claims, leases and sweeps, against PostgreSQL and across connections. */
class JobDaoTest {

    private static Jdbi jdbi;
    private static String database;

    @BeforeAll
    static void database() {
        database = TestDatabase.freshMigratedDatabase();
        jdbi = TestDatabase.jdbi(database);
    }

    private static JobDao dao() {
        return jdbi.onDemand(JobDao.class);
    }

    private static void queued(String id, String family) {
        dao().insert(id, family, "alice", "{\"table\": \"t\"}", 0, Instant.now().plus(1, ChronoUnit.DAYS), "{}");
        assertThat(dao().queue(id)).isEqualTo(1);
    }

    @Test
    void aNewJobIsPendingWithItsParametersUntilQueued() {
        dao().insert("pend1", "pending", "alice", "{\"index\": \"ra\"}", 60, Instant.now().plusSeconds(3600), "{}");
        JobDao.JobRow job = dao().find("pend1").orElseThrow();
        assertThat(job.phase()).isEqualTo("PENDING");
        assertThat(job.ownerId()).isEqualTo("alice");
        assertThat(job.parameters()).isEqualTo("{\"index\": \"ra\"}");
        assertThat(job.executionDuration()).isEqualTo(60);
        assertThat(dao().queue("pend1")).isEqualTo(1);
        assertThat(dao().queue("pend1")).isZero(); // queued once
        assertThat(dao().find("pend1").orElseThrow().phase()).isEqualTo("QUEUED");
    }

    @Test
    void twoWorkersOnTwoConnectionsClaimEachOfTwentyJobsExactlyOnce() {
        for (int i = 0; i < 20; i++) {
            queued(String.format("many%02d", i), "load");
        }
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> workers = List.of("a", "b").stream().map(instance -> CompletableFuture.runAsync(() -> {
            Optional<JobDao.JobRow> job;
            while ((job = jdbi.inTransaction(h -> h.attach(JobDao.class).claim(instance, new String[] {"load"}, 30)))
                    .isPresent()) {
                claimed.add(job.get().id());
                assertThat(job.get().instance()).isEqualTo(instance);
            }
        })).toList();
        workers.forEach(CompletableFuture::join);
        assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
        assertThat(claimed.stream().map(id -> dao().find(id).orElseThrow().phase()).distinct()).containsExactly(
                "EXECUTING");
    }

    @Test
    void onlyTheClaimingInstanceRenewsAndFinishesItsJob() {
        queued("lease1", "lease"); // each test its own family: the tests share one database
        JobDao.JobRow job = dao().claim("a", new String[] {"lease"}, 30).orElseThrow();
        assertThat(job.id()).isEqualTo("lease1");
        assertThat(dao().renew("lease1", "b", 30, "{}")).isZero();
        assertThat(dao().renew("lease1", "a", 30, "{\"rows\": 5}")).isEqualTo(1);
        assertThat(dao().find("lease1").orElseThrow().progress()).isEqualTo("{\"rows\": 5}");
        assertThat(dao().finish("lease1", "b", "COMPLETED", "[]", null, null, null)).isZero();
        assertThat(dao().finish("lease1", "a", "COMPLETED", "[{\"id\": \"index\"}]", null, null, null)).isEqualTo(1);
        JobDao.JobRow done = dao().find("lease1").orElseThrow();
        assertThat(done.phase()).isEqualTo("COMPLETED");
        assertThat(done.endedAt()).isNotNull();
        assertThat(done.leaseUntil()).isNull();
        assertThat(dao().renew("lease1", "a", 30, "{}")).isZero(); // a finished job is nobody's to run
    }

    @Test
    void aJobWhoseLeaseRanOutIsEndedAsInterruptedAndNeverStaysExecuting() {
        queued("gone1", "gone");
        JobDao.JobRow job = dao().claim("dead", new String[] {"gone"}, -1).orElseThrow(); // a lease already out
        assertThat(dao().endExpired()).contains(job.id());
        JobDao.JobRow ended = dao().find("gone1").orElseThrow();
        assertThat(ended.phase()).isEqualTo("ERROR");
        assertThat(ended.errorSummary()).contains("interrupted").contains("please resubmit");
        assertThat(dao().finish("gone1", "dead", "COMPLETED", "[]", null, null, null)).isZero(); // too late to finish
    }

    @Test
    void theSweeperDeletesOnlyJobsPastTheirDestruction() {
        dao().insert("old1", "table-update", "alice", "{}", 0, Instant.now().minusSeconds(60), "{}");
        dao().insert("young1", "table-update", "alice", "{}", 0, Instant.now().plusSeconds(3600), "{}");
        assertThat(dao().sweep()).contains("old1").doesNotContain("young1");
        assertThat(dao().find("old1")).isEmpty();
        assertThat(dao().find("young1")).isPresent();
    }

    @Test
    void aBoundJobIsClaimedOnlyByItsInstanceAndEndedWhenItsLeaseRunsOut() {
        dao().insertBound("bound1", "bound", "alice", "{}", 0, Instant.now().plusSeconds(3600), "{}", "here", 30);
        assertThat(dao().find("bound1").orElseThrow().phase()).isEqualTo("QUEUED");
        assertThat(dao().claim("elsewhere", new String[] {"bound"}, 30)).isEmpty();
        assertThat(dao().renewAll("here", 30, new String[0])).contains("bound1");
        assertThat(dao().claim("here", new String[] {"bound"}, 30).orElseThrow().id()).isEqualTo("bound1");

        dao().insertBound("bound2", "bound", "alice", "{}", 0, Instant.now().plusSeconds(3600), "{}", "gone", -1);
        assertThat(dao().endExpired()).contains("bound2");
        assertThat(dao().find("bound2").orElseThrow().errorType()).isEqualTo("transient");

        dao().insertBound("bound3", "bound", "alice", "{}", 0, Instant.now().plusSeconds(3600), "{}", "stopping", 30);
        assertThat(dao().endBound("stopping")).isEqualTo(1);
        assertThat(dao().find("bound3").orElseThrow().phase()).isEqualTo("ERROR");
    }

    @Test
    void twoSweepersNeverSweepAtTheSameMoment() throws Exception {
        dao().insert("swept1", "sweep", "alice", "{}", 0, Instant.now().minusSeconds(5), "{}");
        try (org.jdbi.v3.core.Handle other = jdbi.open()) {
            other.begin();
            assertThat(other.attach(JobDao.class).trySweeperLock()).isTrue(); // another instance sweeping now
            assertThat(dao().sweepAlone()).isEmpty();
            assertThat(dao().find("swept1")).isPresent();
            other.rollback();
        }
        assertThat(dao().sweepAlone().orElseThrow()).contains("swept1");
    }

    @Test
    void theListFiltersByOwnerPhaseTimeAndCount() throws Exception {
        dao().insert("list1", "listing", "alice", "{}", 0, Instant.now().plusSeconds(60), "{}");
        Thread.sleep(5);
        dao().insert("list2", "listing", "alice", "{}", 0, Instant.now().plusSeconds(60), "{}");
        dao().insert("list3", "listing", "bob", "{}", 0, Instant.now().plusSeconds(60), "{}");
        dao().queue("list2");
        assertThat(dao().list("listing", "alice", new String[0], null, null, null, 10)).extracting(JobDao.JobRow::id)
                .containsExactly("list2", "list1");
        assertThat(dao().list("listing", null, new String[0], null, null, null, 10)).hasSize(3);
        assertThat(dao().list("listing", "alice", new String[] {"QUEUED"}, null, null, null, 10)).extracting(JobDao.JobRow::id)
                .containsExactly("list2");
        assertThat(dao().list("listing", "alice", new String[0], null, null, null, 1)).extracting(JobDao.JobRow::id)
                .containsExactly("list2");
        assertThat(dao().list("listing", "alice", new String[0], Instant.now().plusSeconds(5), null, null, 10)).isEmpty();
    }

    @Test
    void everyPhaseChangeAndDeletionIsAnnouncedAtCommit() throws Exception {
        try (Notifications notifications = new Notifications(TestDatabase.jdbcUrl(database), TestDatabase.user(), null)) {
            java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
            notifications.subscribe("felicette_jobs", new Notifications.Subscriber() {
                @Override
                public void notified(String payload) {
                    heard.add(payload);
                }

                @Override
                public void mayHaveMissed() {
                    listening.countDown();
                }
            });
            notifications.start();
            assertThat(listening.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            dao().insert("told1", "told", "alice", "{}", 0, Instant.now().plusSeconds(60), "{}");
            dao().setDestruction("told1", Instant.now().plusSeconds(120)); // not a phase change: nothing said
            dao().queue("told1");
            dao().abort("told1");
            dao().delete("told1");
            List<String> got = new ArrayList<>();
            while (got.size() < 4) {
                String next = heard.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(next).as("heard so far: " + got).isNotNull();
                got.add(next);
            }
            assertThat(got).containsExactly("told1 PENDING", "told1 QUEUED", "told1 ABORTED", "told1 DELETED");
        }
    }

    @Test
    void aJobMarkedAsRunHereButNotRunningIsNotRenewedSoItsLeaseRunsOut() {
        queued("orphan1", "orphan");
        queued("kept1", "orphan");
        assertThat(dao().claim("here2", new String[] {"orphan"}, 30)).isPresent();
        assertThat(dao().claim("here2", new String[] {"orphan"}, 30)).isPresent();
        // the instance runs only kept1 now: orphan1's lease is left to run out
        assertThat(dao().renewAll("here2", 30, new String[] {"kept1"})).containsExactly("kept1");
    }
}
