package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /tables/{name}/distribution}: Qserv's partitioning hints, kept with a user table's metadata. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DistributionTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);

    static void create(String user, String name, String[]... columns) {
        Response r = TestApp.as(user, TestApp.target(APP, "tables/" + name)).put(Entity.entity(
                LoadTest.table(name, columns), "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    static Response put(String user, String table, String json) {
        return TestApp.as(user, TestApp.target(APP, "tables/" + table + "/distribution"))
                .put(Entity.entity(json, "application/json"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> get(String user, String table) {
        return TestApp.as(user, TestApp.target(APP, "tables/" + table + "/distribution")).get(Map.class);
    }

    static Map<?, ?> view(String user, String table) {
        return TestApp.as(user, TestApp.target(APP, "tables/" + table)).accept("application/json").get(Map.class);
    }

    /** A 400 whose message holds all of these. */
    static void refused(Response r, String... words) {
        String body = r.readEntity(String.class);
        assertThat(r.getStatus()).as(body).isEqualTo(400);
        assertThat(body).contains(words).doesNotContain("Exception", "SQL");
    }

    @BeforeAll
    static void tables() {
        create("alice", "user_alice.stars", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"}, new String[] {"name", "char", "*"}, new String[] {"mag", "float"});
        create("alice", "user_alice.sources", new String[] {"source_id", "long"}, new String[] {"star_id", "long"},
                new String[] {"flux", "float"}, new String[] {"small_id", "int"});
    }

    @Test
    void aDirectorTableIsDescribedReadBackAndShownInTheTablesJsonView() {
        Response before = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars"))
                .accept("application/json").get();
        String tagBefore = before.getHeaderString("ETag");
        assertThat(((Map<?, ?>) before.readEntity(Map.class).get("distribution")).get("is_partitioned"))
                .isEqualTo(false);

        Response r = put("alice", "user_alice.stars", """
                {"is_partitioned": 1, "is_director": true, "id_col_name": "ID",
                 "longitude_col_name": "ra", "latitude_col_name": "Dec"}""");
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = r.readEntity(Map.class);
        assertThat(r.getStatus()).as(stored.toString()).isEqualTo(200);
        // the columns' names as the table has them
        assertThat(stored).containsEntry("is_partitioned", true).containsEntry("is_director", true)
                .containsEntry("id_col_name", "id").containsEntry("longitude_col_name", "ra")
                .containsEntry("latitude_col_name", "dec").containsEntry("ref_director_table", null);
        assertThat(get("alice", "user_alice.stars")).isEqualTo(stored);

        Response after = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars"))
                .accept("application/json").get();
        assertThat(after.getHeaderString("ETag")).isNotEqualTo(tagBefore);
        assertThat(after.readEntity(Map.class).get("distribution")).isEqualTo(stored);
    }

    @Test
    void aDependentTableFollowsItsDirectorAndCanBeGivenAsAFormLikeQservs() {
        put("alice", "user_alice.stars", """
                {"is_partitioned": true, "is_director": true, "id_col_name": "id",
                 "longitude_col_name": "ra", "latitude_col_name": "dec"}""").close();
        Form form = new Form().param("is_partitioned", "1").param("is_director", "0").param("id_col_name", "star_id")
                .param("ref_director_table", "USER_ALICE.STARS").param("ref_director_id_col_name", "id");
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.sources/distribution"))
                .put(Entity.form(form));
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = r.readEntity(Map.class);
        assertThat(r.getStatus()).as(stored.toString()).isEqualTo(200);
        assertThat(stored).containsEntry("is_partitioned", true).containsEntry("is_director", false)
                .containsEntry("id_col_name", "star_id").containsEntry("ref_director_table", "user_alice.stars")
                .containsEntry("ref_director_id_col_name", "id").containsEntry("longitude_col_name", null);

        // a table that follows a dependent table follows no director
        refused(put("alice", "user_alice.stars", """
                {"is_partitioned": true, "is_director": false, "id_col_name": "id",
                 "ref_director_table": "user_alice.sources", "ref_director_id_col_name": "star_id"}"""),
                "user_alice.sources", "a dependent table", "not as a director");
    }

    @Test
    void whatEachKindNeedsIsNamedWhenMissing() {
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": true, \"is_director\": true, "
                + "\"longitude_col_name\": \"ra\"}"), "longitude_col_name and latitude_col_name", "required");
        refused(put("alice", "user_alice.sources", "{\"is_partitioned\": true, \"id_col_name\": \"star_id\"}"),
                "id_col_name, ref_director_table and ref_director_id_col_name are required");
        refused(put("alice", "user_alice.stars", "{\"is_director\": true, \"id_col_name\": \"id\"}"),
                "is_director, id_col_name apply only to a partitioned table");
        refused(put("alice", "user_alice.sources", """
                {"is_partitioned": true, "id_col_name": "star_id", "ref_director_table": "user_alice.stars",
                 "ref_director_id_col_name": "id", "longitude_col_name": "ra"}"""),
                "longitude_col_name and latitude_col_name are for a director table");
    }

    @Test
    void columnsMustExistAndHaveFittingTypes() {
        refused(put("alice", "user_alice.stars", """
                {"is_partitioned": true, "is_director": true, "longitude_col_name": "name", "latitude_col_name": "decl"}"""),
                "longitude_col_name 'name' is char[*]", "float or double", "latitude_col_name 'decl' is not a column of "
                        + "user_alice.stars");
        refused(put("alice", "user_alice.stars", """
                {"is_partitioned": true, "is_director": true, "id_col_name": "mag", "longitude_col_name": "ra",
                 "latitude_col_name": "dec"}"""), "id_col_name 'mag' is float", "an integer");
        put("alice", "user_alice.stars", """
                {"is_partitioned": true, "is_director": true, "id_col_name": "id",
                 "longitude_col_name": "ra", "latitude_col_name": "dec"}""").close();
        refused(put("alice", "user_alice.sources", """
                {"is_partitioned": true, "id_col_name": "small_id", "ref_director_table": "user_alice.stars",
                 "ref_director_id_col_name": "id"}"""), "'small_id' is int but the director's 'id' is long");
        refused(put("alice", "user_alice.sources", """
                {"is_partitioned": true, "id_col_name": "star_id", "ref_director_table": "user_alice.nowhere",
                 "ref_director_id_col_name": "id"}"""), "'user_alice.nowhere' is not a table you can see");
        refused(put("alice", "user_alice.sources", """
                {"is_partitioned": true, "id_col_name": "star_id", "ref_director_table": "user_alice.sources",
                 "ref_director_id_col_name": "star_id"}"""), "names this table itself");
    }

    @Test
    void badDocumentsAreNamed() {
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": true, \"chunk_size\": 3}"),
                "unknown field chunk_size", "is_partitioned, is_director");
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": \"perhaps\"}"),
                "is_partitioned is true or false (or 1 or 0), not 'perhaps'");
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": true, \"is_director\": true, "
                + "\"longitude_col_name\": 3, \"latitude_col_name\": \"dec\"}"), "longitude_col_name is a name");
        refused(put("alice", "user_alice.stars", "[1, 2]"), "a JSON object of");
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": "), "not JSON");
        refused(put("alice", "user_alice.stars", "{\"is_partitioned\": true, \"is_director\": true, "
                + "\"longitude_col_name\": \"r a\", \"latitude_col_name\": \"dec\"}"), "longitude_col_name:",
                "not a regular identifier");
    }

    @Test
    void onlyThoseWhoMayChangeTheTableMayDescribeIt() {
        create("alice", "user_alice.shared", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"});
        String director = """
                {"is_partitioned": true, "is_director": true, "longitude_col_name": "ra", "latitude_col_name": "dec"}""";
        Response hidden = put("bob", "user_alice.shared", director);
        assertThat(hidden.getStatus()).as(hidden.readEntity(String.class)).isEqualTo(404);
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.shared"))
                .post(Entity.entity("public=true\n", "text/plain")).getStatus()).isEqualTo(200);
        assertThat(get("bob", "user_alice.shared")).containsEntry("is_partitioned", false);
        Response readOnly = put("bob", "user_alice.shared", director);
        assertThat(readOnly.getStatus()).as(readOnly.readEntity(String.class)).isEqualTo(403);
        Response anonymous = TestApp.target(APP, "tables/user_alice.shared/distribution").request()
                .put(Entity.entity(director, "application/json"));
        assertThat(anonymous.getStatus()).as(anonymous.readEntity(String.class)).isEqualTo(401);
        // a published table is described through its Felis schema
        Response published = put("alice", "tap_schema.tables", "{\"is_partitioned\": false}");
        assertThat(published.readEntity(String.class)).contains("published from Felis");
        assertThat(published.getStatus()).isEqualTo(403);
    }

    @Test
    void clearedAndDroppedHintsAreGone() {
        create("alice", "user_alice.brief", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"});
        String director = """
                {"is_partitioned": true, "is_director": true, "longitude_col_name": "ra", "latitude_col_name": "dec"}""";
        assertThat(put("alice", "user_alice.brief", director).getStatus()).isEqualTo(200);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.brief/distribution")).delete()
                .getStatus()).isEqualTo(204);
        assertThat(get("alice", "user_alice.brief")).containsEntry("is_partitioned", false);
        assertThat(((Map<?, ?>) view("alice", "user_alice.brief").get("distribution")).get("is_partitioned"))
                .isEqualTo(false);

        assertThat(put("alice", "user_alice.brief", director).getStatus()).isEqualTo(200);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.brief")).delete().getStatus())
                .isEqualTo(204);
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.brief/distribution")).get()
                .getStatus()).isEqualTo(404);
        create("alice", "user_alice.brief", new String[] {"id", "long"}, new String[] {"ra", "double"},
                new String[] {"dec", "double"});
        assertThat(get("alice", "user_alice.brief")).containsEntry("is_partitioned", false);
    }
}
