package org.felicette.felis;

import java.util.List;
import java.util.Map;
import org.felicette.FelicetteException;

/** A Felis document that is not valid: every error, one per line, each at file:line:column. */
public final class InvalidFelisException extends FelicetteException {

    public InvalidFelisException(Problems problems) {
        super(Kind.BAD_INPUT, "invalid_felis", message(problems), Map.of(
                "errors", strings(problems.errors()), "warnings", strings(problems.warnings())));
    }

    private static String message(Problems problems) {
        List<Problem> errors = problems.errors();
        StringBuilder text = new StringBuilder("the Felis document is not valid (" + errors.size()
                + (errors.size() == 1 ? " error):" : " errors):"));
        for (Problem error : errors) {
            text.append('\n').append(error);
        }
        return text.toString();
    }

    private static List<String> strings(List<Problem> problems) {
        return problems.stream().map(Problem::toString).toList();
    }
}
