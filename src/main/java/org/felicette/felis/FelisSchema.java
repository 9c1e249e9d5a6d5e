package org.felicette.felis;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Felis schema: the top-level element of a document.
 *
 * @param version the schema version, or null
 * @param resources other schema files this one references columns of, by resource name
 */
public record FelisSchema(String name, String id, String description, String utype, Version version,
        Map<String, Resource> resources, List<FelisTable> tables, Map<String, Position> positions) implements Located {

    /** {@code version: "1.2"} or {@code {current, compatible, read_compatible}}. */
    public record Version(String current, List<String> compatible, List<String> readCompatible) {
    }

    /** A referenced schema file; the URI is relative to the referring file. */
    public record Resource(String name, String uri, Position at) {
    }

    public Optional<FelisTable> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    public FelisSchema withTables(List<FelisTable> newTables) {
        return new FelisSchema(name, id, description, utype, version, resources, List.copyOf(newTables), positions);
    }

    public FelisSchema withId(String newId) {
        return new FelisSchema(name, newId, description, utype, version, resources, tables, positions);
    }
}
