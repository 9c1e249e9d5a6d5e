package org.felicette.auth;

import java.util.Set;
import java.util.TreeSet;
import org.felicette.FelicetteException;

/**
 * Who is asking: a user with groups, possibly an admin, or nobody ({@link #ANONYMOUS}).
 *
 * @param user the user name, or null when anonymous
 * @param groups the groups the authenticator reported (sorted, never null)
 * @param admin whether the admin rule of the configuration grants everything
 * @param memberships every name the caller's groups answer to: the groups, and their plain or
 *     URI forms (see {@link GroupUris}); what grants are matched against
 */
public record Caller(String user, Set<String> groups, boolean admin, Set<String> memberships) {

    public static final Caller ANONYMOUS = new Caller(null, Set.of(), false);

    public Caller {
        groups = Set.copyOf(new TreeSet<>(groups));
        memberships = memberships == null ? groups : Set.copyOf(new TreeSet<>(memberships));
        if (user == null && (admin || !groups.isEmpty())) {
            throw new IllegalArgumentException("an anonymous caller has no groups and is no admin");
        }
    }

    /** A caller whose groups answer to no other names. */
    public Caller(String user, Set<String> groups, boolean admin) {
        this(user, groups, admin, null);
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

    /** Whether a grant to {@code group} (a plain name or a group URI) reaches this caller. */
    public boolean isMemberOf(String group) {
        return group != null && memberships.contains(group);
    }

    /** Whether this caller is the given owner. */
    public boolean is(String owner) {
        return user != null && user.equals(owner);
    }
}
