package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The role ADQL queries run as: made and granted at start, it reads TAP_SCHEMA, user schemas,
 * uploads and published schemas, and nothing of the service's own (jobs, results, tokens) even
 * when SQL names them directly, past any translator; something served later is granted when a
 * query first meets it; where the service may not make roles, queries run as its own.
 */
class QueryRoleTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final Viewer ALICE = new Viewer("alice", new String[0], false);

    static List<Object[]> run(QueryRunner runner, String sql) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        runner.run(sql, Set.of(), ALICE, 10_000, QueryRunner.SessionWatch.NONE, values -> rows.add(values));
        return rows;
    }

    @Test
    void queriesRunAsTheRoleAndReadWhatIsServedButNothingOfTheServicesOwn() throws Exception {
        JDBI.useHandle(h -> h.execute("CREATE SCHEMA IF NOT EXISTS user_alice; CREATE TABLE user_alice.mine (x int); "
                + "INSERT INTO user_alice.mine VALUES (7)"));
        Db db = Db.of(JDBI);
        assertThat(QueryRole.prepare(db, "felicette_query")).isEqualTo("felicette_query");
        QueryRunner runner = new QueryRunner(db, "felicette_query");
        assertThat(run(runner, "SELECT current_user").get(0)[0]).isEqualTo("felicette_query");
        assertThat(run(runner, "SELECT x FROM user_alice.mine").get(0)[0]).isEqualTo(7);
        assertThat(run(runner, "SELECT count(*) FROM tap_schema.tables11")).hasSize(1);
        for (String internal : new String[] {"SELECT * FROM felicette.jobs", "SELECT * FROM felicette.job_results",
            "SELECT * FROM felicette.audit_log", "SELECT * FROM felicette.databasechangelog"}) {
            assertThatThrownBy(() -> run(runner, internal)).as(internal).hasMessageContaining("may not read");
        }
        // the service's own role reads them: the refusal is the role's, not a missing table
        assertThat(run(new QueryRunner(db, null), "SELECT count(*) FROM felicette.jobs")).hasSize(1);
    }

    @Test
    void aSchemaPublishedAfterTheStartIsGrantedWhenAQueryFirstMeetsIt() throws Exception {
        Db db = Db.of(JDBI);
        QueryRole.prepare(db, "felicette_query");
        JDBI.useHandle(h -> h.execute("CREATE SCHEMA late_survey; CREATE TABLE late_survey.objects (id int); "
                + "INSERT INTO late_survey.objects VALUES (1), (2)"));
        QueryRunner runner = new QueryRunner(db, "felicette_query");
        // not published: never granted, whatever SQL names it
        assertThatThrownBy(() -> run(runner, "SELECT count(*) FROM late_survey.objects"))
                .hasMessageContaining("may not read");
        JDBI.useHandle(h -> h.execute("INSERT INTO tap_schema.schemas11 (schema_name) VALUES ('late_survey')"));
        assertThat(run(runner, "SELECT count(*) FROM late_survey.objects").get(0)[0]).isEqualTo(2L);
    }

    @Test
    void whereTheServiceMayNotMakeRolesQueriesRunAsItsOwn() throws Exception {
        JDBI.useHandle(h -> h.execute("""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plain_service') THEN
                        CREATE ROLE plain_service LOGIN;
                    END IF;
                END $$"""));
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setUrl(TestDatabase.jdbcUrl(DATABASE));
        plain.setUser("plain_service");
        assertThat(QueryRole.prepare(Db.over(plain), "role_nobody_made")).isNull();
        int made = JDBI.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_roles WHERE rolname = "
                + "'role_nobody_made'").mapTo(Integer.class).one());
        assertThat(made).isZero();
        assertThatThrownBy(() -> QueryRole.prepare(Db.over(plain), "Bad Name")).hasMessageContaining("query.role");
    }
}
