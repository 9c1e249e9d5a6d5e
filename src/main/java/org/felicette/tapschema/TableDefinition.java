package org.felicette.tapschema;

import java.util.List;

/**
 * A table as a client describes it (VOSI table document, VOTable FIELDs or JSON): names as sent,
 * VOTable types. Flags are null when the document does not say.
 */
public record TableDefinition(String name, String description, String utype, List<Column> columns) {

    /** @param columnId CADC's column identifier ({@code vte:columnID}), null when not given */
    public record Column(String name, String description, String datatype, String arraysize, String xtype,
            String unit, String ucd, String utype, Boolean principal, Boolean std, String columnId) {
    }
}
