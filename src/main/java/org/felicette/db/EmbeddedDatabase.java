package org.felicette.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.felicette.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL whose data lives in a directory that survives restarts. Used by the
 * default configuration and by the tests; production points {@code database.url} elsewhere.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String databaseName;
    private final Thread shutdownHook;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String databaseName) {
        this.postgres = postgres;
        this.databaseName = databaseName;
        this.shutdownHook = new Thread(this::closeQuietly, "embedded-postgres-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts PostgreSQL on the configured data directory, running initdb when it is new, and
     * creates the service's database if it does not exist yet.
     *
     * @throws StartupException with a one-line reason when the directory is held by another
     *     process or the server does not start
     */
    public static EmbeddedDatabase start(DatabaseConfig.Embedded config) {
        Path dir = config.dataDirectory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupException("cannot create the embedded database directory " + dir + ": " + e.getMessage(), e);
        }
        refuseIfHeld(dir);
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200");
            if (config.port() > 0) {
                builder.setPort(config.port());
            }
            postgres = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("the embedded PostgreSQL did not start on " + dir + ": " + rootMessage(e), e);
        }
        try {
            createDatabaseIfMissing(postgres, config.databaseName());
        } catch (SQLException e) {
            closeQuietly(postgres);
            throw new StartupException("cannot create database " + config.databaseName() + " in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
        LOG.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dir);
        return new EmbeddedDatabase(postgres, config.databaseName());
    }

    /**
     * The embedded server keeps a file lock in its data directory while it runs. Checking it
     * first turns "another Felicette already runs on this data" into a clear message instead of
     * a failure deep inside the server start.
     */
    private static void refuseIfHeld(Path dir) {
        Path lockFile = dir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw held(dir);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw held(dir);
        } catch (IOException e) {
            throw new StartupException("cannot check the lock of the embedded database directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static StartupException held(Path dir) {
        return new StartupException("the embedded database directory " + dir
                + " is in use by another process (is another Felicette running on it?)");
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new SQLException("the database name must be lower-case letters, digits and _");
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                // The name is checked against a strict pattern above; CREATE DATABASE takes no bind.
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + databaseName;
    }

    public String user() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    /** True while the server accepts connections. */
    public boolean isUp() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (or ran) closeQuietly itself
        }
    }

    private synchronized void closeQuietly() {
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping the embedded PostgreSQL: {}", e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
