package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Permissions as YouCat's clients set and read them: the {@code x-vosi-*} headers on PUT, POST
 * and HEAD, group URIs, and schema permissions that stay the schema's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class YoucatPermissionsTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    static final String GMS = "ivo://example.org/gms?";

    static Invocation.Builder as(String user, String path) {
        return TestApp.as(user, TestApp.target(APP, path));
    }

    static Response put(String user, String name, Map<String, String> headers) {
        Invocation.Builder request = as(user, "tables/" + name);
        headers.forEach(request::header);
        return request.put(Entity.entity(UserTablesTest.vosiTable(name), "text/xml"));
    }

    static int status(Response response) {
        response.readEntity(String.class);
        return response.getStatus();
    }

    static Response head(String user, String name) {
        Response response = as(user, "tables/" + name).head();
        response.close();
        return response;
    }

    static String permissions(String user, String name) {
        return as(user, "permissions/" + name).get(String.class);
    }

    /**
     * cadc-tap's grants name groups as {@code ivo://cadc.nrc.ca/gms?G}: with that GMS base not
     * configured, such a grant would be stored and reach nobody. It is a 400 naming the bases known.
     */
    @Test
    void aGrantToAGroupOfAnUnknownGmsServiceIs400NamingTheKnownBases() {
        Response created = put("alice", "user_alice.cadc_group", Map.of("x-vosi-group-ro", "ivo://cadc.nrc.ca/gms?G"));
        assertThat(created.getStatus()).isEqualTo(400);
        assertThat(created.readEntity(String.class)).contains("r-group 'ivo://cadc.nrc.ca/gms?G'")
                .contains("the GMS service ivo://cadc.nrc.ca/gms").contains("ivo://example.org/gms").contains("'G'");
        assertThat(head("alice", "user_alice.cadc_group").getStatus()).as("nothing made").isEqualTo(404);

        assertThat(status(put("alice", "user_alice.cadc_group", Map.of()))).isEqualTo(201);
        Response lines = as("alice", "permissions/user_alice.cadc_group").post(Entity.entity("rw-group="
                + "ivo://cadc.nrc.ca/gms?G\n", "text/plain"));
        assertThat(lines.getStatus()).isEqualTo(400);
        assertThat(lines.readEntity(String.class)).startsWith("rw-group 'ivo://cadc.nrc.ca/gms?G' names a group of");
        assertThat(permissions("alice", "user_alice.cadc_group")).contains("rw-group=\n");
        // the configured base, and a plain name, are grants as before
        assertThat(status(as("alice", "permissions/user_alice.cadc_group").post(Entity.entity("r-group=" + GMS
                + "astro\nrw-group=team\n", "text/plain")))).isEqualTo(200);
    }

    @ParameterizedTest(name = "x-vosi-auth-read: {0}")
    @CsvSource({"true,404,false", "false,200,true", "null,404,false"})
    void authReadHeaderOnPutSaysWhetherReadersMustAuthenticate(String value, int anonymous, boolean isPublic) {
        String name = "user_alice.auth_read_" + value;
        assertThat(status(put("alice", name, Map.of("x-vosi-auth-read", value)))).isEqualTo(201);
        assertThat(status(as(null, "tables/" + name).get())).isEqualTo(anonymous);
        assertThat(permissions("alice", name)).contains("public=" + isPublic + "\n");
    }

    @Test
    void aBadAuthReadValueIs400AndCreatesNothing() {
        Response response = put("alice", "user_alice.bad_auth", Map.of("x-vosi-auth-read", "maybe"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("x-vosi-auth-read must be true");
        assertThat(status(as("alice", "tables/user_alice.bad_auth").get())).isEqualTo(404);
    }

    @Test
    void permissionHeadersRoundTripWithPlainGroupNames() {
        roundTrip("user_alice.plain_groups", "astro", "team");
    }

    @Test
    void permissionHeadersRoundTripWithGroupUris() {
        roundTrip("user_alice.uri_groups", GMS + "astro", GMS + "team");
    }

    /**
     * PUT with the headers → HEAD shows them → POST changes them → HEAD shows the change →
     * anonymous, members and strangers read as the headers say. bob is in astro, frank in team.
     */
    private static void roundTrip(String name, String readGroup, String readWriteGroup) {
        Response created = put("alice", name, Map.of("x-vosi-auth-read", "true", "x-vosi-group-ro", readGroup,
                "x-vosi-group-rw", readWriteGroup));
        assertThat(status(created)).isEqualTo(201);
        Response head = head("alice", name);
        assertThat(head.getStatus()).isEqualTo(200);
        assertThat(head.getHeaderString("x-vosi-owner")).isEqualTo("alice");
        assertThat(head.getHeaderString("x-vosi-auth-read")).isEqualTo("true");
        assertThat(head.getHeaderString("x-vosi-group-ro")).isEqualTo(readGroup);
        assertThat(head.getHeaderString("x-vosi-group-rw")).isEqualTo(readWriteGroup);
        assertThat(status(as(null, "tables/" + name).get())).isEqualTo(404);
        assertThat(status(as("bob", "tables/" + name).get())).isEqualTo(200);
        assertThat(status(as("frank", "tables/" + name).get())).isEqualTo(200);
        assertThat(status(as("carol", "tables/" + name).get())).isEqualTo(404);

        Response changed = as("alice", "tables/" + name).header("x-vosi-auth-read", "false")
                .header("x-vosi-unset-group-ro", "true").post(Entity.entity("", "text/xml"));
        assertThat(status(changed)).isEqualTo(204);
        Response after = head("bob", name);
        assertThat(after.getHeaderString("x-vosi-auth-read")).isEqualTo("false");
        assertThat(after.getHeaderString("x-vosi-group-ro")).isNull();
        assertThat(after.getHeaderString("x-vosi-group-rw")).isEqualTo(readWriteGroup);
        assertThat(status(as(null, "tables/" + name).get())).isEqualTo(200);
        assertThat(permissions("alice", name)).isEqualTo("owner=alice\npublic=true\nr-group=\nrw-group="
                + readWriteGroup + "\n");
    }

    @Test
    void groupsAnswerToTheirUriAndPlainForms() {
        assertThat(status(put("alice", "user_alice.for_astro", Map.of("x-vosi-group-ro", GMS + "astro"))))
                .isEqualTo(201);
        assertThat(status(put("alice", "user_alice.for_astro_plain", Map.of("x-vosi-group-ro", "astro"))))
                .isEqualTo(201);
        for (String name : new String[] {"user_alice.for_astro", "user_alice.for_astro_plain"}) {
            assertThat(status(as("bob", "tables/" + name).get())).as("bob reads " + name).isEqualTo(200);
            assertThat(status(as("gina", "tables/" + name).get())).as("gina reads " + name).isEqualTo(200);
            assertThat(status(as("carol", "tables/" + name).get())).as("carol reads " + name).isEqualTo(404);
        }
        assertThat(TestApp.target(APP, "tap_schema/tables").queryParam("FORMAT", "csv").request()
                .header("Authorization", "Bearer " + TestApp.tokenOf("bob")).get(String.class))
                .contains("user_alice.for_astro");
        // the answer keeps the form the client used
        assertThat(permissions("alice", "user_alice.for_astro")).contains("r-group=" + GMS + "astro\n");
    }

    @Test
    void onlyAnAdminCreatesATableForAnotherOwner() {
        Response refused = put("alice", "user_alice.for_bob", Map.of("x-vosi-owner", "bob"));
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.readEntity(String.class)).contains("only an admin");
        assertThat(status(put("root", "user_alice.given_to_bob", Map.of("x-vosi-owner", "bob")))).isEqualTo(201);
        assertThat(head("bob", "user_alice.given_to_bob").getHeaderString("x-vosi-owner")).isEqualTo("bob");
    }

    @Test
    void aHiddenSchemaAndAMissingOneGetTheSameAnswer() {
        assertThat(status(put("carol", "user_carol.secret", Map.of()))).isEqualTo(201);
        Response hidden = put("bob", "user_carol.x", Map.of());
        Response missing = put("bob", "user_nobody.x", Map.of());
        assertThat(hidden.getStatus()).isEqualTo(missing.getStatus()).isEqualTo(403);
        String hiddenText = hidden.readEntity(String.class);
        assertThat(hiddenText.replace("user_carol", "NAME"))
                .isEqualTo(missing.readEntity(String.class).replace("user_nobody", "NAME"));
        assertThat(hiddenText).contains("you may not create tables in schema 'user_carol'").contains("user_bob");
        Response hiddenJson = as("bob", "tables/user_carol.y").accept("application/json")
                .put(Entity.entity(UserTablesTest.vosiTable("user_carol.y"), "text/xml"));
        Response missingJson = as("bob", "tables/user_nobody.y").accept("application/json")
                .put(Entity.entity(UserTablesTest.vosiTable("user_nobody.y"), "text/xml"));
        assertThat(hiddenJson.readEntity(Map.class).get("error")).isEqualTo(missingJson.readEntity(Map.class).get("error"));
    }

    @Test
    void aPersonalSchemaAlwaysBelongsToItsUser() {
        // An admin making user_erin without an owner makes it erin's, not the admin's ...
        Response made = as("root", "tables/user_erin").put(Entity.entity("", "text/xml"));
        assertThat(made.getStatus()).as(made.readEntity(String.class)).isEqualTo(201);
        assertThat(permissions("erin", "user_erin")).startsWith("owner=erin\n");
        assertThat(status(put("erin", "user_erin.stars_one", Map.of()))).isEqualTo(201);
        assertThat(head("erin", "user_erin.stars_one").getHeaderString("x-vosi-owner")).isEqualTo("erin");
        // ... nor may the admin name itself or anyone else as its owner, then or later.
        Response squat = as("root", "tables/user_frank").header("x-vosi-owner", "root").put(Entity.entity("", "text/xml"));
        assertThat(squat.getStatus()).isEqualTo(409);
        assertThat(squat.readEntity(String.class)).contains("personal schema of user 'frank'");
        assertThat(status(as("root", "tables/user_frank").get())).isEqualTo(404);
        Response taken = as("root", "permissions/user_erin").post(Entity.entity("owner=root\n", "text/plain"));
        assertThat(taken.getStatus()).isEqualTo(409);
        assertThat(taken.readEntity(String.class)).contains("always belongs to them");
        assertThat(permissions("erin", "user_erin")).startsWith("owner=erin\n");
        // frank's own first table still makes his schema, his
        assertThat(status(put("frank", "user_frank.mine", Map.of()))).isEqualTo(201);
        assertThat(permissions("frank", "user_frank")).startsWith("owner=frank\n");
    }

    @Test
    void schemaHeadAnswersWithItsPermissions() {
        assertThat(status(put("carol", "user_carol.one", Map.of()))).isEqualTo(201);
        Response head = head("carol", "user_carol");
        assertThat(head.getHeaderString("x-vosi-owner")).isEqualTo("carol");
        assertThat(head.getHeaderString("x-vosi-auth-read")).isEqualTo("true");
    }

    @Test
    void publishedSchemasWithoutOwnerHaveNoPermissionHeaders() {
        Response head = head(null, "tap_schema.tables");
        assertThat(head.getStatus()).isEqualTo(200);
        assertThat(head.getHeaderString("x-vosi-owner")).isNull();
        assertThat(head.getHeaderString("x-vosi-auth-read")).isNull();
    }

    /** The case of issue 10: a schema owner's change of the schema no longer takes over its tables. */
    @Test
    void schemaPermissionsNeverRewriteItsTables() {
        Response schema = as("root", "tables/proj").header("x-vosi-owner", "alice").put(Entity.entity("", "text/xml"));
        assertThat(status(schema)).isEqualTo(201);
        assertThat(status(as("alice", "permissions/proj").post(Entity.entity("rw-group=team\n", "text/plain"))))
                .isEqualTo(200);
        assertThat(status(put("frank", "proj.t1", Map.of()))).isEqualTo(201);
        assertThat(permissions("frank", "proj.t1")).isEqualTo("owner=frank\npublic=false\nr-group=\nrw-group=\n");

        assertThat(status(as("alice", "permissions/proj").post(Entity.entity("public=true\n", "text/plain"))))
                .isEqualTo(200);
        assertThat(permissions("frank", "proj.t1")).isEqualTo("owner=frank\npublic=false\nr-group=\nrw-group=\n");
        assertThat(status(as(null, "tables/proj.t1").get())).isEqualTo(404);
        assertThat(status(as(null, "tables/proj").get())).isEqualTo(200);
        assertThat(as(null, "tables/proj").get(String.class)).doesNotContain("proj.t1");

        // the schema's owner sees the member's private table, re-shares it and may drop it
        assertThat(status(as("alice", "tables/proj.t1").get())).isEqualTo(200);
        assertThat(as("alice", "tables").get(String.class)).contains("proj.t1");
        assertThat(status(as("alice", "permissions/proj.t1").post(Entity.entity("r-group=astro\n", "text/plain"))))
                .isEqualTo(200);
        assertThat(permissions("frank", "proj.t1")).isEqualTo("owner=frank\npublic=false\nr-group=astro\nrw-group=\n");
        assertThat(status(as("alice", "tables/proj.t1").delete())).isEqualTo(204);
        assertThat(status(as("frank", "tables/proj.t1").get())).isEqualTo(404);
    }

    /** YouCat's PermissionsTest.testNoInheritance: a table in a public, shared schema starts private, with no groups. */
    @Test
    void aNewTableIsPrivateWhateverItsSchemaSays() {
        assertThat(status(as("root", "tables/open_proj").header("x-vosi-owner", "alice")
                .header("x-vosi-auth-read", "false").header("x-vosi-group-ro", "astro")
                .header("x-vosi-group-rw", "team").put(Entity.entity("", "text/xml")))).isEqualTo(201);
        assertThat(permissions("alice", "open_proj")).isEqualTo("owner=alice\npublic=true\nr-group=astro\nrw-group=team\n");
        assertThat(status(put("alice", "open_proj.mine", Map.of()))).isEqualTo(201);
        assertThat(permissions("alice", "open_proj.mine")).isEqualTo("owner=alice\npublic=false\nr-group=\nrw-group=\n");
        assertThat(status(as(null, "tables/open_proj.mine").get())).isEqualTo(404);
        assertThat(status(as("bob", "tables/open_proj.mine").get())).isEqualTo(404);
    }

    @Test
    void aMemberOfTheSchemasReadWriteGroupMayNotReshareTheSchema() {
        assertThat(status(as("root", "tables/team_proj").header("x-vosi-owner", "alice")
                .header("x-vosi-group-rw", "team").put(Entity.entity("", "text/xml")))).isEqualTo(201);
        Response refused = as("frank", "permissions/team_proj").post(Entity.entity("public=true\n", "text/plain"));
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.readEntity(String.class)).contains("only the owner");
    }

    @Test
    void vosiSchemaDocumentsCreateAndDescribeSchemas() {
        String document = """
                <vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0">
                  <schema><name>survey_x</name><description>The X survey</description><utype>x:survey</utype></schema>
                </vosi:tableset>""";
        Response refused = as("alice", "tables/survey_x").put(Entity.entity(document, "application/x-vosi-schema"));
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.readEntity(String.class)).contains("only an admin may create a schema");
        Response created = as("root", "tables/survey_x").header("x-vosi-owner", "alice")
                .put(Entity.entity(document, "application/x-vosi-schema"));
        assertThat(status(created)).isEqualTo(201);
        Map<?, ?> schema = as("alice", "tables/survey_x").accept("application/json").get(Map.class);
        assertThat(schema.get("description")).isEqualTo("The X survey");
        assertThat(schema.get("utype")).isEqualTo("x:survey");
        assertThat(schema.get("owner")).isEqualTo("alice");

        Response described = as("alice", "tables/survey_x").post(Entity.entity(
                document.replace("The X survey", "The X survey, data release 2"), "application/x-vosi-schema"));
        assertThat(status(described)).isEqualTo(204);
        assertThat(as("alice", "tables/survey_x").accept("application/json").get(Map.class).get("description"))
                .isEqualTo("The X survey, data release 2");
        Response byStranger = as("bob", "tables/survey_x").post(Entity.entity(document, "application/x-vosi-schema"));
        assertThat(byStranger.getStatus()).isEqualTo(404);
        byStranger.close();
    }

    @Test
    void aSchemaDocumentNamingAnotherSchemaIs400() {
        String document = "<tableset><schema><name>other</name></schema></tableset>";
        Response response = as("root", "tables/named_here").put(Entity.entity(document, "application/x-vosi-schema"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(String.class)).contains("names schema 'named_here'").contains("'other'");
        assertThat(status(as("root", "tables/named_here").get())).isEqualTo(404);
    }
}
