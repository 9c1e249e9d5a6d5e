package org.felicette.felis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.felicette.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * columnRefs as the current felis documents them: a reference is empty (the column as it is) or
 * takes {@code ref_name} and {@code overrides}; anything else in it has no effect (a warning).
 */
class ColumnRefsTest {

    @TempDir
    static Path dir;

    private static final String BASE = """
            name: base
            tables:
            - name: Source
              columns:
              - {name: ra, datatype: double, description: Right ascension., ivoa:unit: deg}
              - {name: psfFlux, datatype: double, description: PSF flux., ivoa:unit: nJy, tap:column_index: 4}
              - {name: calibFlux, datatype: double, description: Calibration flux.}
              - {name: label, datatype: string, length: 32, description: A label., tap:principal: 1}
            """;

    /** Loads a document that refers to BASE as resource 'base', reported as {@code doc.yaml}. */
    private static FelisLoader.Loaded load(String tables, FelisOptions options) throws IOException {
        Files.writeString(dir.resolve("base.yaml"), BASE);
        Path doc = dir.resolve("doc.yaml");
        Files.writeString(doc, "name: doc\nresources:\n  base: {uri: base.yaml}\ntables:\n" + tables);
        return Fixtures.loadFile(doc, options);
    }

    private static FelisLoader.Loaded load(String tables) throws IOException {
        return load(tables, FelisOptions.DEFAULT);
    }

    private static List<String> messages(List<Problem> problems) {
        return problems.stream().map(p -> p.at().line() + ":" + p.at().column() + ": " + p.message()).toList();
    }

    private static FelisColumn column(FelisLoader.Loaded loaded, String name) {
        return loaded.schema().tables().get(0).column(name).orElseThrow();
    }

    /**
     * felis checks {@code --check-tap-principal} on each table before its columnRefs are filled in:
     * a principal column that arrives only through a reference does not count; one of its own does.
     */
    @Test
    void aPrincipalColumnCountsOnlyWhenItIsTheTablesOwnAsInFelis() throws IOException {
        FelisOptions principal = FelisOptions.DEFAULT.withChecks(false, true, false, false);
        FelisLoader.Loaded throughRef = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                          overrides: {tap:principal: 1}
                """, principal);
        assertThat(messages(throughRef.problems().all())).containsExactly("5:3: table 'T' has no column of its own "
                + "with 'tap:principal: 1' (required by --check-tap-principal; as in felis, columns taken through "
                + "columnRefs do not count)");
        assertThat(column(throughRef, "ra").referenced()).isTrue();
        FelisLoader.Loaded own = load("""
                - name: T
                  columns:
                  - {name: id, datatype: long, tap:principal: 1}
                  columnRefs:
                    base:
                      Source:
                        ra:
                """, principal);
        assertThat(own.problems().all()).isEmpty();
        assertThat(column(own, "id").referenced()).isFalse();
        assertThat(load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                          overrides: {tap:principal: 1}
                """).problems().all()).as("without the check").isEmpty();
    }

    @Test
    void theDocumentedFormIsAccepted() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                        calibFlux:
                          overrides:
                            datatype: float
                        renamed:
                          ref_name: psfFlux
                          overrides: {description: "The PSF flux, renamed.", tap:principal: 1, tap:column_index: 12}
                """);
        assertThat(loaded.problems().all()).isEmpty();
        assertThat(loaded.schema().tables().get(0).columns()).extracting(FelisColumn::name)
                .containsExactly("ra", "calibFlux", "renamed");
        assertThat(column(loaded, "calibFlux").datatype()).isEqualTo(Datatype.FLOAT);
        FelisColumn renamed = column(loaded, "renamed");
        assertThat(renamed.description()).isEqualTo("The PSF flux, renamed.");
        assertThat(renamed.tapPrincipal()).isEqualTo(1);
        assertThat(renamed.tapColumnIndex()).isEqualTo(12);
        assertThat(renamed.ivoaUnit()).isEqualTo("nJy");
        assertThat(renamed.id()).isEqualTo("#T.renamed");
    }

    @Test
    void aColumnNotInTheResourceTableIsAnErrorThatSaysNoRefNameWasGiven() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        flux:
                        other:
                          ref_name: nowhere
                """);
        assertThat(messages(loaded.problems().errors())).containsExactly(
                "9:9: column 'flux' is not in table 'Source' of resource 'base' (no 'ref_name' is given, so the "
                        + "reference's own name is looked for)",
                "10:9: column 'nowhere' is not in table 'Source' of resource 'base' (named by 'ref_name' of 'other')");
    }

    @Test
    void overridesMayNotSetTheseToNull() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                          overrides: {datatype: null, length: null, nullable: null, tap:principal: null}
                """);
        assertThat(messages(loaded.problems().errors())).containsExactly(
                "10:33: the overrides of base.Source.ra may not set 'datatype' to null",
                "10:47: the overrides of base.Source.ra may not set 'length' to null",
                "10:63: the overrides of base.Source.ra may not set 'nullable' to null",
                "10:84: the overrides of base.Source.ra may not set 'tap:principal' to null");
    }

    @Test
    void aNullDescriptionOrIndexClearsIt() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        psfFlux:
                          overrides: {description: null, tap:column_index: null}
                """);
        assertThat(loaded.problems().all()).isEmpty();
        assertThat(column(loaded, "psfFlux").description()).isNull();
        assertThat(column(loaded, "psfFlux").tapColumnIndex()).isNull();
    }

    @Test
    void keysFelisIgnoresAreWarningsThatTheyHaveNoEffect() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                          description: Written without overrides.
                """);
        assertThat(loaded.valid()).isTrue();
        assertThat(messages(loaded.problems().warnings())).containsExactly(
                "10:11: 'description' in the reference to base.Source.ra has no effect (a reference takes 'ref_name' "
                        + "and 'overrides'; an attribute to change goes under 'overrides:')");
        assertThat(column(loaded, "ra").description()).isEqualTo("Right ascension.");
    }

    @Test
    void anUnknownOverrideIsAnError() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                          overrides: {ivoa:unit: arcsec}
                """);
        assertThat(messages(loaded.problems().errors())).singleElement().asString()
                .startsWith("10:23: unknown key 'ivoa:unit' in the overrides of base.Source.ra");
    }

    @Test
    void theIndexIncrementSkipsOverriddenIndexesAndKeepsTheResourcesOwn() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        ra:
                        psfFlux:
                        calibFlux:
                          overrides: {tap:column_index: 99}
                        label:
                """, FelisOptions.DEFAULT.withColumnRefIndexIncrement(10));
        assertThat(loaded.schema().tables().get(0).columns()).extracting(FelisColumn::tapColumnIndex)
                .containsExactly(10, 4, 99, 20);
    }

    @Test
    void everyErrorOfTheDocumentIsReportedAtOnce() throws IOException {
        FelisLoader.Loaded loaded = load("""
                - name: T
                  columnRefs:
                    base:
                      Source:
                        nothing:
                        ra:
                          overrides: {datatype: complex}
                  columns:
                  - {name: c, datatype: int, ivoa:unit: foo}
                """);
        assertThat(messages(loaded.problems().errors())).hasSize(3).anySatisfy(m -> assertThat(m).startsWith("9:9: "))
                .anySatisfy(m -> assertThat(m).startsWith("11:33: override of ra: unknown datatype 'complex'"))
                .anySatisfy(m -> assertThat(m).startsWith("13:41: column 'T.c': invalid unit 'foo'"));
    }
}
