package org.felicette.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A UWS client that sends what pyvo sends: form POSTs without following redirects (pyvo's
 * {@code allow_redirects=False}), GETs of the job with {@code WAIT=-1}; and reads the job
 * document as pyvo's parser does (by the UWS namespace).
 */
public final class UwsClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final XsdValidator UWS_XSD = Files.isDirectory(Path.of(System.getProperty("felicette.shared",
            "../shared"), "xsd")) ? new XsdValidator("UWS-v1.1.xsd") : null;
    public static final String UWS = "http://www.ivoa.net/xml/UWS/v1.0";

    private final String base;
    private final String user;

    public UwsClient(int port, String user) {
        this.base = "http://127.0.0.1:" + port + "/";
        this.user = user;
    }

    public String base() {
        return base;
    }

    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    public HttpResponse<String> post(String pathOrUrl, Map<String, String> fields) {
        return send(request(pathOrUrl).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    public HttpResponse<String> get(String pathOrUrl) {
        return send(request(pathOrUrl).GET());
    }

    public HttpResponse<String> get(String pathOrUrl, String accept) {
        return send(request(pathOrUrl).header("Accept", accept).GET());
    }

    public HttpResponse<String> delete(String pathOrUrl) {
        return send(request(pathOrUrl).DELETE());
    }

    private HttpRequest.Builder request(String pathOrUrl) {
        URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120));
        return user == null ? b : b.header("Authorization", "Bearer " + TestApp.tokenOf(user));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a job as pyvo does: the 303's Location, the job's URL. */
    public String create(String path, Map<String, String> fields) {
        HttpResponse<String> created = post(path, fields);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        return created.headers().firstValue("Location").orElseThrow();
    }

    /** pyvo's {@code job.run().wait()}: PHASE=RUN, then GET with WAIT=-1 until a final phase; the last document. */
    public Job runAndWait(String job) {
        HttpResponse<String> run = post(job + "/phase", Map.of("PHASE", "RUN"));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(303);
        return waitFinal(job);
    }

    /** PHASE=RUN only. */
    public void runAndWaitless(String job) {
        HttpResponse<String> run = post(job + "/phase", Map.of("PHASE", "RUN"));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(303);
    }

    public Job waitFinal(String job) {
        for (int i = 0; i < 200; i++) {
            Job doc = job(job + "?WAIT=-1");
            if (!doc.phase().equals("PENDING") && !doc.phase().equals("QUEUED") && !doc.phase().equals("EXECUTING")) {
                return doc;
            }
        }
        throw new AssertionError("job " + job + " did not end");
    }

    /** The job document, checked against the UWS schema (when ../shared is there). */
    public Job job(String url) {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Job.parse(r.body());
    }

    public static void assertValid(String xml) {
        if (UWS_XSD != null) {
            assertThat(UWS_XSD.errors(xml)).as(xml).isEmpty();
        }
    }

    /** What a UWS job document says. */
    public record Job(String xml, String id, String phase, String owner, Map<String, String> parameters,
            Map<String, String> results, String error, Element progress) {

        static Job parse(String xml) {
            assertValid(xml);
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                Map<String, String> parameters = new LinkedHashMap<>();
                NodeList ps = d.getElementsByTagNameNS(UWS, "parameter");
                for (int i = 0; i < ps.getLength(); i++) {
                    Element p = (Element) ps.item(i);
                    parameters.put(p.getAttribute("id"), p.getTextContent());
                }
                Map<String, String> results = new LinkedHashMap<>();
                NodeList rs = d.getElementsByTagNameNS(UWS, "result");
                for (int i = 0; i < rs.getLength(); i++) {
                    Element r = (Element) rs.item(i);
                    results.put(r.getAttribute("id"), r.getAttributeNS("http://www.w3.org/1999/xlink", "href"));
                }
                NodeList messages = d.getElementsByTagNameNS(UWS, "message");
                NodeList progress = d.getElementsByTagNameNS("urn:felicette:uws:progress", "progress");
                return new Job(xml, text(d, "jobId"), text(d, "phase"), text(d, "ownerId"), parameters, results,
                        messages.getLength() == 0 ? null : messages.item(0).getTextContent(),
                        progress.getLength() == 0 ? null : (Element) progress.item(0));
            } catch (Exception e) {
                throw new AssertionError("not a UWS job document: " + xml, e);
            }
        }

        private static String text(Document d, String name) {
            NodeList n = d.getElementsByTagNameNS(UWS, name);
            return n.getLength() == 0 ? null : n.item(0).getTextContent();
        }
    }
}
