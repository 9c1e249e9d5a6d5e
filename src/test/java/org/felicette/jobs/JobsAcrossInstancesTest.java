package org.felicette.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.db.JobDao;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on one database: any instance runs any job, each job exactly once; a job
 * whose instance stops never stays EXECUTING; the sweeper deletes jobs past their destruction.
 */
class JobsAcrossInstancesTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static DropwizardTestSupport<FelicetteConfiguration> a;
    static DropwizardTestSupport<FelicetteConfiguration> b;

    static DropwizardTestSupport<FelicetteConfiguration> start(String prefix, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("jobs.heartbeatMillis", "100", "jobs.leaseSeconds", "2",
                "jobs.sweepSeconds", "1"));
        all.addAll(List.of(settings));
        DropwizardTestSupport<FelicetteConfiguration> app = TestApp.instance(prefix, DATABASE, all.toArray(String[]::new));
        app.before();
        return app;
    }

    @BeforeAll
    static void instances() throws Exception {
        a = start("a.");
        b = start("b.");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.after();
        }
        if (a != null) {
            a.after();
        }
    }

    static void create(DropwizardTestSupport<?> app, String name, int columns) {
        StringBuilder doc = new StringBuilder("<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" "
                + "xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><name>" + name + "</name>");
        for (int i = 0; i < columns; i++) {
            doc.append("<column><name>c").append(i).append("</name><dataType xsi:type=\"vs:VOTableType\">int</dataType>"
                    + "</column>");
        }
        doc.append("</vosi:table>");
        Response r = TestApp.client().target("http://127.0.0.1:" + app.getLocalPort()).path("tables/" + name).request()
                .header("Authorization", "Bearer " + TestApp.tokenOf("alice")).put(Entity.entity(doc.toString(), "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    @Test
    void twentyJobsSubmittedToTwoInstancesEachRunExactlyOnce() {
        create(a, "user_alice.wide", 20);
        UwsClient onA = new UwsClient(a.getLocalPort(), "alice");
        UwsClient onB = new UwsClient(b.getLocalPort(), "alice");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UwsClient to = i % 2 == 0 ? onA : onB;
            jobs.add(to.create("table-update", Map.of("table", "user_alice.wide", "index", "c" + i, "PHASE", "RUN")));
        }
        for (int i = 0; i < 20; i++) {
            // waited on the other instance than the one that took it: a WAIT hears changes made anywhere
            UwsClient other = i % 2 == 0 ? onB : onA;
            String path = jobs.get(i).substring(jobs.get(i).indexOf("table-update/"));
            UwsClient.Job done = other.waitFinal(path);
            assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        }
        int built = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'wide'")
                .mapTo(Integer.class).one());
        assertThat(built).isEqualTo(20);
        int audited = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM felicette.audit_log WHERE action = "
                + "'index' AND object_name = 'user_alice.wide'").mapTo(Integer.class).one());
        assertThat(audited).as("each job ran once").isEqualTo(20);
        int flagged = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM tap_schema.columns11 WHERE table_name = "
                + "'user_alice.wide' AND indexed = 1").mapTo(Integer.class).one());
        assertThat(flagged).isEqualTo(20);
        List<String> instances = JDBI.withHandle(h -> h.createQuery("SELECT DISTINCT instance FROM felicette.jobs WHERE "
                + "parameters->>'table' = 'user_alice.wide'").mapTo(String.class).list());
        assertThat(instances).isNotEmpty().doesNotContainNull();
    }

    @Test
    void aJobToldToRunStartsOnTheInstanceThatWasToldWhenItHasAWorkerFree() {
        create(a, "user_alice.here", 10);
        Map<String, DropwizardTestSupport<FelicetteConfiguration>> to = Map.of("a", a, "b", b);
        for (int i = 0; i < 10; i++) {
            DropwizardTestSupport<FelicetteConfiguration> receiving = i % 3 == 0 ? to.get("a") : to.get("b");
            UwsClient client = new UwsClient(receiving.getLocalPort(), "alice");
            String job = client.create("table-update", Map.of("table", "user_alice.here", "index", "c" + i, "PHASE",
                    "RUN"));
            assertThat(client.waitFinal(job.substring(job.indexOf("table-update/"))).phase()).isEqualTo("COMPLETED");
            String id = job.substring(job.lastIndexOf('/') + 1);
            String ranOn = JDBI.withHandle(h -> h.createQuery("SELECT instance FROM felicette.jobs WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(ranOn).as("job %d", i).isEqualTo(receiving.getEnvironment().getApplicationContext()
                    .getAttribute("felicette.instance"));
        }
    }

    @Test
    void aJobToldToRunOnAnInstanceWithoutWorkersIsQueuedForAnother() throws Exception {
        DropwizardTestSupport<FelicetteConfiguration> none = start("none.", "jobs.workers", "0");
        try {
            create(none, "user_alice.elsewhere", 1);
            UwsClient client = new UwsClient(none.getLocalPort(), "alice");
            String job = client.create("table-update", Map.of("table", "user_alice.elsewhere", "index", "c0", "PHASE",
                    "RUN"));
            assertThat(client.waitFinal(job.substring(job.indexOf("table-update/"))).phase()).isEqualTo("COMPLETED");
            String id = job.substring(job.lastIndexOf('/') + 1);
            String ranOn = JDBI.withHandle(h -> h.createQuery("SELECT instance FROM felicette.jobs WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(ranOn).isIn(a.getEnvironment().getApplicationContext().getAttribute("felicette.instance"),
                    b.getEnvironment().getApplicationContext().getAttribute("felicette.instance"));
        } finally {
            none.after();
        }
    }

    @Test
    void aJobWhoseInstanceStoppedMidWayEndsInErrorAndNeverStaysExecuting() throws Exception {
        DropwizardTestSupport<FelicetteConfiguration> idle = start("idle.", "jobs.workers", "0");
        try {
            create(idle, "user_alice.held", 1);
            try (Handle writer = JDBI.open()) {
                writer.begin();
                writer.execute("LOCK TABLE user_alice.held IN ROW EXCLUSIVE MODE"); // the build waits on it
                UwsClient onIdle = new UwsClient(idle.getLocalPort(), "alice");
                String job = onIdle.create("table-update", Map.of("table", "user_alice.held", "index", "c0",
                        "PHASE", "RUN"));
                UwsClient.Job running = null;
                for (int i = 0; i < 100; i++) {
                    running = onIdle.job(job);
                    if (running.phase().equals("EXECUTING")) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertThat(running.phase()).isEqualTo("EXECUTING");
                String runningId = running.id();
                String instance = JDBI.withHandle(h -> h.createQuery("SELECT instance FROM felicette.jobs WHERE id = :id")
                        .bind("id", runningId).mapTo(String.class).one());
                // stop whichever of a and b runs it; the job must end, not stay EXECUTING
                DropwizardTestSupport<FelicetteConfiguration> runner = instance.equals(name(a)) ? a : b;
                runner.after();
                UwsClient.Job ended = onIdle.job(job);
                assertThat(ended.phase()).isEqualTo("ERROR");
                assertThat(ended.error()).contains("interrupted").contains("please resubmit");
                assertThat(ended.xml()).contains("type=\"transient\"");
                writer.rollback();
                if (runner == a) {
                    a = start("a.");
                } else {
                    b = start("b.");
                }
            }
        } finally {
            idle.after();
        }
    }

    static String name(DropwizardTestSupport<FelicetteConfiguration> app) {
        return app.getEnvironment().getApplicationContext().getAttribute("felicette.instance").toString();
    }

    @Test
    void aJobOfAnInstanceThatDiedIsEndedWhenItsLeaseRunsOut() throws Exception {
        JobDao dao = JDBI.onDemand(JobDao.class);
        String id = Jobs.newId();
        dao.insert(id, "table-update", "alice", "{\"table\": \"x.y\", \"index\": \"z\"}", 0,
                Instant.now().plusSeconds(3600), "{\"user\": \"alice\"}");
        // claimed by an instance that then died: nobody renews its two-second lease
        JDBI.useHandle(h -> h.execute("UPDATE felicette.jobs SET phase = 'EXECUTING', instance = 'dead', started_at = now(), "
                + "lease_until = now() + interval '1 second' WHERE id = ?", id));
        UwsClient uws = new UwsClient(a.getLocalPort(), "alice");
        UwsClient.Job ended = null;
        for (int i = 0; i < 100; i++) {
            ended = uws.job("table-update/" + id);
            if (!ended.phase().equals("EXECUTING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(ended.phase()).isEqualTo("ERROR");
        assertThat(ended.error()).contains("interrupted").contains("please resubmit");
    }

    @Test
    void theSweeperDeletesAJobPastItsDestruction() throws Exception {
        create(a, "user_alice.swept", 1);
        UwsClient uws = new UwsClient(b.getLocalPort(), "alice");
        String job = uws.create("table-update", Map.of("table", "user_alice.swept", "index", "c0"));
        assertThat(uws.post(job + "/destruction", Map.of("DESTRUCTION", Instant.now().plusSeconds(1).toString()))
                .statusCode()).isEqualTo(303);
        int status = 200;
        for (int i = 0; i < 100 && status == 200; i++) {
            Thread.sleep(100);
            status = uws.get(job).statusCode();
        }
        assertThat(status).as("deleted by a sweep").isEqualTo(404);
    }
}
