package org.felicette.vosi;

import java.util.List;

/**
 * One capability of the service as VOSI lists it.
 *
 * @param standardId the IVOA standard identifier, e.g. {@code ivo://ivoa.net/std/VOSI#tables-1.1}
 * @param path the path of its access URL relative to the service root, e.g. {@code tables}
 * @param takesCredentials whether its interface accepts credentials (and lists the service's
 *     security methods, so that a registry client finds an authenticated access URL)
 * @param uploads for the TAP capability: what TAPRegExt says of its uploads (null for any other)
 */
public record Capability(String standardId, String path, boolean takesCredentials, Uploads uploads) {

    public Capability(String standardId, String path, boolean takesCredentials) {
        this(standardId, path, takesCredentials, null);
    }

    /** TAPRegExt's upload methods (their ivo-ids) and the hard upload limit in bytes. */
    public record Uploads(List<String> methods, long maxBytes) {
    }
}
