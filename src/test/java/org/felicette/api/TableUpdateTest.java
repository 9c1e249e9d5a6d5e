package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /table-update}: index builds as pyvo's {@code create_index} drives them, as UWS 1.1 jobs. */
@ExtendWith(DropwizardExtensionsSupport.class)
class TableUpdateTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE,
            ConfigOverride.config("jobs.heartbeatMillis", "200"));
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    static UwsClient as(String user) {
        return new UwsClient(APP.getLocalPort(), user);
    }

    static void create(String user, String name, String[]... columns) {
        Response r = TestApp.as(user, TestApp.target(APP, "tables/" + name)).put(Entity.entity(
                LoadTest.table(name, columns), "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static void load(String user, String name, String csv) {
        Response r = TestApp.as(user, TestApp.target(APP, "load/" + name)).post(Entity.entity(csv, "text/csv"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(200);
    }

    /** pyvo's create_index: the POST (no redirects followed), then run and wait; the job's last document. */
    static UwsClient.Job createIndex(String user, String table, String column, boolean unique) {
        UwsClient uws = as(user);
        String job = uws.create("table-update", Map.of("table", table, "index", column, "unique",
                unique ? "true" : "false"));
        UwsClient.Job pending = uws.job(job);
        assertThat(pending.phase()).isEqualTo("PENDING");
        return uws.runAndWait(job);
    }

    /** Whether the database holds an index of this name. */
    static boolean indexNamed(String database, String name) {
        return TestDatabase.jdbi(database).withHandle(h -> h.createQuery(
                "SELECT count(*) FROM pg_indexes WHERE indexname = :n").bind("n", name).mapTo(Integer.class).one()) == 1;
    }

    static boolean indexExists(String name) {
        return indexNamed(DATABASE, name);
    }

    static String tableDocument(String user, String table) {
        return TestApp.as(user, TestApp.target(APP, "tables/" + table)).get(String.class);
    }

    @BeforeAll
    static void tables() {
        create("alice", "user_alice.stars", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"}, new String[] {"name", "char", "*"});
        load("alice", "user_alice.stars", "id,ra,dec,name\n1,10.5,-3.25,a\n2,11.5,-4.5,b\n3,10.5,-5,c\n");
    }

    @Test
    void pyvoCreateIndexBuildsTheIndexAndFlagsTheColumnIndexed() {
        assertThat(idColumn(tableDocument("alice", "user_alice.stars"))).doesNotContain("<flag>indexed</flag>");
        UwsClient.Job done = createIndex("alice", "user_alice.stars", "ID", false); // names without case
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(done.owner()).isEqualTo("alice");
        assertThat(done.parameters()).containsEntry("table", "user_alice.stars").containsEntry("index", "ID");
        assertThat(done.results().get("table")).endsWith("/tables/user_alice.stars");
        assertThat(indexExists("stars_id_idx")).isTrue();
        assertThat(idColumn(tableDocument("alice", "user_alice.stars"))).contains("<flag>indexed</flag>");
        Integer flag = JDBI.withHandle(h -> h.createQuery("SELECT indexed FROM tap_schema.columns11 WHERE "
                + "table_name = 'user_alice.stars' AND column_name = 'id'").mapTo(Integer.class).one());
        assertThat(flag).isEqualTo(1);
    }

    @Test
    void aUniqueIndexIsBuiltUniqueAndOneOverDuplicatesEndsInErrorNamingAValue() {
        UwsClient.Job unique = createIndex("alice", "user_alice.stars", "name", true);
        assertThat(unique.phase()).as(unique.xml()).isEqualTo("COMPLETED");
        Boolean isUnique = JDBI.withHandle(h -> h.createQuery("SELECT indisunique FROM pg_index WHERE indexrelid = "
                + "'user_alice.stars_name_uidx'::regclass").mapTo(Boolean.class).one());
        assertThat(isUnique).isTrue();

        UwsClient.Job duplicates = createIndex("alice", "user_alice.stars", "ra", true);
        assertThat(duplicates.phase()).isEqualTo("ERROR");
        assertThat(duplicates.error()).contains("user_alice.stars").contains("(ra)=(10.5)");
        assertThat(indexExists("stars_ra_uidx")).as("no invalid index is left").isFalse();
    }

    @Test
    void aCompositeIndexIsBuiltAndFlagsNoColumn() {
        UwsClient.Job done = createIndex("alice", "user_alice.stars", "ra, dec", false);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        assertThat(indexExists("stars_ra_dec_idx")).isTrue();
        List<Integer> flags = JDBI.withHandle(h -> h.createQuery("SELECT indexed FROM tap_schema.columns11 WHERE "
                + "table_name = 'user_alice.stars' AND column_name IN ('ra', 'dec')").mapTo(Integer.class).list());
        assertThat(flags).containsOnly(0);
    }

    @Test
    void mistakesEndTheJobInErrorWithTheirMessage() {
        assertThat(createIndex("alice", "user_alice.stars", "nope", false).error())
                .contains("column 'nope' not found in table user_alice.stars").contains("id, ra, dec, name");
        assertThat(createIndex("alice", "user_alice.nothing", "id", false).error())
                .contains("no table or schema 'user_alice.nothing'");
        // bob sees nothing of alice's private table; a table he may read but not write is refused too
        assertThat(createIndex("bob", "user_alice.stars", "id", false).error())
                .contains("no table or schema 'user_alice.stars'");
        create("alice", "user_alice.twice", new String[] {"x", "int"});
        assertThat(createIndex("alice", "user_alice.twice", "x", false).phase()).isEqualTo("COMPLETED");
        assertThat(createIndex("alice", "user_alice.twice", "x", false).error())
                .isEqualTo("index twice_x_idx already exists on table user_alice.twice");
    }

    /** As YouCat: an index on an array column ends the job in ERROR (ADQL compares no arrays); a string is no array. */
    @Test
    void anIndexOnAnArrayColumnEndsInErrorAndAStringColumnIsIndexed() {
        create("alice", "user_alice.arrays", new String[] {"vals", "double", "*"}, new String[] {"label", "char", "16*"});
        UwsClient.Job refused = createIndex("alice", "user_alice.arrays", "vals", false);
        assertThat(refused.phase()).isEqualTo("ERROR");
        assertThat(refused.error()).contains("column vals is an array (double[*])").contains("ADQL compares no arrays");
        assertThat(indexExists("arrays_vals_idx")).isFalse();
        assertThat(createIndex("alice", "user_alice.arrays", "label", false).phase()).isEqualTo("COMPLETED");
    }

    @Test
    void phaseRunInTheCreatingPostQueuesTheJobAtOnce() {
        create("alice", "user_alice.quick", new String[] {"x", "int"});
        UwsClient uws = as("alice");
        String job = uws.create("table-update", Map.of("table", "user_alice.quick", "index", "x", "PHASE", "RUN"));
        UwsClient.Job done = uws.waitFinal(job);
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
    }

    @Test
    void aRequestMissingItsPartsIsA400AtOnce() {
        UwsClient uws = as("alice");
        HttpResponse<String> noIndex = uws.post("table-update", Map.of("table", "user_alice.stars"));
        assertThat(noIndex.statusCode()).isEqualTo(400);
        assertThat(noIndex.body()).contains("missing parameter 'index'");
        assertThat(uws.post("table-update", Map.of("index", "id")).body()).contains("missing parameter 'table'");
        assertThat(uws.post("table-update", Map.of("table", "t.t", "index", "id", "unique", "maybe")).body())
                .contains("'unique' is 'maybe'");
        assertThat(as(null).post("table-update", Map.of("table", "t.t", "index", "id")).statusCode()).isEqualTo(401);
        String many = String.join(",", java.util.stream.IntStream.range(0, 33).mapToObj(i -> "c" + i).toList());
        assertThat(uws.post("table-update", Map.of("table", "t.t", "index", many)).body())
                .contains("an index takes at most 32 columns, not 33");
    }

    @Test
    void onlyTheOwnerOrAnAdminSeesAJob() {
        UwsClient alice = as("alice");
        String job = alice.create("table-update", Map.of("table", "user_alice.stars", "index", "dec"));
        String path = job.substring(job.indexOf("table-update/"));
        assertThat(as("bob").get(path).statusCode()).isEqualTo(404);
        assertThat(as("bob").post(path + "/phase", Map.of("PHASE", "RUN")).statusCode()).isEqualTo(404);
        assertThat(as(null).get(path).statusCode()).isEqualTo(404);
        assertThat(as("root").get(path).statusCode()).isEqualTo(200);
        assertThat(as("alice").get("table-update/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
        assertThat(as("alice").get("table-update/../tables").statusCode()).isIn(400, 404);
    }

    @Test
    void theJobsResourcesAnswerAsUwsSays() {
        UwsClient uws = as("alice");
        String job = uws.create("table-update", Map.of("table", "user_alice.stars", "index", "name,id"));
        assertThat(uws.get(job + "/phase").body()).isEqualTo("PENDING");
        assertThat(uws.get(job + "/owner").body()).isEqualTo("alice");
        assertThat(uws.get(job + "/quote").body()).isEmpty();
        assertThat(uws.get(job + "/executionduration").body()).isEqualTo("86400");
        assertThat(uws.post(job + "/executionduration", Map.of("EXECUTIONDURATION", "600")).statusCode()).isEqualTo(303);
        assertThat(uws.get(job + "/executionduration").body()).isEqualTo("600");
        assertThat(uws.post(job + "/executionduration", Map.of("EXECUTIONDURATION", "soon")).statusCode()).isEqualTo(400);
        assertThat(uws.post(job + "/destruction", Map.of("DESTRUCTION", "2030-01-02T03:04:05.000")).statusCode())
                .isEqualTo(303);
        assertThat(uws.get(job + "/destruction").body()).startsWith("20"); // capped at the service's most
        String soon = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS).toString();
        assertThat(uws.post(job + "/destruction", Map.of("DESTRUCTION", soon)).statusCode()).isEqualTo(303);
        assertThat(uws.get(job + "/destruction").body()).isEqualTo(soon);
        HttpResponse<String> parameters = uws.get(job + "/parameters");
        assertThat(parameters.body()).contains("<uws:parameter id=\"index\">name,id</uws:parameter>");
        assertThat(uws.post(job + "/parameters", Map.of("unique", "true")).statusCode()).isEqualTo(303);
        assertThat(uws.job(job).parameters()).containsEntry("unique", "true");
        assertThat(uws.get(job + "/results").body()).contains("<uws:results");
        assertThat(uws.get(job + "/error").statusCode()).isEqualTo(404);
        assertThat(uws.post(job + "/phase", Map.of("PHASE", "SOON")).statusCode()).isEqualTo(400);
        assertThat(uws.get(job, "application/json").body()).contains("\"phase\":\"PENDING\"");

        HttpResponse<String> deleted = uws.post(job, Map.of("ACTION", "DELETE"));
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/table-update");
        assertThat(uws.get(job).statusCode()).isEqualTo(404);
        String other = uws.create("table-update", Map.of("table", "user_alice.stars", "index", "dec"));
        assertThat(uws.delete(other).statusCode()).isEqualTo(303);
        assertThat(uws.get(other).statusCode()).isEqualTo(404);
    }

    @Test
    void theJobListFiltersByPhaseAfterAndLast() {
        UwsClient uws = as("carol");
        create("carol", "user_carol.list", new String[] {"x", "int"}, new String[] {"y", "int"});
        String pending = uws.create("table-update", Map.of("table", "user_carol.list", "index", "x"));
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("table", "user_carol.list", "index", "y")));
        assertThat(done.phase()).isEqualTo("COMPLETED");
        String all = uws.get("table-update").body();
        UwsClient.assertValid(all);
        assertThat(all).contains("xlink:href=\"" + pending + "\"");
        assertThat(all).contains(id(pending)).contains(done.id());
        String completed = uws.get("table-update?PHASE=COMPLETED").body();
        assertThat(completed).contains(done.id()).doesNotContain(id(pending));
        assertThat(uws.get("table-update?PHASE=PENDING&PHASE=ERROR").body()).contains(id(pending))
                .doesNotContain(done.id());
        assertThat(uws.get("table-update?LAST=1").body()).contains(done.id()).doesNotContain(id(pending));
        assertThat(uws.get("table-update?AFTER=2100-01-01T00:00:00Z").body()).doesNotContain("jobref");
        assertThat(as("bob").get("table-update").body()).doesNotContain(done.id());
        assertThat(uws.get("table-update?LAST=0").statusCode()).isEqualTo(400);
        assertThat(uws.get("table-update?PHASE=NEARLY").statusCode()).isEqualTo(400);
    }

    /** A connection holding a writer's lock on a table: a concurrent index build waits for it (as for any writer). */
    static org.jdbi.v3.core.Handle writerOn(String table) {
        org.jdbi.v3.core.Handle h = JDBI.open();
        h.begin();
        h.execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
        return h;
    }

    /** Waits (a bounded number of WAITs) until the job is EXECUTING; its document then. */
    static UwsClient.Job executing(UwsClient uws, String job) {
        for (int i = 0; i < 50; i++) {
            UwsClient.Job doc = uws.job(job + "?WAIT=5&PHASE=QUEUED");
            if (doc.phase().equals("EXECUTING")) {
                return doc;
            }
        }
        throw new AssertionError("job " + job + " never started");
    }

    @Test
    void abortCancelsARunningBuildAndWaitReturnsAtTheChange() throws Exception {
        create("alice", "user_alice.slow", new String[] {"x", "int"});
        UwsClient uws = as("alice");
        String job = uws.create("table-update", Map.of("table", "user_alice.slow", "index", "x"));
        try (org.jdbi.v3.core.Handle writer = writerOn("user_alice.slow")) {
            uws.runAndWaitless(job);
            UwsClient.Job running = executing(uws, job);
            // the build waits for the writer: its progress says so, from PostgreSQL's own report
            for (int i = 0; i < 50 && (running.progress() == null
                    || !running.progress().getAttribute("message").contains("waiting")); i++) {
                Thread.sleep(100);
                running = uws.job(job);
            }
            assertThat(running.progress().getAttribute("message")).contains("building index: waiting for");
            java.util.concurrent.CompletableFuture<UwsClient.Job> waiting = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> uws.job(job + "?WAIT=50"));
            Thread.sleep(300); // let the WAIT begin
            assertThat(waiting).isNotDone();
            long start = System.nanoTime();
            assertThat(uws.post(job + "/phase", Map.of("PHASE", "ABORT")).statusCode()).isEqualTo(303);
            UwsClient.Job after = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(after.phase()).isEqualTo("ABORTED");
            assertThat((System.nanoTime() - start) / 1e9).as("WAIT returned at the change, not at its end")
                    .isLessThan(40);
            writer.rollback();
        }
        for (int i = 0; i < 100 && indexExists("slow_x_idx"); i++) {
            Thread.sleep(100);
        }
        assertThat(indexExists("slow_x_idx")).as("the invalid index of the cancelled build is dropped").isFalse();
        assertThat(uws.job(job).phase()).isEqualTo("ABORTED");
        // and the column was not flagged
        assertThat((int) JDBI.withHandle(h -> h.createQuery("SELECT indexed FROM tap_schema.columns11 WHERE "
                + "table_name = 'user_alice.slow'").mapTo(Integer.class).one())).isZero();
    }

    @Test
    void aBuildPastItsExecutionDurationIsStoppedAndEndsInError() throws Exception {
        create("alice", "user_alice.overdue", new String[] {"x", "int"});
        UwsClient uws = as("alice");
        String job = uws.create("table-update", Map.of("table", "user_alice.overdue", "index", "x"));
        assertThat(uws.post(job + "/executionduration", Map.of("EXECUTIONDURATION", "1")).statusCode()).isEqualTo(303);
        UwsClient.Job done;
        try (org.jdbi.v3.core.Handle writer = writerOn("user_alice.overdue")) {
            done = uws.runAndWait(job);
            writer.rollback();
        }
        assertThat(done.phase()).isEqualTo("ERROR");
        assertThat(done.error()).contains("execution duration of 1 s");
        for (int i = 0; i < 100 && indexExists("overdue_x_idx"); i++) {
            Thread.sleep(100);
        }
        assertThat(indexExists("overdue_x_idx")).isFalse();
    }

    @Test
    void ingestDescribesATableThatExistsInTheDatabaseAndADropLeavesIt() {
        JDBI.useHandle(h -> h.execute("CREATE TABLE user_alice.raw (id bigint NOT NULL, name varchar(20), "
                + "seen timestamp, vals double precision[], code char(3), ok boolean)"));
        UwsClient uws = as("alice");
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table",
                "user_alice.raw")));
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        String xml = tableDocument("alice", "user_alice.raw");
        assertThat(xml).contains("<name>id</name><dataType xsi:type=\"vs:VOTableType\">long</dataType>")
                .contains("<name>name</name><dataType xsi:type=\"vs:VOTableType\" arraysize=\"20*\">char</dataType>")
                .contains("arraysize=\"*\" extendedType=\"timestamp\">char</dataType>")
                .contains("<name>vals</name><dataType xsi:type=\"vs:VOTableType\" arraysize=\"*\">double</dataType>")
                .contains("<name>code</name><dataType xsi:type=\"vs:VOTableType\" arraysize=\"3\">char</dataType>");
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables/user_alice.raw")).get().getStatus()).isEqualTo(404);
        // rows can be loaded into it as into any table of alice's
        load("alice", "user_alice.raw", "id,name,ok\n7,seven,T\n");
        // dropping it through the API removes its description only: the table was not made here
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.raw")).delete().getStatus()).isEqualTo(204);
        assertThat((int) JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM user_alice.raw").mapTo(Integer.class).one()))
                .isEqualTo(1);
        UwsClient.Job again = uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table",
                "user_alice.raw")));
        assertThat(again.phase()).isEqualTo("COMPLETED");
        assertThat(uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table", "user_alice.raw")))
                .error()).contains("already in TAP_SCHEMA");
    }

    @Test
    void ingestRefusesATypeVotableCannotHoldNamingTheColumn() {
        JDBI.useHandle(h -> h.execute("CREATE TABLE user_alice.money (id int, amount numeric(10,2))"));
        UwsClient uws = as("alice");
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table",
                "user_alice.money")));
        assertThat(done.phase()).isEqualTo("ERROR");
        assertThat(done.error()).contains("column amount: type numeric(10,2) has no VOTable datatype");
        assertThat((int) JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM tap_schema.tables11 WHERE table_name = "
                + "'user_alice.money'").mapTo(Integer.class).one())).isZero();
        assertThat(uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table", "user_alice.ghost")))
                .error()).contains("no table or view user_alice.ghost");
    }

    @Test
    void onlyAnAdminOrTheSchemaOwnerMayIngest() {
        JDBI.useHandle(h -> h.execute("CREATE TABLE user_alice.theirs (id int)"));
        UwsClient.Job refused = as("bob").runAndWait(as("bob").create("table-update", Map.of("ingest", "true",
                "table", "user_alice.theirs")));
        assertThat(refused.error()).contains("only an admin or the owner of schema 'user_alice'");
        UwsClient.Job admin = as("root").runAndWait(as("root").create("table-update", Map.of("ingest", "true",
                "table", "user_alice.theirs")));
        assertThat(admin.phase()).as(admin.xml()).isEqualTo("COMPLETED");
    }

    @Test
    void ingestWithViewRecordsTheViewOfItsTableAndLoadsIntoItAreRefused() {
        JDBI.useHandle(h -> h.execute("CREATE VIEW user_alice.bright AS SELECT id, ra FROM user_alice.stars"));
        UwsClient uws = as("alice");
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table",
                "user_alice.stars", "view", "user_alice.bright")));
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        Map<String, Object> row = JDBI.withHandle(h -> h.createQuery("SELECT table_type, view_target FROM "
                + "tap_schema.tables11 WHERE table_name = 'user_alice.bright'").mapToMap().one());
        assertThat(row).containsEntry("table_type", "view").containsEntry("view_target", "user_alice.stars");
        Response load = TestApp.as("alice", TestApp.target(APP, "load/user_alice.bright"))
                .post(Entity.entity("id,ra\n1,2\n", "text/csv"));
        assertThat(load.getStatus()).isEqualTo(400);
        assertThat(load.readEntity(String.class)).contains("'user_alice.bright' is a view, read-only");
        JDBI.useHandle(h -> h.execute("CREATE TABLE user_alice.plain (id int)"));
        assertThat(uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table", "user_alice.stars",
                "view", "user_alice.plain"))).error()).contains("is a table, not a view");
    }

    /** As YouCat's testIngestViewWithOtherSchema: the view in the caller's schema, its table in another they may read. */
    @Test
    void aViewOfATableOfAnotherSchemaIsIngestedWithItsTarget() {
        create("bob", "user_bob.shared", new String[] {"id", "long"}, new String[] {"note", "char", "*"});
        assertThat(TestApp.as("bob", TestApp.target(APP, "permissions/user_bob.shared"))
                .post(Entity.entity("public=true\n", "text/plain")).getStatus()).isEqualTo(200);
        JDBI.useHandle(h -> h.execute("CREATE VIEW user_alice.bobs AS SELECT id, note FROM user_bob.shared"));
        UwsClient uws = as("alice");
        UwsClient.Job done = uws.runAndWait(uws.create("table-update", Map.of("ingest", "true", "table",
                "user_bob.shared", "view", "user_alice.bobs")));
        assertThat(done.phase()).as(done.xml()).isEqualTo("COMPLETED");
        Map<String, Object> row = JDBI.withHandle(h -> h.createQuery("SELECT table_type, view_target FROM "
                + "tap_schema.tables11 WHERE table_name = 'user_alice.bobs'").mapToMap().one());
        assertThat(row).containsEntry("table_type", "view").containsEntry("view_target", "user_bob.shared");
        assertThat(tableDocument("alice", "user_alice.bobs")).contains("<name>note</name>");
    }

    @Test
    void spatialIndexesNeedPgSphereAndSayWhenItIsMissingAndXyIsABtree() {
        UwsClient uws = as("alice");
        UwsClient.Job spatial = uws.runAndWait(uws.create("table-update", Map.of("table", "user_alice.stars",
                "index", "ra,dec", "INDEX_TYPE", "long-lat")));
        assertThat(spatial.phase()).isEqualTo("ERROR");
        assertThat(spatial.error()).contains("needs the pg_sphere extension, which this database does not have");
        UwsClient.Job xy = uws.runAndWait(uws.create("table-update", Map.of("table", "user_alice.stars",
                "index", "ra,dec", "index_type", "x-y")));
        assertThat(xy.phase()).as(xy.xml()).isEqualTo("COMPLETED");
        String definition = JDBI.withHandle(h -> h.createQuery("SELECT indexdef FROM pg_indexes WHERE indexname = "
                + "'stars_ra_dec_xy'").mapTo(String.class).one());
        assertThat(definition).contains("USING btree (ra, \"dec\")");
        assertThat(uws.post("table-update", Map.of("table", "user_alice.stars", "index", "ra", "INDEX_TYPE",
                "long-lat")).body()).contains("takes two columns");
        assertThat(uws.post("table-update", Map.of("table", "user_alice.stars", "index", "ra,dec", "INDEX_TYPE",
                "healpix")).body()).contains("INDEX_TYPE 'healpix' is not known");
        assertThat(uws.runAndWait(uws.create("table-update", Map.of("table", "user_alice.stars", "index", "ra,name",
                "INDEX_TYPE", "x-y"))).error()).contains("needs numeric scalar columns; name is char[*]");
    }

    @Test
    void aCallerWhoMayReadButNotWriteTheTableGetsAnErrorSayingSo() {
        create("alice", "user_alice.shared", new String[] {"x", "int"});
        Response shared = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.shared"))
                .post(Entity.entity("r-group=astro\n", "text/plain"));
        assertThat(shared.getStatus()).isLessThan(300);
        UwsClient.Job refused = createIndex("bob", "user_alice.shared", "x", false); // bob is in astro
        assertThat(refused.phase()).isEqualTo("ERROR");
        assertThat(refused.error()).isEqualTo("you may not change table 'user_alice.shared'");
        assertThat(indexExists("shared_x_idx")).isFalse();
    }

    @Test
    void theCapabilitiesListTableUpdateAndTheSmallerDocumentsAreValidUws() {
        String capabilities = TestApp.target(APP, "capabilities").request().get(String.class);
        assertThat(capabilities).contains("ivo://ivoa.net/std/VOSI#table-update-async-1.x")
                .contains("/table-update</accessURL>");
        UwsClient uws = as("alice");
        create("alice", "user_alice.caps", new String[] {"x", "int"});
        UwsClient.Job done = createIndex("alice", "user_alice.caps", "x", false);
        String job = uws.base() + "table-update/" + done.id();
        UwsClient.assertValid(uws.get(job + "/parameters").body());
        String results = uws.get(job + "/results").body();
        UwsClient.assertValid(results);
        assertThat(results).contains("xlink:href=\"" + uws.base() + "tables/user_alice.caps\"");
    }

    static String idColumn(String xml) {
        return xml.substring(xml.indexOf("<name>id</name>"), xml.indexOf("</column>", xml.indexOf("<name>id</name>")));
    }

    static String id(String jobUrl) {
        return jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
    }
}
