package org.felicette.tapschema;

/**
 * A schema as a client describes it (the one {@code schema} of a VOSI tableset, YouCat's
 * {@code application/x-vosi-schema}); fields are null when the document does not say.
 */
public record SchemaDefinition(String name, String description, String utype) {

    public static final SchemaDefinition EMPTY = new SchemaDefinition(null, null, null);
}
