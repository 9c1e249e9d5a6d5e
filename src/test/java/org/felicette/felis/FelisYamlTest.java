package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.felicette.testing.SharedFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

class FelisYamlTest {

    private static final Resolver SNAKEYAML = new Resolver();
    private static final Resolver FAST = new FelisYaml.WordResolver();

    /** Values at every edge of SnakeYAML's implicit types. */
    private static final List<String> EDGES = List.of("", "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO",
            "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
            "NULL", "~", "nullable", "Nothing", "offset", "Off by one", "trueish", "FALSEY", "0", "-1", "+1", "0x1F",
            "0o17", "0b101", "1_000", "1.5", "-1.5e3", ".5", ".inf", "-.Inf", ".nan", ".NaN", "1:30", "190:20:30.15",
            "2001-12-14", "2001-12-14t21:59:43.10-05:00", "<<", "<x", "=", "!x", "&x", "*x", "\0", "deg", "nJy",
            "arcsec**2", "meta.id;src", "pos.eq.ra", "An object's ID", "Total flux", "f", "t", "o", "T", "F", "O",
            "ñandú", "Ünïcode", "12 apples", "1e5", "1E5", "-", "+", ".", "..", "_", "a" + "b".repeat(200));

    @Test
    void wordResolverAgreesWithSnakeYamlAtTheEdges() {
        for (String value : EDGES) {
            for (boolean implicit : new boolean[] {true, false}) {
                assertThat(FAST.resolve(NodeId.scalar, value, implicit))
                        .as("'%s' implicit=%s", value, implicit)
                        .isEqualTo(SNAKEYAML.resolve(NodeId.scalar, value, implicit));
            }
        }
    }

    @Test
    void wordResolverAgreesWithSnakeYamlOnEveryScalarOfTheFixtures() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("fixtures/sdm_schemas/schemas", "fixtures/felis-tests")) {
            try (Stream<Path> list = Files.list(SharedFiles.path(dir))) {
                list.filter(p -> p.toString().matches(".*\\.ya?ml")).forEach(files::add);
            }
        }
        int scalars = 0;
        for (Path file : files) {
            for (Event event : new Yaml().parse(new StringReader(Files.readString(file)))) {
                if (event instanceof ScalarEvent scalar) {
                    boolean implicit = scalar.getImplicit().canOmitTagInPlainScalar();
                    assertThat(FAST.resolve(NodeId.scalar, scalar.getValue(), implicit))
                            .as("%s: '%s'", file.getFileName(), scalar.getValue())
                            .isEqualTo(SNAKEYAML.resolve(NodeId.scalar, scalar.getValue(), implicit));
                    scalars++;
                }
            }
        }
        assertThat(scalars).isGreaterThan(40_000);
    }
}
