package org.felicette.cli;

/** A command that ran and found something wrong: exit status 1, with what it printed as the only output. */
public final class CommandFailure extends RuntimeException {

    public CommandFailure(String message) {
        super(message);
    }
}
