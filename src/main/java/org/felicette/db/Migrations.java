package org.felicette.db;

import java.sql.Connection;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/** Applies the Liquibase changelogs of the top-level {@code migrations/} folder. */
public final class Migrations {

    /** The master changelog on the class path (the build copies {@code migrations/} there). */
    public static final String CHANGELOG = "migrations/master.yaml";

    private Migrations() {
    }

    /** Brings the database to the latest change set; a no-op when it is there already. */
    @SuppressWarnings("deprecation") // Liquibase.update is what Dropwizard's own db migrate calls
    public static void migrate(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
            // Liquibase prints each change set to standard output; send that to the log instead.
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            // Liquibase turns auto-commit off. Handed back to a pool like that, the connection would
            // make Jdbi believe a transaction is already open, and Jdbi would then never commit.
            connection.setAutoCommit(true);
        }
    }
}
