package org.felicette.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.tapschema.TapRows;
import org.felicette.db.Db;
import org.felicette.db.Migrations;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.Source;
import org.felicette.felis.SourceResolver;
import org.felicette.felis.TapSchemaMapper;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;

/**
 * Validate + publish every fixture schema (warm), against the lower bound of writing the same
 * TAP_SCHEMA rows with PostgreSQL COPY, in one run on one embedded PostgreSQL.
 *
 * Usage: PublishBench FIXTURES_DIR [ROUNDS]
 */
public final class PublishBench {

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "../shared/fixtures");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("sdm_schemas/schemas", "felis-tests")) {
            try (Stream<Path> list = Files.list(fixtures.resolve(dir))) {
                list.filter(p -> p.toString().matches(".*\\.ya?ml")).sorted().forEach(files::add);
            }
        }
        // test_diff2 is another version of test_diff1's schema: publishing both would make each
        // round replace one with the other; keep the first.
        files.removeIf(p -> p.getFileName().toString().equals("test_diff2.yaml"));
        List<Source> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(new Source(file.toString(), file, Files.readString(file)));
        }
        FelisOptions options = FelisOptions.DEFAULT.withUniqueKeys(true);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            // A pool, as the service has: both paths reuse connections.
            DataSourceFactory factory = new DataSourceFactory();
            factory.setDriverClass("org.postgresql.Driver");
            factory.setUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
            factory.setUser("postgres");
            factory.setPassword("");
            factory.setProperties(java.util.Map.of("reWriteBatchedInserts", "true"));
            ManagedDataSource ds = factory.build(new MetricRegistry(), "bench");
            Migrations.migrate(ds);
            // The planner's view of the tiny, churning TAP_SCHEMA tables decides whether the foreign-key
            // checks use the primary key or scan (bench/README.md); start both paths from the same,
            // never-analysed state, as a fresh installation is.
            try (Connection c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("UPDATE pg_class SET relpages = 0, reltuples = -1 WHERE oid IN ('tap_schema.tables11'::regclass, "
                        + "'tap_schema.schemas11'::regclass, 'tap_schema.keys11'::regclass)");
            }
            Jdbi jdbi = Jdbi.create(ds).installPlugin(new SqlObjectPlugin());
            SchemaPublisher publisher = new SchemaPublisher(Db.of(jdbi));
            FelisLoader loader = new FelisLoader(options, new SourceResolver(null, 64 << 20));

            int rows = 0;
            List<TapRows> allRows = new ArrayList<>();
            for (Source source : sources) {
                TapRows r = TapSchemaMapper.map(loader.load(source).schema(), options);
                allRows.add(r);
                rows += 1 + r.tables().size() + r.columns().size() + r.keys().size() + r.keyColumnCount();
            }
            System.out.printf("%d schemas, %d TAP_SCHEMA rows per round, %d rounds%n", sources.size(), rows, rounds);

            long[] validate = new long[rounds];
            long[] publish = new long[rounds];
            long[] interleaved = new long[rounds];
            long[] copy = new long[rounds];
            for (int warm = 0; warm < 10; warm++) {
                passes(loader, publisher, sources, options, 2 * warm, new long[2]);
                interleaved(loader, publisher, sources, options, 2 * warm + 1);
                copyRound(ds, allRows);
            }
            for (int i = 0; i < rounds; i++) {
                long[] t = new long[2];
                passes(loader, publisher, sources, options, 100 + 2 * i, t);
                validate[i] = t[0];
                publish[i] = t[1];
                interleaved[i] = interleaved(loader, publisher, sources, options, 101 + 2 * i);
                copy[i] = copyRound(ds, allRows);
            }
            report("validate (read + resolve + check)", validate);
            report("publish (one transaction per schema)", publish);
            long[] total = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                total[i] = validate[i] + publish[i];
            }
            report("validate + publish", total);
            report("interleaved, schema by schema", interleaved);
            report("COPY of the same rows (lower bound)", copy);
            System.out.printf("ratio (validate + publish) / COPY, medians: %.2f%n",
                    (double) median(total) / median(copy));
            System.out.printf("ratio interleaved / COPY, medians: %.2f%n", (double) median(interleaved) / median(copy));
        }
    }

    /**
     * Every schema validated, then every schema published, as the CLI's publish and the start-up
     * list do it, and as the bound writes them (back to back); the index changes each round so
     * that each publish writes.
     */
    private static void passes(FelisLoader loader, SchemaPublisher publisher, List<Source> sources,
            FelisOptions options, int round, long[] times) {
        long start = System.nanoTime();
        List<FelisLoader.Loaded> all = new ArrayList<>();
        for (Source source : sources) {
            all.add(loader.load(source));
        }
        long loadedAt = System.nanoTime();
        for (FelisLoader.Loaded loaded : all) {
            publisher.publish(loaded, options, new SchemaPublisher.Request(round, null, "bench"));
        }
        times[0] += loadedAt - start;
        times[1] += System.nanoTime() - loadedAt;
    }

    /** Validate and publish one schema after the other, as PUT /schemas/{name} requests in a row do. */
    private static long interleaved(FelisLoader loader, SchemaPublisher publisher, List<Source> sources,
            FelisOptions options, int round) {
        long start = System.nanoTime();
        for (Source source : sources) {
            publisher.publish(loader.load(source), options, new SchemaPublisher.Request(round, null, "bench"));
        }
        return System.nanoTime() - start;
    }

    /** The same rows, per schema: delete the old ones and COPY the new ones in one transaction. */
    private static long copyRound(DataSource ds, List<TapRows> all) throws Exception {
        long start = System.nanoTime();
        for (TapRows rows : all) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                String schema = rows.schema().name();
                try (var st = c.prepareStatement("""
                        DELETE FROM tap_schema.key_columns11 WHERE key_id IN (SELECT k.key_id FROM tap_schema.keys11 k
                          JOIN tap_schema.tables11 t ON t.table_name = k.from_table WHERE t.schema_name = ?)""")) {
                    st.setString(1, schema);
                    st.executeUpdate();
                }
                for (String sql : List.of(
                        "DELETE FROM tap_schema.keys11 WHERE from_table IN (SELECT table_name FROM tap_schema.tables11 WHERE schema_name = ?)",
                        "DELETE FROM tap_schema.columns11 WHERE table_name IN (SELECT table_name FROM tap_schema.tables11 WHERE schema_name = ?)",
                        "DELETE FROM tap_schema.tables11 WHERE schema_name = ?",
                        "DELETE FROM tap_schema.schemas11 WHERE schema_name = ?")) {
                    try (var st = c.prepareStatement(sql)) {
                        st.setString(1, schema);
                        st.executeUpdate();
                    }
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                // Every column the service writes, with the values it writes (public, schema index 1).
                var s = rows.schema();
                copy.copyIn("COPY tap_schema.schemas11 (schema_name, utype, description, schema_index, owner_id, read_anon, "
                        + "read_only_group, read_write_group, api_created) FROM STDIN (FORMAT csv)",
                        new StringReader(csv(schema, s.utype(), s.description(), "1", null, "1", null, null, "0")));
                StringBuilder tables = new StringBuilder();
                for (var t : rows.tables()) {
                    tables.append(csv(t.schemaName(), t.name(), t.type(), t.utype(), t.description(),
                            String.valueOf(t.index()), null, "1", null, null, "0"));
                }
                copy.copyIn("COPY tap_schema.tables11 (schema_name, table_name, table_type, utype, description, "
                        + "table_index, owner_id, read_anon, read_only_group, read_write_group, api_created) FROM STDIN "
                        + "(FORMAT csv)", new StringReader(tables.toString()));
                StringBuilder columns = new StringBuilder();
                for (var r : rows.columns()) {
                    columns.append(csv(r.tableName(), r.name(), r.utype(), r.ucd(), r.unit(), r.description(),
                            r.datatype(), r.arraysize(), r.xtype(), str(r.size()), flag(r.principal()), flag(r.indexed()),
                            flag(r.std()), str(r.columnIndex()), r.nullable() == null ? null : flag(r.nullable()),
                            flag(r.primaryKey()), str(r.ordinal())));
                }
                copy.copyIn("COPY tap_schema.columns11 (table_name, column_name, utype, ucd, unit, description, datatype, "
                        + "arraysize, xtype, \"size\", principal, indexed, std, column_index, \"nullable\", primary_key, "
                        + "ordinal) FROM STDIN (FORMAT csv)", new StringReader(columns.toString()));
                StringBuilder keys = new StringBuilder();
                for (var k : rows.keys()) {
                    keys.append(csv(k.keyId(), k.fromTable(), k.targetTable(), k.utype(), k.description()));
                }
                copy.copyIn("COPY tap_schema.keys11 (key_id, from_table, target_table, utype, description) FROM STDIN "
                        + "(FORMAT csv)", new StringReader(keys.toString()));
                StringBuilder keyColumns = new StringBuilder();
                for (var k : rows.keys()) {
                    for (var pair : k.columns()) {
                        keyColumns.append(csv(k.keyId(), pair.fromColumn(), pair.targetColumn()));
                    }
                }
                copy.copyIn("COPY tap_schema.key_columns11 (key_id, from_column, target_column) FROM STDIN (FORMAT csv)",
                        new StringReader(keyColumns.toString()));
                c.commit();
                c.setAutoCommit(true);
            }
        }
        return System.nanoTime() - start;
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    private static String str(Integer value) {
        return value == null ? null : value.toString();
    }

    private static String csv(String... values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (values[i] != null) {
                line.append('"').append(values[i].replace("\"", "\"\"")).append('"');
            }
        }
        return line.append('\n').toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s median %8.1f ms   min %8.1f ms   p90 %8.1f ms%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[0] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6);
    }
}
