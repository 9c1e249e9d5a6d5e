package org.felicette.catalog.publishing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.felicette.StartupException;
import org.felicette.felis.FelisConfig;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.Problem;
import org.felicette.felis.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the schemas of the configured directory when the service starts; a document that
 * has not changed since its last publish is left as it is.
 */
public final class StartupSchemas {

    private static final Logger LOG = LoggerFactory.getLogger(StartupSchemas.class);

    private StartupSchemas() {
    }

    /** The files to publish, in schema_index order. */
    public static List<Path> files(FelisConfig config) {
        Path dir = config.directory();
        if (!config.startup().isEmpty()) {
            return config.startup().stream().map(dir::resolve).toList();
        }
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new StartupException("cannot list the Felis directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates every file first and publishes only when all are valid, so that a broken file
     * leaves the catalogue as it was (as the CLI's publish does).
     *
     * @throws StartupException naming every problem of every invalid file: a service that
     *     silently skipped one would serve a catalogue the operator did not ask for
     */
    public static List<PublishReport> publish(FelisConfig config, SchemaPublisher publisher) {
        List<Path> files = files(config);
        FelisLoader loader = new FelisLoader(config.options(), config.resolver());
        List<FelisLoader.Loaded> loaded = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                if (Files.size(file) > config.maxDocumentBytes()) {
                    throw new StartupException("Felis file " + file + " is larger than " + config.maxDocumentBytes()
                            + " bytes");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StartupException("cannot read Felis file " + file + ": " + e.getMessage(), e);
            }
            FelisLoader.Loaded one = loader.load(new Source(file.toString(), file, text));
            if (!one.valid()) {
                invalid.add("Felis file " + file + " is not valid:\n" + String.join("\n",
                        one.problems().errors().stream().map(Problem::toString).toList()));
            }
            loaded.add(one);
        }
        if (!invalid.isEmpty()) {
            throw new StartupException(String.join("\n", invalid) + "\nnothing was published");
        }
        List<PublishReport> reports = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            PublishReport report = publisher.publish(loaded.get(i), config.options(),
                    new SchemaPublisher.Request(i + 1, null, null));
            LOG.info("schema {} from {}: {} ({} tables, {} columns, {} keys)", report.schema(), files.get(i),
                    report.status(), report.tables(), report.columns(), report.keys());
            reports.add(report);
        }
        return reports;
    }
}
