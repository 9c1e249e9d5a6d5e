package org.felicette.felis;

/** One finding about a Felis document: an error makes it invalid, a warning does not. */
public record Problem(Severity severity, Position at, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: message}, with {@code warning: } before a warning's message. */
    @Override
    public String toString() {
        return at + ": " + (isError() ? "" : "warning: ") + message;
    }
}
