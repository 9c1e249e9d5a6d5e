package org.felicette.cli;

import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.felicette.felis.FelisOptions;

/** The felis-style options shared by the commands that read Felis files. */
final class FelisArguments {

    private FelisArguments() {
    }

    static void addChecks(Subparser parser) {
        parser.addArgument("--check-description").action(Arguments.storeTrue())
                .help("every schema, table and column must have a description");
        parser.addArgument("--check-tap-principal").action(Arguments.storeTrue())
                .help("every table must have a column with tap:principal: 1");
        parser.addArgument("--check-tap-table-indexes").action(Arguments.storeTrue())
                .help("every table must have a tap:table_index");
        parser.addArgument("--check-redundant-datatypes").action(Arguments.storeTrue())
                .help("mysql:datatype / postgresql:datatype must not repeat the default type");
        parser.addArgument("--no-id-generation").action(Arguments.storeTrue())
                .help("do not generate missing @id values (a missing @id is then an error)");
        parser.addArgument("--column-ref-index-increment").type(Integer.class).metavar("N")
                .help("number referenced columns without a tap:column_index N, 2N, 3N... per referenced table");
    }

    static FelisOptions options(Namespace ns, FelisOptions base) {
        return base.withChecks(ns.getBoolean("check_description"), ns.getBoolean("check_tap_principal"),
                        ns.getBoolean("check_tap_table_indexes"), ns.getBoolean("check_redundant_datatypes"))
                .withIdGeneration(!ns.getBoolean("no_id_generation"))
                .withColumnRefIndexIncrement(ns.getInt("column_ref_index_increment"));
    }
}
