package org.felicette.auth;

import java.util.Set;
import org.felicette.FelicetteException;
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

    /**
     * @throws FelicetteException 401 for an anonymous caller, 403 for one who is not an admin
     */
    public void requireAdmin(String action) {
        requireIdentity(action);
        if (!admin) {
            throw FelicetteException.forbidden("only an admin may " + action);
        }
    }

    /** @throws FelicetteException 401 for an anonymous caller */
    public void requireIdentity(String action) {
        if (isAnonymous()) {
            throw FelicetteException.unauthenticated("authentication is required to " + action);
        }
    }

    public boolean isMemberOf(String group) {
        return group != null && groups.contains(group);
    }
}
