package org.felicette.auth;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who is asking: a user with groups, possibly an admin, or nobody ({@link #ANONYMOUS}).
 *
 * @param user the user name, or null when anonymous
 * @param groups the groups the user belongs to (sorted, never null)
 * @param admin whether the admin rule of the configuration grants everything
 */
public record Caller(String user, Set<String> groups, boolean admin) {

    public static final Caller ANONYMOUS = new Caller(null, Set.of(), false);

    public Caller {
        groups = Set.copyOf(new TreeSet<>(groups));
        if (user == null && (admin || !groups.isEmpty())) {
            throw new IllegalArgumentException("an anonymous caller has no groups and is no admin");
        }
    }

    public boolean isAnonymous() {
        return user == null;
    }

    public boolean isMemberOf(String group) {
        return group != null && groups.contains(group);
    }
}
