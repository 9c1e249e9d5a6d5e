package org.felicette.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.felicette.StartupException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Bringing the database up: whether it can be reached at all, its migrations,.
 */
public final class Database {

    private Database() {
    }

    /** Fails fast, in one line, when the configured database cannot be reached at all. */
    public static void checkReachable(DataSourceFactory dataSource) {
        DriverManager.setLoginTimeout(10);
        try (Connection connection = DriverManager.getConnection(dataSource.getUrl(), dataSource.getUser(),
                dataSource.getPassword())) {
            if (!connection.isValid(10)) {
                throw new StartupException("the database at " + dataSource.getUrl() + " does not answer");
            }
        } catch (SQLException e) {
            throw new StartupException("cannot reach the database at " + dataSource.getUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a database a newer version migrated (see {@link SchemaVersions}), then applies the
     * migrations when asked to, and records this version; on a pool of its own, closed afterwards.
     */
    public static void prepare(DataSourceFactory dataSource, MetricRegistry metrics, boolean migrate,
            boolean allowNewerSchema) throws Exception {
        var managed = dataSource.build(metrics, "migrations");
        try {
            SchemaVersions.checkNotNewer(managed, allowNewerSchema);
            if (migrate) {
                Migrations.migrate(managed);
            }
            SchemaVersions.record(managed);
        } finally {
            managed.stop();
        }
    }
}
