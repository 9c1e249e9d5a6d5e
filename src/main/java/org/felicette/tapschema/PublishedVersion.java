package org.felicette.tapschema;

import java.time.Instant;

/** A published version of a Felis schema, as listed (without its documents). */
public record PublishedVersion(long id, String name, String felisVersion, String checksum, Integer schemaIndex,
        String ownerId, int tableCount, int columnCount, int keyCount, String publishedBy, Instant publishedAt) {
}
