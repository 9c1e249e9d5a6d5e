package org.felicette.cli;

import io.dropwizard.core.cli.Cli;
import org.felicette.FelicetteException;
import org.felicette.StartupException;

/** How commands report failures: an operator's problem in one line, a bug with its stack trace. */
public final class Commands {

    private Commands() {
    }

    public static void printFailure(Cli cli, Throwable e) {
        if (e instanceof StartupException || e instanceof CommandFailure || e instanceof FelicetteException) {
            cli.getStdErr().println("felicette: " + e.getMessage());
        } else {
            e.printStackTrace(cli.getStdErr());
        }
        cli.getStdErr().flush();
    }
}
