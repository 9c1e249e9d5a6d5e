package org.felicette;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness under {@code bench/} compiles against the service as it is: a change of
 * the service's types that breaks a benchmark fails the build, not the next person who runs it.
 */
class BenchSourcesTest {

    @Test
    void benchSourcesCompileAgainstTheServiceClasses(@TempDir Path out) throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("bench/src"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
        }
        assertThat(sources).isNotEmpty();
        var javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-proc:none", "-cp",
                System.getProperty("java.class.path")));
        args.addAll(sources);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
    }
}
