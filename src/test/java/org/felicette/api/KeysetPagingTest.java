package org.felicette.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.felicette.FelicetteConfiguration;
import org.felicette.testing.TestApp;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Listings that grow with use page by keyset: {@code limit} and an opaque {@code cursor}, a
 * {@code next} link, newest first, every item once however many share a creation time.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class KeysetPagingTest {

    static final String DATABASE = TestDatabase.freshMigratedDatabase();
    static final DropwizardAppExtension<FelicetteConfiguration> APP = TestApp.extension(DATABASE);
    static final Jdbi JDBI = TestDatabase.jdbi(DATABASE);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    /** 2,500 index jobs of alice's, ten to a creation time (ties), and 30 live uploads; a few of bob's. */
    @BeforeAll
    static void rows() {
        JDBI.useHandle(h -> {
            h.execute("""
                    INSERT INTO felicette.jobs (id, family, owner_id, phase, created_at, destruction)
                    SELECT 'job' || lpad(i::text, 5, '0'), 'table-update', 'alice', 'COMPLETED',
                        timestamptz '2026-12-01 00:00:00+00' + (i / 10) * interval '1 second', now() + interval '1 day'
                    FROM generate_series(1, 2500) i""");
            h.execute("""
                    INSERT INTO felicette.jobs (id, family, owner_id, phase, destruction)
                    SELECT 'bob' || i, 'table-update', 'bob', 'COMPLETED', now() + interval '1 day'
                    FROM generate_series(1, 3) i""");
            h.execute("""
                    INSERT INTO felicette.uploads (id, owner_id, name, table_name, columns, row_count, bytes,
                        created_at, expires_at)
                    SELECT 'up' || lpad(i::text, 3, '0'), 'alice', 't' || i, 'tap_upload.t' || i, '[]', 1, 10,
                        now() - (i / 3) * interval '1 minute', now() + interval '1 day'
                    FROM generate_series(1, 30) i""");
        });
    }

    static HttpResponse<String> get(String user, String url, String accept) throws Exception {
        String full = url.startsWith("http") ? url : "http://127.0.0.1:" + APP.getLocalPort() + "/" + url;
        return HTTP.send(HttpRequest.newBuilder(URI.create(full)).header("Accept", accept)
                .header("Authorization", "Bearer " + TestApp.tokenOf(user)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String next(HttpResponse<String> r) {
        return r.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1))
                .findFirst().orElse(null);
    }

    @Test
    void aJobListIsReadPageByPageNewestFirstEachJobOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String url = "table-update?limit=1000";
        while (url != null) {
            HttpResponse<String> page = get("alice", url, "application/json");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode jobs = JSON.readTree(page.body());
            sizes.add(jobs.size());
            jobs.forEach(j -> seen.add(j.get("job_id").asText()));
            url = next(page);
        }
        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(new LinkedHashSet<>(seen)).hasSize(2500);
        List<String> order = JDBI.withHandle(h -> h.createQuery("SELECT id FROM felicette.jobs WHERE owner_id = 'alice' "
                + "ORDER BY created_at DESC, id DESC").mapTo(String.class).list());
        assertThat(seen).isEqualTo(order);
        // the UWS XML list pages the same way; LAST is the newest that many, in one page
        HttpResponse<String> xml = get("alice", "table-update?limit=2", "text/xml");
        assertThat(xml.body()).contains("<uws:jobref id=\"job02500\"").contains("<uws:jobref id=\"job02499\"");
        assertThat(next(xml)).contains("cursor=").contains("limit=2");
        HttpResponse<String> last = get("alice", "table-update?LAST=5", "application/json");
        assertThat(JSON.readTree(last.body()).size()).isEqualTo(5);
        assertThat(next(last)).isNull();
        // bob's list is bob's
        assertThat(JSON.readTree(get("bob", "table-update", "application/json").body()).size()).isEqualTo(3);
    }

    @Test
    void uploadsArePagedWithANextLinkInTheAnswer() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        String url = "uploads?limit=7";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> page = get("alice", url, "application/json");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.get("uploads").forEach(u -> seen.add(u.get("id").asText()));
            url = body.has("next") ? body.get("next").asText() : null;
            assertThat(url).isEqualTo(next(page));
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        List<String> order = JDBI.withHandle(h -> h.createQuery("SELECT id FROM felicette.uploads WHERE owner_id = "
                + "'alice' ORDER BY created_at DESC, id DESC").mapTo(String.class).list());
        assertThat(new ArrayList<>(seen)).hasSize(30).isEqualTo(order);
    }

    @Test
    void aUsersTablesArePagedByNameInTheirQuota() throws Exception {
        for (int i = 1; i <= 12; i++) {
            jakarta.ws.rs.core.Response r = TestApp.as("carol", TestApp.target(APP, "tables/user_carol.t" + (100 + i)))
                    .put(jakarta.ws.rs.client.Entity.entity(UserTablesTest.vosiTable("user_carol.t" + (100 + i)),
                            "text/xml"));
            assertThat(r.getStatus()).as(r.readEntity(String.class)).isEqualTo(201);
        }
        List<String> names = new ArrayList<>();
        String url = "quota?limit=5";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> page = get("carol", url, "application/json");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            assertThat(body.get("tables").asInt()).as("the totals on every page").isEqualTo(12);
            body.get("usage").forEach(t -> names.add(t.get("table").asText()));
            url = body.has("next") ? body.get("next").asText() : null;
            assertThat(url).isEqualTo(next(page));
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(12).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aCursorThisServiceDidNotWriteOrALimitOutOfRangeIs400() throws Exception {
        HttpResponse<String> cursor = get("alice", "table-update?cursor=not-a-cursor", "application/json");
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor 'not-a-cursor' is not one this listing gave");
        // well formed, but a time PostgreSQL cannot hold: refused, not sent to the database
        String far = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "k1|9223372036854775807|job00001".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> future = get("alice", "table-update?cursor=" + far, "application/json");
        assertThat(future.statusCode()).as(future.body()).isEqualTo(400);
        assertThat(get("alice", "uploads?cursor=" + far, "application/json").statusCode()).isEqualTo(400);
        String past = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "k1|-9223372036854775807|job00001".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(get("alice", "table-update?cursor=" + past, "application/json").statusCode()).isEqualTo(400);
        assertThat(get("alice", "uploads?limit=0", "application/json").statusCode()).isEqualTo(400);
        assertThat(get("alice", "uploads?limit=1001", "application/json").body()).contains("from 1 to 1000");
    }
}
