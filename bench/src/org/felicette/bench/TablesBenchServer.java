package org.felicette.bench;

import io.dropwizard.core.setup.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.felicette.FelicetteApplication;
import org.felicette.FelicetteConfiguration;

/**
 * The service as it runs, plus what the VOSI benchmark needs: 10,000 users owning 10 private
 * tables each (5 columns a table) in TAP_SCHEMA, and Jetty's own static-file servlet on
 * /static/ (the upper bound: the same server sending the same bytes without any work).
 *
 * Usage: TablesBenchServer server CONFIG (system property bench.static = directory to serve)
 */
public final class TablesBenchServer extends FelicetteApplication {

    public static void main(String[] args) throws Exception {
        new TablesBenchServer().run(args);
    }

    @Override
    public void run(FelicetteConfiguration config, Environment environment) throws Exception {
        super.run(config, environment);
        var db = config.database().resolve().dataSourceFactory();
        try (Connection c = DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
                Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM tap_schema.schemas11 WHERE schema_name = 'user_u00001'").next()) {
                long start = System.nanoTime();
                s.execute("""
                        INSERT INTO tap_schema.schemas11 (schema_name, owner_id, read_anon, api_created)
                        SELECT 'user_u' || lpad(u::text, 5, '0'), 'u' || lpad(u::text, 5, '0'), 0, 1
                        FROM generate_series(1, 10000) u""");
                s.execute("""
                        INSERT INTO tap_schema.tables11 (schema_name, table_name, table_type, description, owner_id,
                            read_anon, read_only_group, api_created)
                        SELECT 'user_u' || lpad(u::text, 5, '0'), 'user_u' || lpad(u::text, 5, '0') || '.t' || t, 'table',
                            'table ' || t || ' of user ' || u, 'u' || lpad(u::text, 5, '0'), 0,
                            CASE WHEN t = 1 THEN 'g' || (u % 100) END, 1
                        FROM generate_series(1, 10000) u, generate_series(1, 10) t""");
                s.execute("""
                        INSERT INTO tap_schema.columns11 (table_name, column_name, datatype, description, principal,
                            indexed, std, column_index)
                        SELECT t.table_name, 'c' || i, CASE WHEN i = 1 THEN 'long' ELSE 'double' END, 'column ' || i,
                            1, 0, 0, i
                        FROM tap_schema.tables11 t, generate_series(1, 5) i WHERE t.schema_name LIKE 'user_u%'""");
                s.execute("ANALYZE");
                System.out.printf("generated 10,000 users x 10 tables x 5 columns in %.1f s%n",
                        (System.nanoTime() - start) / 1e9);
            }
        }
        Path staticDir = Path.of(System.getProperty("bench.static", "target/bench-static")).toAbsolutePath();
        Files.createDirectories(staticDir);
        var servlet = environment.servlets().addServlet("static", new DefaultServlet());
        servlet.setInitParameter("baseResource", staticDir.toUri().toString());
        servlet.setInitParameter("pathInfoOnly", "true");
        servlet.setInitParameter("dirAllowed", "false");
        servlet.setInitParameter("etags", "true");
        servlet.addMapping("/static/*");
    }
}
