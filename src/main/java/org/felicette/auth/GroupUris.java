package org.felicette.auth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.felicette.FelicetteException;

/**
 * How group URIs name the groups an authenticator reports. YouCat's clients name a group by its
 * GMS URI ({@code ivo://cadc.nrc.ca/gms?friends}); Felicette's authenticators report plain names
 * ({@code friends}), or URIs where the gateway passes them on. With the GMS base URIs of the
 * configuration, a member of {@code friends} is also a member of {@code <base>?friends} and the
 * other way round, so a table shared in either form is shared with the same people.
 *
 * @param bases GMS service URIs without the {@code ?name} part, e.g. {@code ivo://cadc.nrc.ca/gms}
 */
public record GroupUris(List<String> bases) {

    public static final GroupUris NONE = new GroupUris(List.of());

    public GroupUris {
        bases = bases == null ? List.of() : bases.stream().map(String::strip).filter(b -> !b.isEmpty())
                .map(b -> b.endsWith("?") ? b.substring(0, b.length() - 1) : b).toList();
    }

    /** Every name the given groups answer to: as reported, and in each configured URI form or plain. */
    public Set<String> memberships(Set<String> groups) {
        if (bases.isEmpty()) {
            return groups;
        }
        Set<String> all = new LinkedHashSet<>(groups);
        for (String group : groups) {
            String plain = plainName(group);
            if (plain != null) {
                all.add(plain);
            } else if (group.indexOf(':') < 0) {
                // a plain name (a URI of another service names another group)
                for (String base : bases) {
                    all.add(base + "?" + group);
                }
            }
        }
        return all;
    }

    /**
     * Refuses a grant to a group URI of a GMS service this configuration does not name: no caller
     * is reported in such a group in that form, so the grant would be stored and reach nobody. A
     * plain name, and a URI of a configured base, pass.
     *
     * @param what how the request named it, e.g. {@code r-group}
     */
    public void requireKnown(String group, String what) {
        if (group == null || group.isBlank() || !group.contains("://")) {
            return;
        }
        String g = group.strip();
        if (plainName(g) != null) {
            return;
        }
        int q = g.indexOf('?');
        String base = q < 0 ? g : g.substring(0, q);
        throw FelicetteException.badInput("unknown_group_service", what + " '" + g + "' names a group of "
                + (q < 0 ? "no GMS service (a group URI is BASE?NAME)" : "the GMS service " + base)
                + ", which this service does not know: the GMS bases it knows (auth.groupUris) are "
                + (bases.isEmpty() ? "none" : String.join(", ", bases)) + ". A grant to it would reach nobody; "
                + "name the group plainly" + (q < 0 ? "" : " ('" + g.substring(q + 1) + "')")
                + " or add the base to auth.groupUris");
    }

    /** The plain group name of a URI of one of the configured bases, or null for anything else. */
    String plainName(String group) {
        for (String base : bases) {
            if (group.length() > base.length() + 1 && group.startsWith(base) && group.charAt(base.length()) == '?') {
                return group.substring(base.length() + 1);
            }
        }
        return null;
    }
}
