package org.felicette.db;

/**
 * Who reads, as the read rule needs it: a user (null when anonymous), their groups, and whether
 * the admin rule lets them see everything.
 */
public record Viewer(String user, String[] groups, boolean admin) {

    /**
     * The read rule (as CADC's) on rows of alias {@code a}: visible when it has no owner, is
     * public, is the viewer's own, or is shared with one of the viewer's groups. Each branch is
     * backed by an index, so a viewer's rows are found without reading anyone else's.
     */
    static String rule(String a) {
        return "(" + a + ".owner_id IS NULL OR " + a + ".read_anon = 1 OR " + a + ".owner_id = :user OR "
                + a + ".read_only_group = ANY(:groups) OR " + a + ".read_write_group = ANY(:groups))";
    }

    /** The rule for this viewer: an admin sees every row. */
    String filter(String alias) {
        return admin ? "TRUE" : rule(alias);
    }
}
