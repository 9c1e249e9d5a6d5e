package org.felicette.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the catalogue lives. Without a {@code url}, an embedded PostgreSQL is started on the
 * data directory (created on first use, kept across restarts); with one, that external
 * PostgreSQL 14+ is used.
 */
public class DatabaseConfig {

    /** JDBC URL of an external PostgreSQL; empty means the embedded server. */
    @JsonProperty
    private String url = "";

    @JsonProperty
    private String user = "";

    @JsonProperty
    private String password = "";

    @JsonProperty
    private boolean migrateOnStartup = true;

    /** Start on a database that a newer version migrated (its change sets unknown here): off unless asked. */
    @JsonProperty
    private boolean allowNewerSchema = false;

    @Valid
    @NotNull
    @JsonProperty
    private Embedded embedded = new Embedded();

    @Min(1)
    @Max(1000)
    @JsonProperty
    private int maxConnections = 16;

    @JsonIgnore
    private ResolvedDatabase resolved;

    /** Settings of the embedded PostgreSQL. */
    public static class Embedded {
        @NotNull
        @JsonProperty
        private String dataDirectory = "./data/postgres";

        /** TCP port on loopback; 0 picks a free one at every start. */
        @Min(0)
        @Max(65535)
        @JsonProperty
        private int port = 0;

        @NotNull
        @JsonProperty
        private String databaseName = "felicette";

        public Path dataDirectory() {
            return Path.of(dataDirectory);
        }

        public int port() {
            return port;
        }

        public String databaseName() {
            return databaseName;
        }
    }

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    public boolean migrateOnStartup() {
        return migrateOnStartup;
    }

    public boolean allowNewerSchema() {
        return allowNewerSchema;
    }

    public Embedded embedded() {
        return embedded;
    }

    /**
     * The database to connect to, starting the embedded server on first call when no URL is
     * configured. Both the server command and the {@code db} commands go through here, so one
     * process starts at most one embedded server.
     */
    public synchronized ResolvedDatabase resolve() {
        if (resolved == null) {
            if (isEmbedded()) {
                EmbeddedDatabase server = EmbeddedDatabase.start(embedded);
                resolved = new ResolvedDatabase(
                        dataSourceFactory(server.jdbcUrl(), server.user(), ""), Optional.of(server));
            } else {
                resolved = new ResolvedDatabase(dataSourceFactory(url, user, password), Optional.empty());
            }
        }
        return resolved;
    }

    private DataSourceFactory dataSourceFactory(String jdbcUrl, String dbUser, String dbPassword) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(jdbcUrl);
        factory.setUser(dbUser);
        factory.setPassword(dbPassword);
        factory.setMaxSize(maxConnections);
        factory.setMinSize(Math.min(2, maxConnections));
        factory.setInitialSize(Math.min(2, maxConnections));
        factory.setValidationQuery("/* felicette health check */ SELECT 1");
        // reWriteBatchedInserts turns a JDBC batch into multi-row INSERTs: publishing a schema of
        // thousands of columns is then a handful of round trips instead of thousands.
        factory.setProperties(Map.of("ApplicationName", "felicette", "connectTimeout", "10",
                "reWriteBatchedInserts", "true"));
        return factory;
    }

    /** The data source to use, and the embedded server behind it if there is one. */
    public record ResolvedDatabase(DataSourceFactory dataSourceFactory, Optional<EmbeddedDatabase> embedded) {

        /**
         * The same database through a pool of two connections of its own: for the quota ledger,
         * which must never wait for a connection that a request holding one of the main pool's
         * is waiting to give back.
         */
        public DataSourceFactory ledgerDataSourceFactory() {
            DataSourceFactory main = dataSourceFactory;
            DataSourceFactory factory = new DataSourceFactory();
            factory.setDriverClass(main.getDriverClass());
            factory.setUrl(main.getUrl());
            factory.setUser(main.getUser());
            factory.setPassword(main.getPassword());
            factory.setMaxSize(2);
            factory.setMinSize(1);
            factory.setInitialSize(1);
            factory.setValidationQuery(main.getValidationQuery().orElse("SELECT 1"));
            factory.setProperties(Map.of("ApplicationName", "felicette-quota", "connectTimeout", "10"));
            return factory;
        }
    }
}
