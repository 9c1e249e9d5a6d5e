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
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's schema as Felis ({@code Accept: application/yaml} on {@code /tables/{schema}}): curated
 * into a survey's data model by publishing it, it gives the TAP_SCHEMA rows the user's tables have.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FelisExportTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);

    static final String STARS = """
            <vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"
                xmlns:vs="http://www.ivoa.net/xml/VODataService/v1.1"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" type="output"><name>user_alice.stars</name>
              <description>Stars I like</description>
              <column><name>id</name><description>identifier</description><ucd>meta.id;meta.main</ucd>
                <dataType xsi:type="vs:VOTableType">long</dataType><flag>principal</flag></column>
              <column><name>ra</name><unit>deg</unit><ucd>pos.eq.ra;meta.main</ucd>
                <dataType xsi:type="vs:VOTableType">double</dataType><flag>principal</flag></column>
              <column><name>flux</name><unit>mJy</unit><ucd>phot.flux</ucd>
                <dataType xsi:type="vs:VOTableType">float</dataType></column>
              <column><name>seen</name><dataType xsi:type="vs:VOTableType" arraysize="*" extendedType="timestamp">char</dataType></column>
              <column><name>label</name><dataType xsi:type="vs:VOTableType" arraysize="32*">char</dataType></column>
            </vosi:table>
            """;

    @BeforeAll
    static void tables() {
        put("user_alice.stars", STARS);
        put("user_alice.sightings", ForeignKeyTest.table("user_alice.sightings",
                ForeignKeyTest.key("user_alice.stars", "obj", "id")));
        UwsClient uws = new UwsClient(APP.getLocalPort(), "alice");
        UwsClient.Job job = uws.runAndWait(uws.create("table-update", Map.of("table", "user_alice.stars", "index", "ra")));
        assertThat(job.phase()).as(job.xml()).isEqualTo("COMPLETED");
    }

    static void put(String name, String document) {
        Response r = TestApp.as("alice", TestApp.target(APP, "tables/" + name)).put(Entity.entity(document, "text/xml"));
        assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
    }

    /** The standard columns of a schema's tables, columns and keys, its name written as {@code S} (and left off key ids). */
    static List<String> rows(String schema) {
        return JDBI.withHandle(h -> h.createQuery("""
                SELECT concat_ws('|', c.table_name, column_name, coalesce(c.utype, '-'), coalesce(ucd, '-'),
                    coalesce(unit, '-'), coalesce(c.description, '-'), datatype, coalesce(arraysize, '-'),
                    coalesce(xtype, '-'), principal, indexed, std, coalesce(column_index::text, '-'))
                FROM tap_schema.columns c JOIN tap_schema.tables t USING (table_name) WHERE t.schema_name = :s
                UNION ALL
                SELECT concat_ws('|', table_name, table_type, coalesce(description, '-')) FROM tap_schema.tables
                WHERE schema_name = :s
                UNION ALL
                SELECT concat_ws('|', k.key_id, from_table, target_table, coalesce(k.description, '-'), from_column,
                    target_column) FROM tap_schema.keys k JOIN tap_schema.key_columns USING (key_id)
                WHERE from_table LIKE :s || '.%'
                ORDER BY 1""").bind("s", schema).mapTo(String.class).map(r -> r.replace(schema + ".", "S.").replaceFirst("^" + schema + "_", "")).list());
    }

    @Test
    void aUsersSchemaPublishedFromItsFelisGivesTheSameRows() {
        Response exported = TestApp.as("alice", TestApp.target(APP, "tables/user_alice")).accept("application/yaml").get();
        assertThat(exported.getStatus()).isEqualTo(200);
        assertThat(exported.getMediaType().toString()).startsWith("application/yaml");
        String yaml = exported.readEntity(String.class);
        assertThat(yaml).contains("name: user_alice", "ivoa:unit: mJy", "ivoa:ucd: pos.eq.ra;meta.main",
                "datatype: timestamp", "indexes:", "'@type': ForeignKey");
        List<String> before = rows("user_alice");
        assertThat(before).anyMatch(r -> r.startsWith("S.stars|ra|-|pos.eq.ra;meta.main|deg|-|double|-|-|1|1|0"));

        // curated into a survey: the same document under another name, published by an admin (key ids are
        // global in TAP_SCHEMA, so the copy's are prefixed with its schema's name)
        String curated = yaml.replace("name: user_alice", "name: curated").replace("'#user_alice'", "'#curated'");
        Response published = TestApp.as("root", TestApp.target(APP, "schemas/curated").queryParam("uniqueKeys", "true"))
                .put(Entity.entity(curated, "application/yaml"));
        assertThat(published.getStatus()).as(published.readEntity(String.class)).isEqualTo(201);
        assertThat(rows("curated")).isEqualTo(before);
    }

    @Test
    void oneTableIsItsSchemaWithThatTableAndWhatTheCallerMayNotSeeIsNotThere() {
        String yaml = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.stars")).accept("application/yaml")
                .get(String.class);
        assertThat(yaml).contains("name: stars").doesNotContain("name: sightings");
        // the key from sightings to stars names a table of the document only when both are in it
        String sightings = TestApp.as("alice", TestApp.target(APP, "tables/user_alice.sightings"))
                .accept("application/yaml").get(String.class);
        assertThat(sightings).contains("# Left out").contains("user_alice.sightings to user_alice.stars");
        assertThat(TestApp.as("bob", TestApp.target(APP, "tables/user_alice")).accept("application/yaml").get()
                .getStatus()).isEqualTo(404);
        // the XML stays what a VOSI client gets by default
        assertThat(TestApp.as("alice", TestApp.target(APP, "tables/user_alice")).get(String.class))
                .contains("<vosi:tableset").doesNotContain("ForeignKey");
    }
}
