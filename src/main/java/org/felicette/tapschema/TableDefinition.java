package org.felicette.tapschema;

import java.util.List;

/**
 * A table as a client describes it (VOSI table document, VOTable FIELDs or JSON): names as sent,
 * VOTable types. Flags are null when the document does not say.
 */
/**
 * @param foreignKeys the table's foreign keys when the document states them (an empty list: none),
 *     or null when it does not (a change then leaves them as they are)
 */
public record TableDefinition(String name, String description, String utype, List<Column> columns,
        List<ForeignKey> foreignKeys) {

    public TableDefinition(String name, String description, String utype, List<Column> columns) {
        this(name, description, utype, columns, null);
    }

    /** A foreign key as given: the table it points at and its column pairs (VODataService's foreignKey). */
    public record ForeignKey(String targetTable, List<ColumnPair> columns, String description, String utype) {
    }

    /** One column of this table and the column of the target it matches. */
    public record ColumnPair(String fromColumn, String targetColumn) {
    }

    /** @param columnId CADC's column identifier ({@code vte:columnID}), null when not given */
    public record Column(String name, String description, String datatype, String arraysize, String xtype,
            String unit, String ucd, String utype, Boolean principal, Boolean std, String columnId) {
    }
}
