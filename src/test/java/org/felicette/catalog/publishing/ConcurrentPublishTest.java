package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.felicette.db.Db;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.testing.Fixtures;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.Test;

/** Two versions of one schema published over and over while a reader looks: it never sees a mix. */
class ConcurrentPublishTest {

    /** Version 1: tables a (3 columns) and b (2); version 2: tables a (2 columns) and c (4). */
    private static String version(int v) {
        return v == 1 ? """
                name: flip
                version: "1"
                tables:
                - name: a
                  columns: [{name: x, datatype: int}, {name: y, datatype: int}, {name: z, datatype: int}]
                - name: b
                  columns: [{name: x, datatype: int}, {name: y, datatype: int}]
                """ : """
                name: flip
                version: "2"
                tables:
                - name: a
                  columns: [{name: x, datatype: int}, {name: y, datatype: int}]
                - name: c
                  columns: [{name: p, datatype: int}, {name: q, datatype: int}, {name: r, datatype: int}, {name: s, datatype: int}]
                """;
    }

    /** What a reader may see: nothing yet, or one whole version. */
    private static final Set<String> WHOLE = Set.of("", "flip.a:3,flip.b:2", "flip.a:2,flip.c:4");

    @Test
    void readerSeesOnlyWholeVersions() throws Exception {
        Jdbi jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        SchemaPublisher publisher = new SchemaPublisher(Db.of(jdbi));
        FelisLoader.Loaded v1 = Fixtures.loadText("v1.yaml", version(1), FelisOptions.DEFAULT);
        FelisLoader.Loaded v2 = Fixtures.loadText("v2.yaml", version(2), FelisOptions.DEFAULT);
        AtomicBoolean publishing = new AtomicBoolean(true);
        List<String> torn = new CopyOnWriteArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> reader = pool.submit(() -> {
                while (publishing.get()) {
                    // two statements in one snapshot, as a VOSI reader reads tables and then columns
                    String view = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
                        List<String> tables = h.createQuery("SELECT table_name FROM tap_schema.tables "
                                + "WHERE schema_name = 'flip' ORDER BY table_name").mapTo(String.class).list();
                        StringBuilder out = new StringBuilder();
                        for (String table : tables) {
                            int columns = h.createQuery("SELECT count(*) FROM tap_schema.columns WHERE table_name = :t")
                                    .bind("t", table).mapTo(Integer.class).one();
                            out.append(out.isEmpty() ? "" : ",").append(table).append(':').append(columns);
                        }
                        return out.toString();
                    });
                    seen.add(view);
                    reads.incrementAndGet();
                    if (!WHOLE.contains(view)) {
                        torn.add(view);
                    }
                }
            });
            // the writers take turns until the reader has read 50 times and seen both versions
            // (bounded by the futures' time-out): no assumption about how fast either side is
            java.util.function.BooleanSupplier enough = () -> reads.get() >= 50
                    && seen.containsAll(List.of("flip.a:3,flip.b:2", "flip.a:2,flip.c:4"));
            List<Future<?>> writers = List.of(
                    pool.submit(() -> publishUntil(publisher, v1, enough)),
                    pool.submit(() -> publishUntil(publisher, v2, enough)));
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
            publishing.set(false);
            reader.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        // every read saw one whole version, and both versions were seen
        assertThat(torn).isEmpty();
        assertThat(seen).contains("flip.a:3,flip.b:2", "flip.a:2,flip.c:4");
        assertThat(seen).allSatisfy(view -> assertThat(WHOLE).contains(view));
    }

    private static void publishUntil(SchemaPublisher publisher, FelisLoader.Loaded loaded,
            java.util.function.BooleanSupplier done) {
        while (!done.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            publisher.publish(loaded, FelisOptions.DEFAULT, new SchemaPublisher.Request(1, null, "writer"));
        }
    }
}
