package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The upload registry: two sweeps at once take different expired uploads, never one twice. */
class UploadDaoTest {

    @Test
    void sweepsOnTwoConnectionsLockDifferentExpiredUploads() {
        Jdbi jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        UploadDao dao = jdbi.onDemand(UploadDao.class);
        for (int i = 0; i < 4; i++) {
            dao.insert("up" + i, "alice", "t" + i, "tap_upload.t" + i, "[]", 1, 10, null, null, null,
                    Instant.now().minusSeconds(60 - i), null);
        }
        dao.insert("live", "alice", "live", "tap_upload.live", "[]", 1, 10, null, null, null, Instant.now().plusSeconds(600), null);
        try (Handle first = jdbi.open(); Handle second = jdbi.open()) {
            first.begin();
            second.begin();
            var a = first.attach(UploadDao.class).lockExpired(2);
            var b = second.attach(UploadDao.class).lockExpired(10);
            assertThat(a).extracting(UploadDao.UploadRow::id).containsExactly("up0", "up1");
            assertThat(b).extracting(UploadDao.UploadRow::id).containsExactly("up2", "up3");
            first.rollback();
            second.rollback();
        }
        assertThat(dao.bytesOf("alice")).isEqualTo(10); // only the live one counts
        assertThat(dao.reusable("alice", "http://x")).isEmpty();
    }
}
