package org.felicette.vosi;

import java.util.List;

/**
 * One capability of the service as VOSI lists it.
 *
 * @param standardId the IVOA standard identifier, e.g. {@code ivo://ivoa.net/std/VOSI#tables-1.1}
 * @param path the path of its access URL relative to the service root, e.g. {@code tables}
 * @param takesCredentials whether its interface accepts credentials (and lists the service's
 *     security methods, so that a registry client finds an authenticated access URL)
 * @param tableAccess for the TAP capability: what TAPRegExt says of it (null for any other)
 */
public record Capability(String standardId, String path, boolean takesCredentials, TableAccess tableAccess) {

    public Capability(String standardId, String path, boolean takesCredentials) {
        this(standardId, path, takesCredentials, null);
    }

    /** DALI's examples: a page for a browser (a vr:WebBrowser interface), not a parameter interface. */
    public static final String DALI_EXAMPLES = "ivo://ivoa.net/std/DALI#examples";

    public boolean forBrowsers() {
        return DALI_EXAMPLES.equals(standardId);
    }

    /**
     * What TAPRegExt says of the TAP service: its upload methods (their ivo-ids) and hard upload
     * limit in bytes; its row limits (MAXREC's default and most), its execution duration, the ADQL
     * geometry functions it offers, and how long async results are kept (seconds).
     */
    public record TableAccess(List<String> uploadMethods, long maxUploadBytes, long defaultMaxRec, long maxRec,
            int executionSeconds, List<String> geometry, long retentionSeconds) {
    }
}
