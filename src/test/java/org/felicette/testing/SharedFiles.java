package org.felicette.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's shared folder ({@code ../shared}: IVOA XSDs, Felis fixtures) sits beside the
 * checkout in CI; a fresh clone without it skips the tests that need it.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    public static Path root() {
        Path shared = Path.of(System.getProperty("felicette.shared", "../shared")).toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "no shared folder at " + shared);
        return shared;
    }

    public static Path path(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "no " + p);
        return p;
    }
}
