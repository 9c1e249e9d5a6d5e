package org.felicette.auth;

import java.util.Set;

/** Admins are named users, or members of named groups. */
public record AdminRule(Set<String> users, Set<String> groups) {

    public AdminRule {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
    }

    public boolean isAdmin(String user, Set<String> memberOf) {
        return user != null && (users.contains(user) || memberOf.stream().anyMatch(groups::contains));
    }

    /** A caller for the given identity, with the admin flag this rule gives it. */
    public Caller caller(String user, Set<String> memberOf) {
        return new Caller(user, memberOf, isAdmin(user, memberOf));
    }
}
