package org.felicette.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.felicette.db.Migrations;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One embedded PostgreSQL per test JVM. A template database is migrated once; every test class
 * asks for a fresh database copied from it (a file copy inside PostgreSQL: fast), so tests never
 * clean up table by table and never see each other's rows.
 */
public final class TestDatabase {

    public static final String TEMPLATE = "felicette_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    static {
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        System.setProperty("liquibase.command.showSummary", "OFF");
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
    }

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
                execute("postgres", "CREATE DATABASE " + TEMPLATE);
                Migrations.migrate(dataSource(TEMPLATE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("preparing the test database", e);
            }
        }
        return postgres;
    }

    private static void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is exiting; the temporary directory goes with it
        }
    }

    /** A new database with every migration applied. */
    public static String freshMigratedDatabase() {
        return create("TEMPLATE " + TEMPLATE);
    }

    /** A new database with nothing in it, for testing the migrations themselves. */
    public static String freshEmptyDatabase() {
        return create("TEMPLATE template0");
    }

    private static String create(String template) {
        server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        execute("postgres", "CREATE DATABASE " + name + " " + template);
        return name;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database;
    }

    public static String user() {
        return "postgres";
    }

    public static DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl(database));
        ds.setUser(user());
        return ds;
    }

    /** Jdbi on the database, with SQL objects, as the service configures it. */
    public static Jdbi jdbi(String database) {
        return Jdbi.create(dataSource(database)).installPlugin(new SqlObjectPlugin());
    }

    private static void execute(String database, String sql) {
        try (Connection c = dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
