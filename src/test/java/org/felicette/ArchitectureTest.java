package org.felicette;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's floors, kept: each package imports only packages on lower floors (so there is no
 * cycle), SQL and JDBC live in {@code db}, and JAX-RS in {@code api} and {@code vosi}. Read from
 * the sources' own imports and fully qualified names, comments left out.
 */
class ArchitectureTest {

    /** The floors, from the ground up. Packages on one floor may not import each other. */
    private static final Map<String, Integer> FLOOR = Map.ofEntries(
            Map.entry("FelicetteException", 0), Map.entry("StartupException", 0),
            Map.entry("auth", 1),
            Map.entry("tapschema", 2),
            Map.entry("felis", 3), Map.entry("db", 3), Map.entry("ingest", 3),
            Map.entry("catalog", 4),
            Map.entry("vosi", 5), Map.entry("datalink", 5), Map.entry("jobs", 5), Map.entry("uploads", 5),
            Map.entry("api", 6),
            Map.entry("FelicetteConfiguration", 7),
            Map.entry("cli", 8), Map.entry("OrderedStop", 8),
            Map.entry("FelicetteApplication", 9));

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.felicette\\.(\\w+)");
    private static final Pattern JDBC = Pattern.compile("^import (static )?(java\\.sql|javax\\.sql|org\\.postgresql"
            + "|org\\.jdbi\\.v3\\.core\\.(statement|result|mapper|argument)|org\\.jdbi\\.v3\\.sqlobject|liquibase)\\.",
            Pattern.MULTILINE);
    private static final Pattern SQL_TEXT = Pattern.compile("\"\\s*(SELECT\\s|INSERT INTO\\s|UPDATE \\S+ SET\\s"
            + "|DELETE FROM\\s|CREATE (TABLE|SCHEMA|INDEX)\\s|DROP (TABLE|SCHEMA)\\s|ALTER TABLE\\s|GRANT\\s)");
    private static final Pattern JAX_RS = Pattern.compile("^import (static )?jakarta\\.ws\\.rs\\.", Pattern.MULTILINE);

    private record SourceFile(Path path, String room, String code) {
    }

    private static final List<SourceFile> SOURCES = new ArrayList<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("src/main/java/org/felicette");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file);
                String room = relative.getNameCount() == 1 ? relative.toString().replace(".java", "")
                        : relative.getName(0).toString();
                SOURCES.add(new SourceFile(relative, room, withoutComments(Files.readString(file))));
            }
        }
        assertThat(SOURCES).hasSizeGreaterThan(100);
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }

    @Test
    void everyRoomHasAFloor() {
        assertThat(SOURCES).allSatisfy(s -> assertThat(FLOOR).as(s.path().toString()).containsKey(s.room()));
    }

    @Test
    void noPackageImportsOneAboveItOrBesideIt() {
        List<String> wrong = new ArrayList<>();
        for (SourceFile source : SOURCES) {
            Matcher m = REFERENCE.matcher(source.code());
            while (m.find()) {
                String target = m.group(1);
                if (target.equals(source.room()) || !FLOOR.containsKey(target)) {
                    continue;
                }
                if (FLOOR.get(target) >= FLOOR.get(source.room())) {
                    wrong.add(source.path() + " (" + source.room() + ", floor " + FLOOR.get(source.room())
                            + ") uses " + target + " (floor " + FLOOR.get(target) + ")");
                }
            }
        }
        assertThat(wrong.stream().distinct().toList()).isEmpty();
    }

    @Test
    void sqlAndJdbcLiveInDb() {
        List<String> wrong = SOURCES.stream().filter(s -> !s.room().equals("db"))
                .filter(s -> JDBC.matcher(s.code()).find() || SQL_TEXT.matcher(s.code()).find())
                .map(s -> s.path().toString()).toList();
        assertThat(wrong).isEmpty();
    }

    @Test
    void jaxRsLivesInApiAndVosi() {
        List<String> wrong = SOURCES.stream().filter(s -> !s.room().equals("api") && !s.room().equals("vosi"))
                .filter(s -> JAX_RS.matcher(s.code()).find()).map(s -> s.path().toString()).toList();
        assertThat(wrong).isEmpty();
    }

    /** Guards the guard: the patterns find what they are meant to find. */
    @Test
    void thePatternsRecogniseWhatTheyForbid() {
        assertThat(JDBC.matcher("import java.sql.Connection;").find()).isTrue();
        assertThat(JDBC.matcher("import org.jdbi.v3.core.Jdbi;").find()).isFalse();
        assertThat(SQL_TEXT.matcher("String q = \"SELECT 1 FROM x\";").find()).isTrue();
        assertThat(SQL_TEXT.matcher("String q = \"select a table\";").find()).isFalse();
        assertThat(JAX_RS.matcher("import jakarta.ws.rs.GET;").find()).isTrue();
    }
}
