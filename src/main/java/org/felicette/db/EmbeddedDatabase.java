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
        stopLeftover(dir);
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    // The library starts PostgreSQL for throwaway tests (-F: fsync off, and
                    // synchronous_commit off): this one keeps data, so what it acknowledges is on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
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

    /**
     * A postmaster of this data directory left running by a process that died without stopping
     * it (killed hard: the server outlives the JVM that started it). It is asked to stop as
     * PostgreSQL's fast shutdown does (its sessions, whose client is gone, roll back), so that
     * this start can run a server of its own on the directory at once.
     */
    private static void stopLeftover(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        java.util.List<String> lines;
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            lines = Files.readAllLines(pidFile);
        } catch (IOException e) {
            return; // gone meanwhile, or unreadable: the server start says what is wrong
        }
        if (lines.size() < 2 || !lines.get(0).strip().matches("[0-9]{1,10}")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid);
        boolean ours = process.isPresent() && process.get().info().command().map(c -> c.endsWith("postgres")
                || c.endsWith("postgres.exe")).orElse(false) && Path.of(lines.get(1).strip()).toAbsolutePath()
                .normalize().equals(dir);
        if (!ours) {
            return; // a stale file (PostgreSQL itself handles it) or another program's process
        }
        LOG.warn("a PostgreSQL (pid {}) left running on {} by a process that stopped without stopping it: "
                + "stopping it before starting again", pid, dir);
        interrupt(pid);
        try {
            process.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new StartupException("the PostgreSQL (pid " + pid + ") left running on " + dir + " did not stop "
                    + "within 60 s; stop it (pg_ctl stop -D " + dir + ") and start again", e);
        } catch (java.util.concurrent.ExecutionException e) {
            // it ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while stopping the PostgreSQL left running on " + dir, e);
        }
    }

    /**
     * SIGINT: PostgreSQL's fast shutdown (ProcessHandle.destroy sends SIGTERM, a smart shutdown
     * that waits for sessions to end); SIGTERM where there is no kill command.
     */
    private static void interrupt(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // no kill command (not a Unix)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
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

    /**
     * The server is stopped by the application's own ordered stop (after the job workers and the
     * connection pool), not by a JVM hook of its own, which runs alongside everything else and
     * would stop the database under work still being ended.
     */
    public void stopWithTheApplication() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
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
