package org.felicette.felis;

/**
 * The SQL type a Felis datatype becomes by default in each dialect felis supports, so that an
 * override which says the same thing can be called redundant (felis's --check-redundant-datatypes).
 */
final class SqlTypes {

    private SqlTypes() {
    }

    static String defaultType(Datatype type, Integer length, String dialect) {
        boolean mysql = dialect.equals("mysql");
        return switch (type) {
            case BOOLEAN -> "BOOLEAN";
            case BYTE -> mysql ? "TINYINT" : "SMALLINT";
            case SHORT -> "SMALLINT";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case FLOAT -> mysql ? "FLOAT" : "REAL";
            case DOUBLE -> mysql ? "DOUBLE" : "DOUBLE PRECISION";
            case CHAR -> "CHAR(" + length + ")";
            case STRING -> "VARCHAR(" + length + ")";
            case UNICODE -> mysql ? "NVARCHAR(" + length + ")" : "VARCHAR(" + length + ")";
            case TEXT -> "TEXT";
            case BINARY -> mysql ? "LONGBLOB" : "BYTEA";
            case TIMESTAMP -> mysql ? "DATETIME" : "TIMESTAMP WITHOUT TIME ZONE";
        };
    }
}
