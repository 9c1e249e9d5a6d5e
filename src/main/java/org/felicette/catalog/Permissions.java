package org.felicette.catalog;

/**
 * Who may see and change a schema or table, in YouCat's terms: {@code owner=}, {@code public=},
 * {@code r-group=}, {@code rw-group=}.
 */
public record Permissions(String owner, boolean isPublic, String readGroup, String readWriteGroup) {

    /**
     * A change: each field is null when it is not to change; an empty string clears a group.
     */
    public record Change(String owner, Boolean isPublic, String readGroup, String readWriteGroup) {
        public static final Change NONE = new Change(null, null, null, null);

        public boolean isEmpty() {
            return owner == null && isPublic == null && readGroup == null && readWriteGroup == null;
        }
    }

    static Permissions of(TapRows.Access a) {
        return new Permissions(a.ownerId(), a.readAnon() == 1, a.readOnlyGroup(), a.readWriteGroup());
    }

    /** The access after a change: what the change gives, and the rest as it is. */
    static TapRows.Access apply(Change change, TapRows.Access current) {
        return new TapRows.Access(change.owner() != null ? blankToNull(change.owner()) : current.ownerId(),
                change.isPublic() != null ? (change.isPublic() ? 1 : 0) : current.readAnon(),
                change.readGroup() != null ? blankToNull(change.readGroup()) : current.readOnlyGroup(),
                change.readWriteGroup() != null ? blankToNull(change.readWriteGroup()) : current.readWriteGroup());
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
