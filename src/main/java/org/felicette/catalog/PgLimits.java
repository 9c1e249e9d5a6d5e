package org.felicette.catalog;

import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.catalog.tables.TableIndexes;

/**
 * PostgreSQL's own limits that a request can reach, checked before any DDL so that each is a 400
 * naming it rather than a failure of the database. (Names are held to 63 bytes by the
 * identifier types, an index to 32 columns by {@link TableIndexes}.)
 */
public final class PgLimits {

    /** The most columns a PostgreSQL table has. */
    static final int MAX_TABLE_COLUMNS = 1600;

    private PgLimits() {
    }

    /** Refuses a table of more columns than PostgreSQL holds; {@code what} names it, e.g. "table user_a.t". */
    public static void checkColumnCount(int columns, String what) {
        if (columns > MAX_TABLE_COLUMNS) {
            throw new FelicetteException(FelicetteException.Kind.BAD_INPUT, "too_many_columns", what + " has "
                    + columns + " columns; a PostgreSQL table holds at most " + MAX_TABLE_COLUMNS,
                    Map.of("columns", columns, "limit", MAX_TABLE_COLUMNS));
        }
    }
}
