package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user table's foreign keys to a survey's tables: checked, kept in TAP_SCHEMA, and kept over a republish. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForeignKeyTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    static String survey(String idColumn, String description) {
        return """
                name: survey
                "@id": "#survey"
                description: %s
                tables:
                - name: Object
                  "@id": "#Object"
                  primaryKey: "#Object.%s"
                  columns:
                  - name: %s
                    "@id": "#Object.%s"
                    datatype: long
                    description: the object
                  - name: ra
                    "@id": "#Object.ra"
                    datatype: double
                    ivoa:unit: deg
                """.formatted(description, idColumn, idColumn, idColumn);
    }

    static void publish(String yaml) {
        Response r = TestApp.as("root", TestApp.target(APP, "schemas/survey")).put(Entity.entity(yaml, "application/yaml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isIn(200, 201);
    }

    static String table(String name, String key) {
        return """
                <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                    xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output"><name>%s</name>
                  <column><name>match_id</name><dataType xsi:type="vs:VOTableType">long</dataType></column>
                  <column><name>obj</name><dataType xsi:type="vs:VOTableType">long</dataType></column>
                  <column><name>label</name><dataType xsi:type="vs:VOTableType" arraysize="*">char</dataType></column>
                  %s
                </vosi:table>
                """.formatted(name, key);
    }

    static String key(String target, String from, String to) {
        return "<foreignKey><targetTable>" + target + "</targetTable><fkColumn><fromColumn>" + from
                + "</fromColumn><targetColumn>" + to + "</targetColumn></fkColumn><description>my objects</description>"
                + "</foreignKey>";
    }

    static Response put(String name, String document) {
        return TestApp.as("alice", TestApp.target(APP, "tables/" + name)).put(Entity.entity(document, "text/xml"));
    }

    static List<Map<String, Object>> keys() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = TestApp.as("alice", TestApp.target(APP, "tap_schema/keys"))
                .accept("application/json").get(List.class);
        return rows.stream().filter(k -> String.valueOf(k.get("from_table")).startsWith("user_alice.")).toList();
    }

    static List<Map<String, Object>> keyColumns() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = TestApp.as("alice", TestApp.target(APP, "tap_schema/key_columns"))
                .accept("application/json").get(List.class);
        return rows.stream().filter(k -> String.valueOf(k.get("key_id")).startsWith("user_fk_")).toList();
    }

    @BeforeAll
    static void theSurvey() {
        publish(survey("objectId", "a survey"));
    }

    @Test
    void aKeyToASurveyTableIsKeptShownAndGoesWithTheTable() {
        Response r = put("user_alice.matches", table("user_alice.matches", key("survey.Object", "OBJ", "objectid")));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        String xml = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.matches")).get(String.class);
        assertThat(xml).contains("<foreignKey>").contains("<targetTable>survey.Object</targetTable>")
                .contains("<fromColumn>obj</fromColumn>").contains("<targetColumn>objectId</targetColumn>");
        Map<?, ?> json = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.matches"))
                .accept("application/json").get(Map.class);
        assertThat(json.get("foreign_keys").toString()).contains("survey.Object").contains("my objects");
        List<Map<String, Object>> mine = keys().stream().filter(k -> k.get("from_table").equals("user_alice.matches"))
                .toList();
        assertThat(mine).singleElement().satisfies(k -> assertThat(k).containsEntry("target_table", "survey.Object"));
        Object id = mine.get(0).get("key_id");
        assertThat(keyColumns()).filteredOn(k -> k.get("key_id").equals(id)).singleElement()
                .satisfies(k -> assertThat(k).containsEntry("from_column", "obj").containsEntry("target_column", "objectId"));

        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice.matches")).delete().getStatus())
                .isEqualTo(204);
        assertThat(keys()).noneMatch(k -> k.get("from_table").equals("user_alice.matches"));
        assertThat(keyColumns()).noneMatch(k -> k.get("key_id").equals(id));
    }

    @Test
    void aBadKeyIsNamedAndNothingIsCreated() {
        Response nowhere = put("user_alice.bad1", table("user_alice.bad1", key("survey.Nothing", "obj", "objectId")));
        assertThat(nowhere.getStatus()).isEqualTo(400);
        assertThat(nowhere.readEntity(String.class)).contains("foreign key 1: 'survey.Nothing' is not a table you can see");
        Response column = put("user_alice.bad2", table("user_alice.bad2", key("survey.Object", "objx", "dec")));
        assertThat(column.getStatus()).isEqualTo(400);
        assertThat(column.readEntity(String.class)).contains("fromColumn 'objx' is not a column of user_alice.bad2")
                .contains("targetColumn 'dec' is not a column of survey.Object");
        Response kind = put("user_alice.bad3", table("user_alice.bad3", key("survey.Object", "label", "objectId")));
        assertThat(kind.getStatus()).isEqualTo(400);
        assertThat(kind.readEntity(String.class)).contains("'label' is char but survey.Object.objectId is long");
        Response half = put("user_alice.bad4", table("user_alice.bad4", "<foreignKey><targetTable>survey.Object"
                + "</targetTable><fkColumn><fromColumn>obj</fromColumn></fkColumn></foreignKey>"));
        assertThat(half.getStatus()).isEqualTo(400);
        assertThat(half.readEntity(String.class)).contains("foreign key 1 has an fkColumn without its targetColumn");
        for (String t : List.of("bad1", "bad2", "bad3", "bad4")) {
            assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice." + t)).get().getStatus())
                    .isEqualTo(404);
        }
        assertThat(keys()).noneMatch(k -> String.valueOf(k.get("from_table")).startsWith("user_alice.bad"));
    }

    @Test
    void aRepublishedSurveyKeepsTheLinksItStillHasTheColumnsFor() {
        Response r = put("user_alice.kept", table("user_alice.kept", key("survey.Object", "obj", "objectId")));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        publish(survey("objectId", "a survey, described again"));
        assertThat(keys()).anyMatch(k -> k.get("from_table").equals("user_alice.kept"));
        // the column it points at goes: the link goes, the publish does not fail
        publish(survey("object_id", "a survey, renamed"));
        assertThat(keys()).noneMatch(k -> k.get("from_table").equals("user_alice.kept"));
        publish(survey("objectId", "a survey"));
    }

    @Test
    void theJsonViewPostedBackKeepsTheKeysAndAnEmptyListRemovesThem() {
        String name = "user_alice.json_keys";
        Response r = put(name, table(name, key("survey.Object", "obj", "objectId")));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        String view = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).accept("application/json")
                .get(String.class);
        assertThat(view).contains("\"foreign_keys\":[{");
        // GET, change the description, POST back: the keys stay as they were
        Response same = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).post(Entity.entity(
                view.replaceFirst("\"description\":null", "\"description\":\"edited\""), "application/json"));
        assertThat(same.getStatus()).as(same.readEntity(String.class)).isEqualTo(204);
        assertThat(keys()).filteredOn(k -> k.get("from_table").equals(name)).hasSize(1);
        // a document without foreign_keys leaves them; an empty list removes them
        Response without = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).post(Entity.entity(
                "{\"description\": \"again\"}", "application/json"));
        assertThat(without.getStatus()).isEqualTo(204);
        assertThat(keys()).filteredOn(k -> k.get("from_table").equals(name)).hasSize(1);
        Response none = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).post(Entity.entity(
                "{\"foreign_keys\": []}", "application/json"));
        assertThat(none.getStatus()).as(none.readEntity(String.class)).isEqualTo(204);
        assertThat(keys()).noneMatch(k -> k.get("from_table").equals(name));
    }

    @Test
    void aDescriptionWithKeysReplacesThem() {
        Response r = put("user_alice.relinked", table("user_alice.relinked", ""));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        assertThat(keys()).noneMatch(k -> k.get("from_table").equals("user_alice.relinked"));
        Response post = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.relinked")).post(Entity.entity(
                table("user_alice.relinked", key("survey.Object", "match_id", "objectId")), "text/xml"));
        assertThat(post.getStatus()).as(post.readEntity(String.class)).isEqualTo(204);
        assertThat(keys()).anyMatch(k -> k.get("from_table").equals("user_alice.relinked"));
    }
}
