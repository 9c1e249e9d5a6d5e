package org.felicette.db;

import org.jdbi.v3.core.Jdbi;

/** Answers whether the database takes queries right now. */
public final class DatabaseProbe {

    private final Jdbi jdbi;

    public DatabaseProbe(Db db) {
        this.jdbi = db.jdbi();
    }

    public boolean isUp() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
