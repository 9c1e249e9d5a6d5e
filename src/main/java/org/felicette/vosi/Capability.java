package org.felicette.vosi;

/**
 * One capability of the service as VOSI lists it.
 *
 * @param standardId the IVOA standard identifier, e.g. {@code ivo://ivoa.net/std/VOSI#tables-1.1}
 * @param path the path of its access URL relative to the service root, e.g. {@code tables}
 * @param takesCredentials whether its interface accepts credentials (and lists the service's
 *     security methods, so that a registry client finds an authenticated access URL)
 */
public record Capability(String standardId, String path, boolean takesCredentials) {
}
