package org.felicette.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.PrintWriter;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.felicette.felis.FelisLoader;
import org.felicette.felis.FelisOptions;
import org.felicette.felis.Problem;

/** {@code validate [--check-…] FILE…}: exit 0 when every file is valid, 1 with the messages when not. */
public final class ValidateCommand extends Command {

    private final PrintWriter out;

    public ValidateCommand() {
        this(new PrintWriter(System.out, true));
    }

    ValidateCommand(PrintWriter out) {
        super("validate", "Validate Felis YAML files as felis validate does, with file:line:column messages");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("files").nargs("+").metavar("FILE").help("Felis YAML files");
        FelisArguments.addChecks(subparser);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        FelisOptions options = FelisArguments.options(namespace, FelisOptions.DEFAULT);
        int invalid = 0;
        List<String> files = namespace.getList("files");
        for (String file : files) {
            FelisLoader.Loaded loaded = FelisFiles.load(file, options);
            for (Problem problem : loaded.problems().warnings()) {
                out.println(problem);
            }
            for (Problem problem : loaded.problems().errors()) {
                out.println(problem);
            }
            if (loaded.valid()) {
                out.println(file + ": valid (schema " + loaded.schema().name() + ", " + loaded.schema().tables().size()
                        + " tables, " + loaded.schema().tables().stream().mapToInt(t -> t.columns().size()).sum()
                        + " columns)");
            } else {
                invalid++;
                out.println(file + ": not valid (" + loaded.problems().errors().size() + " errors)");
            }
        }
        out.flush();
        if (invalid > 0) {
            throw new CommandFailure(invalid + " of " + files.size() + " files are not valid");
        }
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        Commands.printFailure(cli, e);
    }
}
