package org.felicette.catalog.access;

import org.felicette.tapschema.Access;

/**
 * Who may see and change a schema or table, in YouCat's terms: {@code owner=}, {@code public=},
 * {@code r-group=}, {@code rw-group=}.
 */
public record Permissions(String owner, boolean isPublic, String readGroup, String readWriteGroup) {

    /**
     * A change: each field is null when it is not to change; an empty string clears a group.
     */
    public record Change(String owner, Boolean isPublic, String readGroup, String readWriteGroup) {

        public boolean isEmpty() {
            return owner == null && isPublic == null && readGroup == null && readWriteGroup == null;
        }
    }

    public static Permissions of(Access a) {
        return new Permissions(a.ownerId(), a.isPublic(), a.readOnlyGroup(), a.readWriteGroup());
    }

    /** The access after a change: what the change gives, and the rest as it is. */
    public static Access apply(Change change, Access current) {
        return new Access(change.owner() != null ? blankToNull(change.owner()) : current.ownerId(),
                change.isPublic() != null ? change.isPublic() : current.isPublic(),
                change.readGroup() != null ? blankToNull(change.readGroup()) : current.readOnlyGroup(),
                change.readWriteGroup() != null ? blankToNull(change.readWriteGroup()) : current.readWriteGroup());
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
