package org.felicette.db;

import java.util.List;
import java.util.stream.Collectors;
import org.felicette.tapschema.Access;

/**
 * Who reads, as the read rule needs it in SQL: a user (null when anonymous), the names their
 * groups answer to, and whether the admin rule lets them see everything. The rule itself is
 * {@link Access}'s; this renders its branches over rows of a schemas11 or tables11 alias, with
 * {@code :user} and {@code :groups} bound.
 */
public record Viewer(String user, String[] groups, boolean admin) {

    /** The rule for schemas11 rows of alias {@code a}: their own permissions (an admin sees every row). */
    String schemas(String a) {
        return admin ? "TRUE" : sql(Access.SCHEMA_READ, a);
    }

    /** The rule for tables11 rows of alias {@code a}: their own permissions, and the schema owner's branch. */
    String tables(String a) {
        return admin ? "TRUE" : sql(Access.TABLE_READ, a);
    }

    /**
     * Each branch is backed by an index, so a viewer's rows are found without reading anyone
     * else's. The owned schemas are an ARRAY(...) (an InitPlan run once), not IN (...):
     * PostgreSQL turns an IN subquery inside an OR into a filter over every row, while
     * {@code = ANY(array)} is one more index scan in the BitmapOr (0.3 ms against 59 ms among
     * 100,000 private tables).
     */
    private static String sql(List<Access.Branch> branches, String a) {
        return branches.stream().map(branch -> switch (branch) {
            case NO_OWNER -> a + ".owner_id IS NULL";
            case PUBLIC -> a + ".read_anon = 1";
            case OWNER -> a + ".owner_id = :user";
            case READ_GROUP -> a + ".read_only_group = ANY(:groups)";
            case READ_WRITE_GROUP -> a + ".read_write_group = ANY(:groups)";
            case SCHEMA_OWNER -> a + ".schema_name = ANY(ARRAY(SELECT so.schema_name FROM tap_schema.schemas11 so "
                    + "WHERE so.owner_id = :user))";
        }).collect(Collectors.joining(" OR ", "(", ")"));
    }
}
