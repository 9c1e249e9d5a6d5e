package org.felicette.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.Source;
import org.felicette.felis.SourceResolver;

/** Felis documents from ../shared/fixtures, loaded as the service loads files. */
public final class Fixtures {

    private Fixtures() {
    }

    /** @param relative a path under ../shared/fixtures, e.g. {@code sdm_schemas/schemas/dp2.yaml} */
    public static Path path(String relative) {
        return SharedFiles.path("fixtures/" + relative);
    }

    public static FelisLoader.Loaded load(String relative, FelisOptions options) {
        return loadFile(path(relative), options);
    }

    public static FelisLoader.Loaded load(String relative) {
        return load(relative, FelisOptions.DEFAULT);
    }

    public static FelisLoader.Loaded loadFile(Path file, FelisOptions options) {
        try {
            return new FelisLoader(options, new SourceResolver(null, 64 << 20))
                    .load(new Source(file.toString(), file, Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document written by a test, reported under the given name. */
    public static FelisLoader.Loaded loadText(String name, String yaml, FelisOptions options) {
        return new FelisLoader(options, new SourceResolver(null, 64 << 20)).load(new Source(name, null, yaml));
    }
}
