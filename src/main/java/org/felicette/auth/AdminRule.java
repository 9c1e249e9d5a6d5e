package org.felicette.auth;

import java.util.Set;

/**
 * Admins are named users, or members of named groups; {@code groupUris} says which other names
 * each reported group answers to (see {@link GroupUris}).
 */
public record AdminRule(Set<String> users, Set<String> groups, GroupUris groupUris) {

    public AdminRule {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
        groupUris = groupUris == null ? GroupUris.NONE : groupUris;
    }

    public AdminRule(Set<String> users, Set<String> groups) {
        this(users, groups, GroupUris.NONE);
    }

    public boolean isAdmin(String user, Set<String> memberOf) {
        return user != null && (users.contains(user) || memberOf.stream().anyMatch(groups::contains));
    }

    /** A caller for the given identity, with its memberships and the admin flag this rule gives it. */
    public Caller caller(String user, Set<String> reportedGroups) {
        Set<String> memberships = groupUris.memberships(reportedGroups);
        return new Caller(user, reportedGroups, isAdmin(user, memberships), memberships);
    }
}
