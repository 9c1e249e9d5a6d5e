package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.felicette.testing.XsdValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class VosiResourceTest {

    static final DropwizardAppExtension<FelicetteConfiguration> APP =
            TestApp.extension(TestDatabase.freshMigratedDatabase());

    @Test
    void availabilitySaysUpAndIsValidVosi() {
        Response response = TestApp.target(APP, "availability").request().get();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).startsWith("text/xml");
        String xml = response.readEntity(String.class);
        assertThat(xml).contains("<vosi:available>true</vosi:available>");
        // the caller's address as the service saw it, in the comment CADC's services write
        assertThat(xml).contains("<!-- <clientip>127.0.0.1</clientip> -->");
        assertThat(new XsdValidator("VOSIAvailability-v1.0.xsd").errors(xml)).isEmpty();
    }

    @Test
    void capabilitiesListTheVosiEndpointsWithFullUrlsAndAreValid() {
        String xml = TestApp.target(APP, "capabilities").request().get(String.class);
        String base = "http://127.0.0.1:" + APP.getLocalPort() + "/";
        assertThat(xml).contains("standardID=\"ivo://ivoa.net/std/VOSI#capabilities\"")
                .contains("<accessURL use=\"full\">" + base + "capabilities</accessURL>")
                .contains("standardID=\"ivo://ivoa.net/std/VOSI#availability\"")
                .contains("<accessURL use=\"full\">" + base + "availability</accessURL>")
                // TAP at the root, without a trailing slash (cadc-tap appends /sync to it)
                .contains("standardID=\"ivo://ivoa.net/std/TAP\"")
                .contains("<accessURL use=\"full\">" + base.substring(0, base.length() - 1) + "</accessURL>")
                .contains("<outputFormat><mime>text/csv;header=present</mime><alias>csv</alias></outputFormat>")
                .contains("<outputFormat><mime>application/json</mime><alias>json</alias></outputFormat>")
                .contains("<outputFormat><mime>application/vnd.apache.parquet</mime><alias>parquet</alias>"
                        + "</outputFormat>")
                .contains("<outputFormat><mime>application/vnd.sqlite3</mime><alias>sqlite</alias><alias>sqlite3</alias>"
                        + "</outputFormat>")
                .contains("<outputLimit><default unit=\"row\">100000</default><hard unit=\"row\">10000000</hard>")
                // the geometry the embedded database (no pg_sphere) offers: the cone search
                .contains("<languageFeatures type=\"ivo://ivoa.net/std/TAPRegExt#features-adqlgeo\"><feature><form>"
                        + "POINT</form></feature><feature><form>CIRCLE</form></feature><feature><form>CONTAINS</form>"
                        + "</feature><feature><form>DISTANCE</form></feature></languageFeatures>")
                .contains("<retentionPeriod><default>604800</default><hard>604800</hard></retentionPeriod>");
        assertThat(new XsdValidator("VOSICapabilities-v1.0.xsd", "VODataService-v1.2.xsd",
                "TAPRegExt-v1.0-with-erratum1.xsd").errors(xml)).isEmpty();
    }

    @Test
    void theExamplesAreXhtmlWithRdfaAndEachQueryRunsAsItIs() throws Exception {
        jakarta.ws.rs.core.Response page = TestApp.target(APP, "examples").request().get();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getMediaType().toString()).startsWith("application/xhtml+xml");
        String xhtml = page.readEntity(String.class);
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document d = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                xhtml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(d.getDocumentElement().getElementsByTagName("body").item(0).getAttributes()
                .getNamedItem("vocab").getNodeValue()).isEqualTo("http://www.ivoa.net/rdf/examples#");
        org.w3c.dom.NodeList pres = d.getElementsByTagName("pre");
        assertThat(pres.getLength()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < pres.getLength(); i++) {
            org.w3c.dom.Element pre = (org.w3c.dom.Element) pres.item(i);
            assertThat(pre.getAttribute("property")).isEqualTo("query");
            jakarta.ws.rs.core.Response ran = TestApp.target(APP, "sync").queryParam("LANG", "ADQL")
                    .queryParam("QUERY", pre.getTextContent()).request().get();
            String answer = ran.readEntity(String.class);
            assertThat(ran.getStatus()).as(pre.getTextContent() + "\n" + answer).isEqualTo(200);
            assertThat(answer).contains("<TR>");
        }
        String capabilities = TestApp.target(APP, "capabilities").request().get(String.class);
        assertThat(capabilities).contains("standardID=\"ivo://ivoa.net/std/DALI#examples\"")
                .contains("xsi:type=\"vr:WebBrowser\"");
    }

    @Test
    void validatorRejectsAnInvalidDocument() {
        // Guards the guard: an availability without the required element must fail validation.
        String xml = "<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">"
                + "<vosi:note>x</vosi:note></vosi:availability>";
        assertThat(new XsdValidator("VOSIAvailability-v1.0.xsd").errors(xml)).isNotEmpty();
    }

    @Test
    void healthChecksReportTheDatabase() {
        Response response = TestApp.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")
                .request().get();
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body).contains("\"postgresql\":{\"healthy\":true");
    }
}
