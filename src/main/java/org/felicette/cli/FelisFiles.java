package org.felicette.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.Source;
import org.felicette.felis.SourceResolver;

/** Loads Felis files named on the command line (resources resolve beside each file). */
final class FelisFiles {

    private FelisFiles() {
    }

    static FelisLoader.Loaded load(String file, FelisOptions options) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new CommandFailure(file + ": no such file");
        }
        try {
            if (Files.size(path) > options.limits().maxChars()) {
                throw new CommandFailure(file + ": larger than " + options.limits().maxChars() + " bytes");
            }
            return new FelisLoader(options, new SourceResolver(null, options.limits().maxChars()))
                    .load(new Source(file, path, Files.readString(path, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
