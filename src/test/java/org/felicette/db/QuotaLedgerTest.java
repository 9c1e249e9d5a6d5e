package org.felicette.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds on a limit, across connections as across instances: a live transaction's hold counts
 * for every other, an ended one's for none, whether its row was deleted or not.
 */
class QuotaLedgerTest {

    private static Jdbi work;
    private static QuotaLedger ledger;

    @BeforeAll
    static void database() {
        String database = TestDatabase.freshMigratedDatabase();
        work = TestDatabase.jdbi(database);
        ledger = new QuotaLedger(Db.of(TestDatabase.jdbi(database)));
    }

    @Test
    void aLiveHoldCountsForOthersAndAnEndedOneForNone() throws Exception {
        try (Handle first = work.open(); Handle second = work.open()) {
            first.begin();
            QuotaLedger.Reservation a = ledger.open(new Tx(first), "bytes", "alice");
            assertThat(a.reserve(60, 70, 100, l -> 10)).isEqualTo(70);

            second.begin();
            QuotaLedger.Reservation b = ledger.open(new Tx(second), "bytes", "alice");
            // 100 - 10 committed - 70 held by the first: 20 left, whatever is wanted
            assertThat(b.reserve(5, 50, 100, l -> 10)).isEqualTo(20);
            assertThatThrownBy(() -> b.reserve(21, 30, 100, l -> 10)).isInstanceOf(QuotaLedger.Refused.class)
                    .satisfies(e -> assertThat(((QuotaLedger.Refused) e).available()).isEqualTo(20));
            // another owner's and another kind's holds are apart
            QuotaLedger.Reservation c = ledger.open(new Tx(second), "bytes", "bob");
            assertThat(c.reserve(90, 90, 100, l -> 0)).isEqualTo(90);

            first.rollback(); // the first request's transaction ends; its row is still there
            assertThat(b.reserve(80, 90, 100, l -> 10)).isEqualTo(90);
            second.rollback();
            a.close();
        }
        assertThat(ledger.sweep()).as("the rows of ended transactions").isGreaterThanOrEqualTo(2);
        int left = work.withHandle(h -> h.createQuery("SELECT count(*) FROM felicette.quota_reservations")
                .mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @Test
    void nothingLeftRefusesEvenAZeroWant() {
        try (Handle h = work.open()) {
            h.begin();
            QuotaLedger.Reservation r = ledger.open(new Tx(h), "tables", "carol");
            assertThatThrownBy(() -> r.reserve(1, 1, 3, l -> 3)).isInstanceOf(QuotaLedger.Refused.class);
            h.rollback();
            r.close();
        }
    }
}
