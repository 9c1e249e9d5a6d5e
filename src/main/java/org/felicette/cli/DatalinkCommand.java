package org.felicette.cli;

import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.ManagedDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.felicette.FelicetteConfiguration;
import org.felicette.auth.Caller;
import org.felicette.catalog.CatalogReader;
import org.felicette.datalink.DatalinkExport;
import org.felicette.datalink.DatalinkFiles;
import org.felicette.datalink.DatalinkService;
import org.felicette.datalink.Snippet;
import org.felicette.db.Database;
import org.felicette.db.DatabaseConfig;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.TapSchemaMapper;
import org.felicette.tapschema.TapRows;
import org.felicette.db.Db;

/**
 * {@code datalink export --out DIR [--snippets DIR] [--minimal FILE] [FELIS FILE…]}, offline
 * from Felis files as Rubin's build does, or {@code datalink export --out DIR --config
 * config.yml} from the database of a service.
 */
public final class DatalinkCommand extends Command {

    public DatalinkCommand() {
        super("datalink", "Export DataLink artefacts (column lists, manifest, snippets, zips)");
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("action").choices("export").help("what to do");
        subparser.addArgument("felis").nargs("*").metavar("FELIS_FILE").help("Felis files to build from (offline)");
        subparser.addArgument("--out").required(true).help("directory to write into");
        subparser.addArgument("--snippets").help("directory of service-descriptor snippets (*.xml)");
        subparser.addArgument("--minimal").help("a columns-minimal.yaml to take the minimal lists from");
        subparser.addArgument("--config").help("export from the database of this service configuration instead");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        Path out = Path.of(namespace.getString("out"));
        List<String> felis = namespace.getList("felis");
        String config = namespace.getString("config");
        if (config != null && !felis.isEmpty()) {
            throw new CommandFailure("give Felis files or --config, not both");
        }
        List<Snippet> snippets = DatalinkExport.snippets(namespace.getString("snippets") == null ? null
                : Path.of(namespace.getString("snippets")));
        Map<String, List<String>> principal;
        Map<String, List<String>> minimal = new TreeMap<>();
        if (config != null) {
            FelicetteConfiguration configuration = new DefaultConfigurationFactoryFactory<FelicetteConfiguration>()
                    .create(FelicetteConfiguration.class, bootstrap.getValidatorFactory().getValidator(),
                            bootstrap.getObjectMapper(), "dw")
                    .build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                            new EnvironmentVariableSubstitutor(false)), config);
            DatabaseConfig.ResolvedDatabase database = configuration.database().resolve();
            ManagedDataSource dataSource = database.dataSourceFactory().build(bootstrap.getMetricRegistry(), "export");
            try {
                Db db = Db.over(dataSource);
                DatalinkService service = new DatalinkService(db, new CatalogReader(db, () -> 0));
                Caller everything = new Caller("datalink-export", java.util.Set.of(), true);
                principal = service.principal(everything);
                minimal.putAll(service.minimal(everything));
                if (namespace.getString("snippets") == null) {
                    snippets = service.snippets();
                }
            } finally {
                dataSource.stop();
                database.embedded().ifPresent(e -> e.close());
            }
        } else {
            if (felis.isEmpty()) {
                throw new CommandFailure("give Felis files to build from, or --config to export from a database");
            }
            List<TapRows> schemas = new ArrayList<>();
            for (String file : felis) {
                FelisLoader.Loaded loaded = FelisFiles.load(file, FelisOptions.DEFAULT);
                if (!loaded.valid()) {
                    loaded.problems().errors().forEach(System.err::println);
                    throw new CommandFailure(file + " is not valid");
                }
                schemas.add(TapSchemaMapper.map(loaded.schema(), FelisOptions.DEFAULT));
            }
            principal = DatalinkExport.principal(schemas);
            principal.keySet().forEach(t -> minimal.put(t, List.of()));
        }
        if (namespace.getString("minimal") != null) {
            Path file = Path.of(namespace.getString("minimal"));
            minimal.putAll(DatalinkService.parseColumnsDocument(Files.readString(file, StandardCharsets.UTF_8),
                    DatalinkFiles.MINIMAL_KEY, file.toString()));
        }
        Map<String, List<String>> sortedMinimal = new LinkedHashMap<>(new TreeMap<>(minimal));
        for (Path written : DatalinkExport.write(out, principal, sortedMinimal, snippets)) {
            System.out.println(written);
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        Commands.printFailure(cli, e);
    }
}
