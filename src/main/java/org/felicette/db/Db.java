package org.felicette.db;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The database as the rooms above {@code db} see it: transactions ({@link Tx}) and the DAOs of
 * this package, and nothing of the library that runs them. Only {@code db} knows Jdbi.
 */
public final class Db {

    private final Jdbi jdbi;

    private Db(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A pool the application manages (started, measured and stopped with it), named for its metrics. */
    public static Db managed(Environment environment, DataSourceFactory dataSource, String name) {
        return new Db(new JdbiFactory().build(environment, dataSource, name));
    }

    /** Over a data source (the commands' own, and tests'). */
    public static Db over(DataSource dataSource) {
        return new Db(Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()));
    }

    /** Over a Jdbi already made (tests that also read the database directly). */
    public static Db of(Jdbi jdbi) {
        return new Db(jdbi);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Work in a transaction. */
    @FunctionalInterface
    public interface TxWork<T, X extends Exception> {
        T in(Tx tx) throws X;
    }

    /** Work in a transaction that gives nothing back. */
    @FunctionalInterface
    public interface TxUse<X extends Exception> {
        void in(Tx tx) throws X;
    }

    /** Work with one DAO. */
    @FunctionalInterface
    public interface DaoWork<T, D, X extends Exception> {
        T with(D dao) throws X;
    }

    /** Work with one DAO that gives nothing back. */
    @FunctionalInterface
    public interface DaoUse<D, X extends Exception> {
        void use(D dao) throws X;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T, X extends Exception> T inTransaction(TxWork<T, X> work) throws X {
        return jdbi.inTransaction(handle -> work.in(new Tx(handle)));
    }

    /** As {@link #inTransaction}, every read of the work seeing one snapshot (REPEATABLE READ). */
    public <T, X extends Exception> T inSnapshot(TxWork<T, X> work) throws X {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> work.in(new Tx(handle)));
    }

    public <X extends Exception> void useTransaction(TxUse<X> work) throws X {
        jdbi.useTransaction(handle -> work.in(new Tx(handle)));
    }

    /** Work on one connection, each statement committing on its own. */
    public <T, X extends Exception> T withConnection(TxWork<T, X> work) throws X {
        return jdbi.withHandle(handle -> work.in(new Tx(handle)));
    }

    public <X extends Exception> void useConnection(TxUse<X> work) throws X {
        jdbi.useHandle(handle -> work.in(new Tx(handle)));
    }

    /** A DAO whose every call takes a connection of its own. */
    public <D> D onDemand(Class<D> dao) {
        return jdbi.onDemand(dao);
    }

    public <T, D, X extends Exception> T withExtension(Class<D> dao, DaoWork<T, D, X> work) throws X {
        return jdbi.withExtension(dao, work::with);
    }

    public <D, X extends Exception> void useExtension(Class<D> dao, DaoUse<D, X> work) throws X {
        jdbi.useExtension(dao, work::use);
    }
}
