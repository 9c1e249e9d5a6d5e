package org.felicette.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.felicette.FelicetteException;
import org.felicette.auth.Caller;
import org.junit.jupiter.api.Test;

/** The per-caller limit on running queries, and the parameter checks made before any catalogue read. */
class TapQueriesTest {

    static TapQueries queries(int maxConcurrent) throws Exception {
        QueryConfig config = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                "{\"maxConcurrentPerUser\": " + maxConcurrent + "}", QueryConfig.class);
        return new TapQueries(null, null, new AdqlTranslator(false), config);
    }

    @Test
    void aCallerHasAtMostTheLimitRunningEvenWhenTheyRaceForIt() throws Exception {
        TapQueries queries = queries(2);
        Caller alice = new Caller("alice", java.util.Set.of(), false);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TapQueries.Slot>> tries = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tries.add(pool.submit(() -> {
                go.await();
                try {
                    return queries.slot(alice);
                } catch (FelicetteException e) {
                    assertThat(e.kind()).isEqualTo(FelicetteException.Kind.TOO_MANY_REQUESTS);
                    return null;
                }
            }));
        }
        go.countDown();
        List<TapQueries.Slot> held = new ArrayList<>();
        for (Future<TapQueries.Slot> f : tries) {
            TapQueries.Slot slot = f.get(30, TimeUnit.SECONDS);
            if (slot != null) {
                held.add(slot);
            }
        }
        pool.shutdown();
        assertThat(held).hasSize(2);
        // another caller is not held up by alice's queries; alice gets a place back when one ends
        queries.slot(new Caller("bob", java.util.Set.of(), false)).close();
        assertThatThrownBy(() -> queries.slot(alice)).hasMessageContaining("you have 2 queries running");
        held.get(0).close();
        queries.slot(alice).close();
    }

    @Test
    void parametersAreCheckedBeforeTheCatalogueIsRead() throws Exception {
        TapQueries queries = queries(1); // no catalogue: a check that passed would reach for it
        Caller alice = new Caller("alice", java.util.Set.of(), false);
        assertThatThrownBy(() -> queries.prepare(alice, Map.of("lang", "PQL"))).hasMessageContaining("LANG=PQL");
        assertThatThrownBy(() -> queries.prepare(alice, Map.of("maxrec", "-1"))).hasMessageContaining("MAXREC");
        assertThatThrownBy(() -> queries.prepare(alice, Map.of("format", "xls"))).hasMessageContaining("xls");
        assertThatThrownBy(() -> queries.prepare(alice, Map.of("request", "getCapabilities")))
                .hasMessageContaining("REQUEST=getCapabilities");
    }
}
