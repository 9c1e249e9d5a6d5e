package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Job results in chunks: written whole, read whole or by any byte range, across chunk boundaries. */
class ResultStoreTest {

    @Test
    void aResultIsReadBackWholeAndByRangesAcrossItsChunks() throws Exception {
        Jdbi jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        String job = "0123456789abcdef0123456789abcdef";
        jdbi.useHandle(h -> h.execute("INSERT INTO felicette.jobs (id, family, owner_id, destruction) "
                + "VALUES (?, 'query', 'alice', now() + interval '1 day')", job));
        ResultStore store = new ResultStore(Db.of(jdbi));
        byte[] data = new byte[ResultStore.CHUNK * 2 + 12345];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 7);
        }
        try (OutputStream out = store.writer(job, "result")) {
            for (int at = 0; at < data.length; at += 1000) { // in pieces, as a writer sends them
                out.write(data, at, Math.min(1000, data.length - at));
            }
        }
        assertThat(store.size(job, "result")).contains((long) data.length);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        store.read(job, "result", whole);
        assertThat(whole.toByteArray()).isEqualTo(data);
        long[][] ranges = {{0, 10}, {ResultStore.CHUNK - 5, 10}, {ResultStore.CHUNK * 2L - 1, 12346}, {17, 0}};
        for (long[] r : ranges) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            store.read(job, "result", part, r[0], r[1]);
            assertThat(part.toByteArray()).isEqualTo(Arrays.copyOfRange(data, (int) r[0], (int) (r[0] + r[1])));
        }
        // gone with its job
        jdbi.useHandle(h -> h.execute("DELETE FROM felicette.jobs WHERE id = ?", job));
        assertThat(store.size(job, "result")).isEmpty();
    }
}
