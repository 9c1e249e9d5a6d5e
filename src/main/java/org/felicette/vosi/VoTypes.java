package org.felicette.vosi;

import java.util.Set;

/** VOTable datatypes: what TAP_SCHEMA holds is written as it is when it is one of them. */
public final class VoTypes {

    public static final Set<String> DATATYPES = Set.of("boolean", "bit", "unsignedByte", "short", "int", "long",
            "char", "unicodeChar", "float", "double", "floatComplex", "doubleComplex");

    private VoTypes() {
    }

    /** The VOTable datatype for a TAP_SCHEMA datatype; anything else is served as char. */
    public static String datatype(String tapDatatype) {
        return tapDatatype != null && DATATYPES.contains(tapDatatype) ? tapDatatype : "char";
    }
}
