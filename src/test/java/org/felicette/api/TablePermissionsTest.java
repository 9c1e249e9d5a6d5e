package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may create in, change, drop and share alice's tables: alice (owner), frank (read-write
 * group "team"), bob (read-only group "astro"), carol (stranger), anonymous, root (admin). Her
 * schema is shared with the same groups, which lets frank create tables in it; each table is
 * shared on its own (a schema's permissions never reach its tables).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TablePermissionsTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    static Response put(String user, String name) {
        return TestApp.as(user, TestApp.target(APP, "tables/" + name))
                .put(Entity.entity(UserTablesTest.vosiTable(name), "text/xml"));
    }

    static int status(Response response) {
        response.readEntity(String.class);
        return response.getStatus();
    }

    static Response setPermissions(String user, String name, String lines) {
        return TestApp.as(user, TestApp.target(APP, "permissions/" + name)).post(Entity.entity(lines, "text/plain"));
    }

    /** A table of alice's, shared as her schema is. */
    static void putShared(String name) {
        assertThat(status(put("alice", name))).isEqualTo(201);
        assertThat(status(setPermissions("alice", name, "r-group=astro\nrw-group=team\n"))).isEqualTo(200);
    }

    @BeforeAll
    static void aliceSharesHerSchema() {
        putShared("user_alice.base");
        Response shared = setPermissions("alice", "user_alice", "r-group=astro\nrw-group=team\n");
        assertThat(shared.getStatus()).isEqualTo(200);
        assertThat(shared.readEntity(String.class)).isEqualTo("owner=alice\npublic=false\nr-group=astro\nrw-group=team\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice,201", "frank,201", "bob,403", "carol,403", "-,401", "root,201"})
    void createInTheSchema(String who, int expected) {
        String user = who.equals("-") ? null : who;
        String name = "user_alice.by_" + who.replace("-", "anon");
        assertThat(status(put(user, name))).isEqualTo(expected);
        // a refusal made nothing; a create made the table, owned by whom made it
        assertThat(status(TestApp.as("alice", TestApp.target(APP, "tables/" + name)).get()))
                .isEqualTo(expected == 201 ? 200 : 404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice,204", "frank,204", "bob,403", "carol,404", "-,401", "root,204"})
    void describeATable(String who, int expected) {
        String user = who.equals("-") ? null : who;
        String doc = UserTablesTest.vosiTable("user_alice.base").replace("Stars I like", "changed by " + who);
        String before = description();
        Response response = TestApp.as(user, TestApp.target(APP, "tables/user_alice.base"))
                .post(Entity.entity(doc, "text/xml"));
        assertThat(status(response)).isEqualTo(expected);
        assertThat(description()).isEqualTo(expected == 204 ? "changed by " + who : before);
    }

    static String description() {
        return (String) TestApp.as("alice", TestApp.target(APP, "tables/user_alice.base")).accept("application/json")
                .get(java.util.Map.class).get("description");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice,204", "frank,403", "bob,403", "carol,404", "-,401", "root,204"})
    void dropATable(String who, int expected) {
        String name = "user_alice.drop_" + who.replace("-", "anon");
        putShared(name);
        String user = who.equals("-") ? null : who;
        assertThat(status(TestApp.as(user, TestApp.target(APP, "tables/" + name)).delete())).isEqualTo(expected);
        assertThat(status(TestApp.as("alice", TestApp.target(APP, "tables/" + name)).get()))
                .as("the table is gone only when the drop was allowed").isEqualTo(expected == 204 ? 404 : 200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"alice,200", "frank,403", "bob,403", "carol,404", "-,401", "root,200"})
    void shareATable(String who, int expected) {
        String name = "user_alice.share_" + who.replace("-", "anon");
        putShared(name);
        String user = who.equals("-") ? null : who;
        assertThat(status(setPermissions(user, name, "public=true\n"))).isEqualTo(expected);
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/" + name)).get(String.class))
                .isEqualTo("owner=alice\npublic=" + (expected == 200) + "\nr-group=astro\nrw-group=team\n");
    }

    @Test
    void overLongGroupIs400AndPermissionsStay() {
        assertThat(status(put("alice", "user_alice.long_group"))).isEqualTo(201);
        Response response = setPermissions("alice", "user_alice.long_group", "r-group=" + "g".repeat(200) + "\n");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("read-only group").contains("allows 128");
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.long_group")).get(String.class))
                .doesNotContain("ggg");
    }

    @Test
    void aKeyGivenTwiceIs400AndChangesNothing() {
        assertThat(status(put("alice", "user_alice.twice"))).isEqualTo(201);
        Response response = setPermissions("alice", "user_alice.twice", "public=true\npublic=false\n");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).isEqualTo("line 2: 'public' is given twice; give each key once\n");
        assertThat(status(TestApp.target(APP, "tables/user_alice.twice").request().get())).isEqualTo(404);
    }

    @Test
    void onlyAnAdminTransfersOwnership() {
        assertThat(status(put("alice", "user_alice.transfer"))).isEqualTo(201);
        Response byOwner = setPermissions("alice", "user_alice.transfer", "owner=bob\n");
        assertThat(byOwner.getStatus()).isEqualTo(403);
        assertThat(byOwner.readEntity(String.class)).contains("only an admin");
        Response byAdmin = setPermissions("root", "user_alice.transfer", "owner=bob\n");
        assertThat(byAdmin.readEntity(String.class)).startsWith("owner=bob\n");
    }

    @Test
    void sharingIsVisibleAtOnceEverywhere() throws InterruptedException {
        assertThat(status(put("alice", "user_alice.news"))).isEqualTo(201);
        assertThat(status(TestApp.as("carol", TestApp.target(APP, "tables/user_alice.news")).get())).isEqualTo(404);
        assertThat(status(setPermissions("alice", "user_alice.news", "public=true\n"))).isEqualTo(200);
        assertThat(status(TestApp.as("carol", TestApp.target(APP, "tables/user_alice.news")).get())).isEqualTo(200);
        assertThat(TestApp.target(APP, "tap_schema/tables").queryParam("FORMAT", "csv").request().get(String.class))
                .contains("user_alice.news");
        // an empty value clears: the table is private again
        assertThat(status(setPermissions("alice", "user_alice.news", "public=false\nr-group=\n"))).isEqualTo(200);
        assertThat(status(TestApp.target(APP, "tables/user_alice.news").request().get())).isEqualTo(404);
    }

    @Test
    void youcatHeadersOnPostChangePermissions() {
        assertThat(status(put("alice", "user_alice.headers"))).isEqualTo(201);
        // x-vosi-auth-read: false means a caller need not authenticate to read: public
        Response response = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.headers"))
                .header("x-vosi-auth-read", "false").header("x-vosi-group-ro", "astro")
                .post(Entity.entity("", "text/xml"));
        assertThat(status(response)).isEqualTo(204);
        Map<?, ?> json = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.headers"))
                .accept("application/json").get(Map.class);
        assertThat(json.get("public")).isEqualTo(true);
        assertThat(json.get("read_group")).isEqualTo("astro");
        assertThat(status(TestApp.target(APP, "tables/user_alice.headers").request().get())).isEqualTo(200);
        // and true that a caller must authenticate: private again
        assertThat(status(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.headers"))
                .header("x-vosi-auth-read", "true").post(Entity.entity("", "text/xml")))).isEqualTo(204);
        assertThat(status(TestApp.target(APP, "tables/user_alice.headers").request().get())).isEqualTo(404);
        TestApp.as("alice", TestApp.target(APP, "tables/user_alice.headers")).header("x-vosi-group-ro", "null")
                .post(Entity.entity("", "text/xml")).readEntity(String.class);
        assertThat(TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.headers")).get(String.class))
                .contains("r-group=\n");
    }

    @Test
    void permissionsAsJson() {
        assertThat(status(put("alice", "user_alice.json_perm"))).isEqualTo(201);
        Map<?, ?> after = TestApp.as("alice", TestApp.target(APP, "permissions/user_alice.json_perm"))
                .accept("application/json").post(Entity.json(Map.of("read_write_group", "team")), Map.class);
        assertThat(after.get("read_write_group")).isEqualTo("team");
        assertThat(after.get("owner")).isEqualTo("alice");
    }

    @Test
    void badPermissionLinesAre400() {
        Response response = setPermissions("alice", "user_alice.base", "colour=blue\n");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("line 1: unknown key 'colour'");
    }

    @Test
    void changingColumnsByPostIs400() {
        String doc = UserTablesTest.vosiTable("user_alice.base").replace(">long</dataType>", ">int</dataType>");
        Response retype = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.base"))
                .post(Entity.entity(doc, "text/xml"));
        assertThat(retype.getStatus()).isEqualTo(400);
        assertThat(retype.readEntity(String.class)).contains("column 'id' of user_alice.base cannot change its "
                + "datatype long to int");
        String added = UserTablesTest.vosiTable("user_alice.base").replace("</vosi:table>",
                "<column><name>extra</name><dataType>int</dataType></column></vosi:table>");
        Response add = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.base"))
                .post(Entity.entity(added, "text/xml"));
        assertThat(add.getStatus()).isEqualTo(400);
        assertThat(add.readEntity(String.class)).contains("columns cannot be added or removed");
    }

    @Test
    void capabilitiesListTablePermissions() {
        assertThat(TestApp.target(APP, "capabilities").request().get(String.class))
                .contains("ivo://ivoa.net/std/VOSI#table-permissions-1.x");
    }
}
