package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.felicette.testing.SharedFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Felis schema that felis accepts, from sdm_schemas and felis's own tests, is valid here too. */
class FixtureSchemasTest {

    /** The fixture files, under the shared folder wherever the felicette.shared property puts it. */
    static Stream<String> fixtures() throws IOException {
        Path shared = Path.of(System.getProperty("felicette.shared", "../shared")).resolve("fixtures");
        if (!Files.isDirectory(shared)) {
            return Stream.of("sdm_schemas/schemas/absent.yaml"); // skipped by SharedFiles below
        }
        List<String> files;
        try (Stream<Path> walk = Stream.concat(Files.list(shared.resolve("sdm_schemas/schemas")),
                Files.list(shared.resolve("felis-tests")))) {
            files = walk.filter(p -> p.toString().matches(".*\\.ya?ml")).map(p -> shared.relativize(p).toString())
                    .sorted().toList();
        }
        return files.stream();
    }

    static FelisLoader.Loaded load(String fixture) throws IOException {
        Path path = SharedFiles.path("fixtures/" + fixture);
        return new FelisLoader(FelisOptions.DEFAULT, new SourceResolver(null, 64 << 20))
                .load(new Source(path.toString(), path, Files.readString(path)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void fixtureIsValid(String file) throws IOException {
        FelisLoader.Loaded loaded = load(file);
        assertThat(loaded.problems().errors()).isEmpty();
        assertThat(loaded.valid()).isTrue();
        assertThat(loaded.schema().tables()).isNotEmpty();
        // every unit and UCD of the fixtures is known: no warning at all
        assertThat(loaded.problems().warnings()).isEmpty();
    }
}
