package org.felicette.api.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.felicette.FelicetteException;
import org.felicette.tapschema.Keyset;

/**
 * A listing's opaque {@code cursor}: a {@link Keyset} as a client carries it from one page's
 * {@code next} link to the next request. A cursor that is not one this service wrote is a 400.
 */
public final class Cursors {

    /** The most items a page holds, and how many when {@code limit} is not given. */
    public static final int MAX_LIMIT = 1000;

    /** The span a cursor's time may name: the years 1 to 9999, well within what PostgreSQL holds. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Cursors() {
    }

    public static String write(Keyset keyset) {
        String created = keyset.created() == null ? "-"
                : Long.toString(keyset.created().getEpochSecond() * 1_000_000L + keyset.created().getNano() / 1000);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k1|" + created + "|" + keyset.id())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The keyset a cursor holds; null for no cursor. */
    public static Keyset read(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8)
                    .split("\\|", 3);
            if (parts.length != 3 || !parts[0].equals("k1") || parts[2].isEmpty() || parts[2].length() > 300) {
                throw new IllegalArgumentException();
            }
            if (parts[1].equals("-")) {
                return Keyset.afterName(parts[2]);
            }
            long micros = Long.parseLong(parts[1]);
            Instant created = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000);
            if (created.isBefore(EARLIEST) || created.isAfter(LATEST)) {
                throw new IllegalArgumentException(); // no item of a listing was made then
            }
            return new Keyset(created, parts[2]);
        } catch (IllegalArgumentException e) {
            throw FelicetteException.badInput("bad_cursor", "cursor '" + cursor + "' is not one this listing gave; "
                    + "start again without it, then follow each page's next link");
        }
    }

    /** {@code limit}: 1 to {@value #MAX_LIMIT} items a page; absent, {@value #MAX_LIMIT}. */
    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return MAX_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw FelicetteException.badInput("bad_limit", "limit must be a number of items from 1 to " + MAX_LIMIT
                + ", not '" + limit + "'");
    }
}
