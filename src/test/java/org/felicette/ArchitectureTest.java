package org.felicette;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the compiled classes cannot show (see {@link ArchitectureRulesTest} for the floors): SQL text
 * lives in {@code db}. Read from the sources, comments left out.
 */
class ArchitectureTest {

    private static final Pattern JDBC = Pattern.compile("^import (static )?(java\\.sql|javax\\.sql|org\\.postgresql"
            + "|org\\.jdbi\\.v3\\.core\\.(statement|result|mapper|argument)|org\\.jdbi\\.v3\\.sqlobject|liquibase)\\.",
            Pattern.MULTILINE);
    private static final Pattern SQL_TEXT = Pattern.compile("\"\\s*(SELECT\\s|INSERT INTO\\s|UPDATE \\S+ SET\\s"
            + "|DELETE FROM\\s|CREATE (TABLE|SCHEMA|INDEX)\\s|DROP (TABLE|SCHEMA)\\s|ALTER TABLE\\s|GRANT\\s)");

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
    void sqlAndJdbcLiveInDb() {
        List<String> wrong = SOURCES.stream().filter(s -> !s.room().equals("db"))
                // SQLite's file format keeps each table's CREATE statement as text in its schema table: a
                // field of the file the SQLite writer makes, never a statement sent to PostgreSQL
                .filter(s -> JDBC.matcher(s.code()).find() || SQL_TEXT.matcher(s.code()).find()
                        && !s.path().toString().equals("ingest/sqlite/SqliteOut.java"))
                .map(s -> s.path().toString()).toList();
        assertThat(wrong).isEmpty();
    }

    /** Guards the guard: the patterns find what they are meant to find. */
    @Test
    void thePatternsRecogniseWhatTheyForbid() {
        assertThat(JDBC.matcher("import java.sql.Connection;").find()).isTrue();
        assertThat(JDBC.matcher("import org.jdbi.v3.core.Jdbi;").find()).isFalse();
        assertThat(SQL_TEXT.matcher("String q = \"SELECT 1 FROM x\";").find()).isTrue();
        assertThat(SQL_TEXT.matcher("String q = \"select a table\";").find()).isFalse();
    }
}
