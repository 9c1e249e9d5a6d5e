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

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
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
}
