package org.felicette.felis;

import java.util.Optional;

/**
 * A column's unit and UCD checked on their own, as the Felis validator checks them in a document:
 * for a description being written (the page's step 2, {@code POST /preview/columns}).
 */
public final class FieldChecks {

    /** What is wrong, in the Felis rules' words, and the value likely meant (null if none). */
    public record FieldProblem(String message, String suggestion) {
    }

    private FieldChecks() {
    }

    /** Whether a unit breaks the Felis rules (as felis: astropy's Unit(...) must read it). */
    public static Optional<FieldProblem> unitProblem(String unit) {
        Units.Check check = Units.check(unit);
        if (check.valid()) {
            return Optional.empty();
        }
        String better = Units.suggestion(unit);
        return Optional.of(new FieldProblem("invalid unit '" + unit + "': " + check.error()
                + (better == null ? "" : "; did you mean '" + better + "'?"), better));
    }

    /** Whether a UCD breaks the UCD1+ rules. */
    public static Optional<FieldProblem> ucdProblem(String ucd) {
        return Ucds.check(ucd).map(reason -> new FieldProblem("invalid UCD '" + ucd + "': " + reason, null));
    }
}
