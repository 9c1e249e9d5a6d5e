package org.felicette.felis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error and warning of a document, so that all are reported at once. */
public final class Problems {

    private final List<Problem> all = new ArrayList<>();

    public void error(Position at, String message) {
        all.add(new Problem(Problem.Severity.ERROR, at, message));
    }

    public void warning(Position at, String message) {
        all.add(new Problem(Problem.Severity.WARNING, at, message));
    }

    /** Every problem, in the order found. */
    public List<Problem> all() {
        return List.copyOf(all);
    }

    public void addAll(List<Problem> problems) {
        all.addAll(problems);
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Problem::isError);
    }

    public List<Problem> errors() {
        return sorted().stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return sorted().stream().filter(p -> !p.isError()).toList();
    }

    private List<Problem> sorted() {
        return all.stream().distinct().sorted(Comparator.comparing((Problem p) -> p.at().file())
                .thenComparingInt(p -> p.at().line()).thenComparingInt(p -> p.at().column())).toList();
    }
}
