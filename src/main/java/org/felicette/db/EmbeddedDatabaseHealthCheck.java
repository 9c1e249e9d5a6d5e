package org.felicette.db;

import com.codahale.metrics.health.HealthCheck;

/** Healthy while the embedded PostgreSQL accepts connections. */
public final class EmbeddedDatabaseHealthCheck extends HealthCheck {

    private final EmbeddedDatabase database;

    public EmbeddedDatabaseHealthCheck(EmbeddedDatabase database) {
        this.database = database;
    }

    @Override
    protected Result check() {
        return database.isUp()
                ? Result.healthy("embedded PostgreSQL on port %d", database.port())
                : Result.unhealthy("the embedded PostgreSQL does not accept connections");
    }
}
