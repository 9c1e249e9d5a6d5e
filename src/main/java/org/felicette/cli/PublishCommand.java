package org.felicette.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.felicette.FelicetteConfiguration;
import org.felicette.catalog.publishing.PublishReport;
import org.felicette.catalog.publishing.SchemaPublisher;
import org.felicette.db.Database;
import org.felicette.db.Db;
import org.felicette.db.DatabaseConfig;
import org.felicette.db.Migrations;
import org.felicette.db.SchemaVersions;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;

/**
 * {@code publish FILE… [--index N] [--unique-keys] [--owner USER] config.yml}: publishes Felis
 * files into the TAP_SCHEMA of the configured database, each in its own transaction.
 */
public final class PublishCommand extends ConfiguredCommand<FelicetteConfiguration> {

    public PublishCommand() {
        super("publish", "Publish Felis YAML files into TAP_SCHEMA (as felis load-tap-schema does)");
    }

    @Override
    public void configure(Subparser subparser) {
        // Not super.configure: its optional config-file positional would swallow nothing but leave
        // the files ambiguous; the last positional is the configuration instead.
        subparser.addArgument("arguments").nargs("+").metavar("FILE")
                .help("Felis YAML files, then the service configuration (config.yml)");
        subparser.addArgument("--index").type(Integer.class)
                .help("schema_index of the first schema (the next ones follow: N+1, N+2...)");
        subparser.addArgument("--unique-keys").action(Arguments.storeTrue())
                .help("prefix TAP_SCHEMA key ids with the schema name");
        subparser.addArgument("--owner").help("owner of the schema (default: public, owned by nobody)");
        FelisArguments.addChecks(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        List<String> arguments = namespace.getList("arguments");
        if (arguments.size() < 2) {
            throw new CommandFailure("give one or more Felis files and then the configuration file");
        }
        namespace.getAttrs().put("file", arguments.get(arguments.size() - 1));
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Bootstrap<FelicetteConfiguration> bootstrap, Namespace namespace,
            FelicetteConfiguration config) throws Exception {
        List<String> arguments = namespace.getList("arguments");
        List<String> files = new ArrayList<>(arguments.subList(0, arguments.size() - 1));
        FelisOptions options = FelisArguments.options(namespace, config.felis().options());
        if (namespace.getBoolean("unique_keys")) {
            options = options.withUniqueKeys(true);
        }
        List<FelisLoader.Loaded> loaded = new ArrayList<>();
        for (String file : files) {
            FelisLoader.Loaded one = FelisFiles.load(file, options);
            if (!one.valid()) {
                one.problems().errors().forEach(System.err::println);
                throw new CommandFailure(file + " is not valid; nothing was published");
            }
            loaded.add(one);
        }
        DatabaseConfig.ResolvedDatabase database = config.database().resolve();
        ManagedDataSource dataSource = database.dataSourceFactory().build(bootstrap.getMetricRegistry(), "publish");
        PrintWriter out = new PrintWriter(System.out, true);
        ObjectMapper json = bootstrap.getObjectMapper().copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try {
            SchemaVersions.checkNotNewer(dataSource, config.database().allowNewerSchema());
            if (config.database().migrateOnStartup()) {
                Migrations.migrate(dataSource);
            }
            SchemaPublisher publisher = new SchemaPublisher(Db.over(dataSource));
            Integer index = namespace.getInt("index");
            String user = System.getProperty("user.name");
            for (int i = 0; i < loaded.size(); i++) {
                PublishReport report = publisher.publish(loaded.get(i), options, new SchemaPublisher.Request(
                        index == null ? null : index + i, namespace.getString("owner"), user));
                out.println(json.writeValueAsString(report));
            }
        } finally {
            dataSource.stop();
            database.embedded().ifPresent(e -> e.close());
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        Commands.printFailure(cli, e);
    }
}
