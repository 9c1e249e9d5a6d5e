package org.felicette.tapschema;

import java.time.Instant;
import java.util.List;

/**
 * Where a page of a listing ordered newest first ends: the creation time and id of its last item.
 * The next page is what comes strictly after it in that order, read by the index that keeps the
 * order (never by skipping rows), so a listing's last page is read as fast as its first.
 *
 * @param created the last item's creation time; null for a listing ordered by name alone
 * @param id the last item's id (ties on {@code created} are ordered by id, descending), or its name
 */
public record Keyset(Instant created, String id) {

    /** Where a page of a listing ordered by name ends: its last name. */
    public static Keyset afterName(String name) {
        return new Keyset(null, name);
    }

    /** A page of a listing, and where the next one starts (null on the last page). */
    public record Page<T>(List<T> items, Keyset next) {
    }
}
