package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.UwsClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /uploads} with what the uploader says beyond the file: {@code NAME.table}, a VOSI
 * table giving the columns' names, types, units, UCDs and descriptions (CSV types chosen, not
 * inferred), and {@code NAME.nullIfInvalid=COLUMN} for a near miss, as a load takes it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UploadDescriptionsTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final ObjectMapper JSON = new ObjectMapper();

    /** 200 stars; data row 149 has {@code oops} for a declination: a near miss of a double column. */
    static byte[] stars() {
        StringBuilder csv = new StringBuilder("RA (J2000),Dec,code\n");
        for (int i = 1; i <= 200; i++) {
            csv.append(10 + i * 0.01).append(',').append(i == 149 ? "oops" : String.valueOf(-5 - i * 0.01)).append(',')
                    .append(String.format("%04d", i)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String description(String... columns) {
        StringBuilder doc = new StringBuilder("<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" "
                + "xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\" "
                + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><name>stars</name>"
                + "<description>Bright stars of my field</description>");
        for (String c : columns) {
            String[] p = c.split("\\|", -1); // name|datatype|arraysize|unit|ucd
            doc.append("<column><name>").append(p[0]).append("</name>")
                    .append(p[3].isEmpty() ? "" : "<unit>" + p[3] + "</unit>")
                    .append(p[4].isEmpty() ? "" : "<ucd>" + p[4] + "</ucd>")
                    .append("<dataType xsi:type=\"vs:VOTableType\"").append(p[2].isEmpty() ? "" : " arraysize=\"" + p[2] + "\"")
                    .append(">").append(p[1]).append("</dataType></column>");
        }
        return doc.append("</vosi:table>").toString();
    }

    static final String STARS = description("ra|double||deg|pos.eq.ra;meta.main", "dec|double||deg|pos.eq.dec;meta.main",
            "code|char|*||meta.id");

    static HttpResponse<String> upload(String user, Map<String, String> fields, byte[] file, String type) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("UPLOAD", "stars,param:t");
        all.putAll(fields);
        return UploadsTest.send(APP, user, all, Map.of("t", new Object[] {type, file}));
    }

    static long count(String sql) {
        return JDBI.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Test
    void aNearMissRefusesTheUploadByItsLineUntilTheColumnIsLoadedLeniently() throws Exception {
        HttpResponse<String> refused = upload("alice", Map.of(), stars(), "text/csv");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("row 149, column 'dec': 'oops' is not a double");

        HttpResponse<String> made = upload("alice", Map.of("stars.nullIfInvalid", "Dec"), stars(), "text/csv");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode u = JSON.readTree(made.body()).get("uploads").get(0);
        assertThat(u.get("rows").asLong()).isEqualTo(200);
        assertThat(u.get("columns").get(1).get("datatype").asText()).as("the column stays a number").isEqualTo("double");
        String table = u.get("table").asText();
        assertThat(count("SELECT count(*) FROM " + table + " WHERE dec IS NULL")).isEqualTo(1);
    }

    @Test
    void aDescriptionNamesTypesAndDescribesTheColumnsAndTheTable() throws Exception {
        HttpResponse<String> made = upload("bob", Map.of("stars.table", STARS, "stars.nullIfInvalid", "dec"), stars(),
                "text/csv");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode u = JSON.readTree(made.body()).get("uploads").get(0);
        assertThat(u.get("description").asText()).isEqualTo("Bright stars of my field");
        JsonNode ra = u.get("columns").get(0);
        assertThat(ra.get("name").asText()).isEqualTo("ra");
        assertThat(ra.get("unit").asText()).isEqualTo("deg");
        assertThat(ra.get("ucd").asText()).isEqualTo("pos.eq.ra;meta.main");
        JsonNode code = u.get("columns").get(2);
        assertThat(code.get("datatype").asText()).as("chosen, not inferred (long)").isEqualTo("char");
        String table = u.get("table").asText();
        String first = JDBI.withHandle(h -> h.createQuery("SELECT code FROM " + table + " ORDER BY ra LIMIT 1")
                .mapTo(String.class).one());
        assertThat(first).as("leading zeros kept as text").isEqualTo("0001");

        // the VOSI table of the upload says what was described, and a query reads it under the new names
        String vosi = new UwsClient(APP.getLocalPort(), "bob").get("uploads/" + u.get("id").asText(), "text/xml").body();
        assertThat(vosi).contains("Bright stars of my field").contains("<unit>deg</unit>")
                .contains("<ucd>pos.eq.dec;meta.main</ucd>");
        String csv = new UwsClient(APP.getLocalPort(), "bob").get("sync?LANG=ADQL&FORMAT=csv&QUERY="
                + java.net.URLEncoder.encode("SELECT code, ra FROM TAP_UPLOAD.stars WHERE dec IS NULL",
                StandardCharsets.UTF_8), "text/csv").body();
        assertThat(csv).startsWith("code,ra").contains("0149,");
    }

    @Test
    void whatDoesNotFitTheFileIsA400NamingItAndNothingIsMade() throws Exception {
        HttpResponse<String> count = upload("carol", Map.of("stars.table", description("ra|double||deg|",
                "dec|double|||")), stars(), "text/csv");
        assertThat(count.statusCode()).as(count.body()).isEqualTo(400);
        assertThat(count.body()).contains("UPLOAD stars").contains("lists 2 columns").contains("the file has 3")
                .contains("'RA (J2000)'");

        HttpResponse<String> unknown = upload("carol", Map.of("stars.nullIfInvalid", "decl"), stars(), "text/csv");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("'decl'").contains("'Dec'");

        HttpResponse<String> other = upload("carol", Map.of("galaxies.table", STARS), stars(), "text/csv");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
        assertThat(other.body()).contains("'galaxies'").contains("'stars'");

        HttpResponse<String> bogus = upload("carol", Map.of("stars.table", description("ra|double||deg|",
                "dec|bogus|||", "code|char|*||")), stars(), "text/csv");
        assertThat(bogus.statusCode()).as(bogus.body()).isEqualTo(400);
        assertThat(bogus.body()).contains("UPLOAD stars").contains("bogus");
        // a column described without its type (the near miss settled, so that only the type is wanting)
        HttpResponse<String> untyped = upload("carol", Map.of("stars.table", STARS.replaceFirst(
                "<dataType xsi:type=\"vs:VOTableType\">double</dataType>", ""), "stars.nullIfInvalid", "dec"),
                stars(), "text/csv");
        assertThat(untyped.statusCode()).as(untyped.body()).isEqualTo(400);
        assertThat(untyped.body()).contains("UPLOAD stars").contains("column ra");

        HttpResponse<String> broken = upload("carol", Map.of("stars.table", "<vosi:table"), stars(), "text/csv");
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        assertThat(broken.body()).contains("stars.table");

        // a FITS file gives its types: a description may rename and describe, not retype
        byte[] fits = StilLoadTest.file("fits");
        List<String> ten = List.of("ID|long|||", "ra|double||deg|", "mag|float||mag|", "small|short|||",
                "count|int|||", "flag|boolean|||", "name|char|*||", "seen|char|*||", "pos|double|2||", "flux|float|3||");
        HttpResponse<String> retyped = upload("carol", Map.of("stars.table", description(ten.stream()
                .map(c -> c.replace("ID|long|", "ID|char|*")).toArray(String[]::new))), fits, "application/fits");
        assertThat(retyped.statusCode()).as(retyped.body()).isEqualTo(400);
        assertThat(retyped.body()).contains("column 'ID'").contains("is long in the FITS file")
                .contains("the description says char[*]");
        assertThat(count("SELECT count(*) FROM felicette.uploads WHERE owner_id = 'carol'")).isZero();
    }
}
