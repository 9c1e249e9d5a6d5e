package org.felicette.catalog.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.felicette.StartupException;
import org.felicette.db.Db;
import org.felicette.felis.FelisConfig;
import org.felicette.testing.TestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupSchemasTest {

    private static Jdbi jdbi;
    private static SchemaPublisher publisher;

    @BeforeAll
    static void database() {
        jdbi = TestDatabase.jdbi(TestDatabase.freshMigratedDatabase());
        publisher = new SchemaPublisher(Db.of(jdbi));
    }

    private static FelisConfig config(Path dir) {
        return new ObjectMapper().convertValue(Map.of("directory", dir.toString()), FelisConfig.class);
    }

    private static int schemas(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM tap_schema.schemas WHERE schema_name = :s")
                .bind("s", name).mapTo(Integer.class).one());
    }

    @Test
    void anInvalidFilePublishesNothingAndNamesEveryProblem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a_first.yaml"), "name: startup_first\ntables:\n- name: t\n  columns:\n"
                + "  - {name: c, datatype: int}\n");
        Files.writeString(dir.resolve("b_broken.yaml"), "name: startup_broken\ntables:\n- name: t\n  columns:\n"
                + "  - {name: c, datatype: integer}\n");
        Files.writeString(dir.resolve("c_broken.yaml"), "name: startup_broken2\ntables:\n- name: t\n  colums: []\n");
        assertThatThrownBy(() -> StartupSchemas.publish(config(dir), publisher))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("b_broken.yaml:5:25: column 't.c': unknown datatype 'integer'")
                .hasMessageContaining("c_broken.yaml:4:3: unknown key 'colums'")
                .hasMessageContaining("nothing was published");
        assertThat(schemas("startup_first")).isZero();
    }

    @Test
    void validFilesArePublishedInNameOrder(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.yaml"), "name: startup_b\ntables:\n- name: t\n  columns:\n"
                + "  - {name: c, datatype: int}\n");
        Files.writeString(dir.resolve("a.yaml"), "name: startup_a\ntables:\n- name: t\n  columns:\n"
                + "  - {name: c, datatype: int}\n");
        assertThat(StartupSchemas.publish(config(dir), publisher)).extracting(PublishReport::schema)
                .containsExactly("startup_a", "startup_b");
        int indexOfB = jdbi.withHandle(h -> h.createQuery(
                "SELECT schema_index FROM tap_schema.schemas WHERE schema_name = 'startup_b'").mapTo(Integer.class).one());
        assertThat(indexOfB).isEqualTo(2);
    }
}
