package org.felicette.tapschema;

import java.util.List;
import org.felicette.auth.Caller;

/**
 * Who owns a schema or table and who may read and change it: CADC's {@code owner_id},
 * {@code read_anon}, {@code read_only_group} and {@code read_write_group} (the database keeps
 * {@code isPublic} as read_anon's 0 or 1). The rules of DESIGN.md §6 are stated here once: the
 * read rule as a list of {@link Branch}es, which Java evaluates for one object and the database
 * layer renders as SQL for a query over many, so the two cannot disagree.
 */
public record Access(String ownerId, boolean isPublic, String readOnlyGroup, String readWriteGroup) {

    /** Owned by nobody and public: what a Felis schema published without an owner gets. */
    public static final Access PUBLIC = new Access(null, true, null, null);

    /** Private to its owner, shared with no group: what a new user table or schema starts as. */
    public static Access privateTo(String owner) {
        return new Access(owner, false, null, null);
    }

    /** One way an object becomes visible to a caller. */
    public enum Branch {
        /** It has no owner (published for everyone). */
        NO_OWNER,
        /** It is public. */
        PUBLIC,
        /** The caller owns it. */
        OWNER,
        /** It is shared read-only with one of the caller's groups. */
        READ_GROUP,
        /** It is shared read-write with one of the caller's groups. */
        READ_WRITE_GROUP,
        /** (A table) the caller owns its schema. */
        SCHEMA_OWNER
    }

    /** The read rule of a schema: its own permissions only. */
    public static final List<Branch> SCHEMA_READ = List.of(Branch.NO_OWNER, Branch.PUBLIC, Branch.OWNER,
            Branch.READ_GROUP, Branch.READ_WRITE_GROUP);

    /** The read rule of a table: its own permissions, and the owner of its schema sees it too. */
    public static final List<Branch> TABLE_READ = List.of(Branch.NO_OWNER, Branch.PUBLIC, Branch.OWNER,
            Branch.READ_GROUP, Branch.READ_WRITE_GROUP, Branch.SCHEMA_OWNER);

    /** Whether the branch lets the caller see an object of this access (in a schema of {@code schema}'s). */
    public boolean holds(Branch branch, Caller caller, Access schema) {
        return switch (branch) {
            case NO_OWNER -> ownerId == null;
            case PUBLIC -> isPublic;
            case OWNER -> caller.is(ownerId);
            case READ_GROUP -> caller.isMemberOf(readOnlyGroup);
            case READ_WRITE_GROUP -> caller.isMemberOf(readWriteGroup);
            case SCHEMA_OWNER -> schema != null && caller.is(schema.ownerId());
        };
    }

    /** Whether a caller may see this schema (an admin sees everything). */
    public boolean readableBy(Caller caller) {
        return caller.admin() || SCHEMA_READ.stream().anyMatch(b -> holds(b, caller, null));
    }

    /** Whether a caller may see a table of this access in a schema of {@code schema}'s. */
    public boolean readableBy(Caller caller, Access schema) {
        return caller.admin() || TABLE_READ.stream().anyMatch(b -> holds(b, caller, schema));
    }

    /** Whether anyone, signed in or not, may see it: what "public" means in every answer. */
    public boolean readableByAnyone() {
        return readableBy(Caller.ANONYMOUS);
    }

    /** Whether a caller may change it (describe, load, index, create tables in a schema): owner, read-write group, admin. */
    public boolean writableBy(Caller caller) {
        return caller.admin() || caller.is(ownerId) || caller.isMemberOf(readWriteGroup);
    }

    /** Whether a caller may re-share or drop it: its owner, the owner of its schema (for a table), or an admin. */
    public boolean managedBy(Caller caller, Access schema) {
        return caller.admin() || caller.is(ownerId) || schema != null && caller.is(schema.ownerId());
    }
}
