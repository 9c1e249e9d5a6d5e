package org.felicette.api.tables;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.felicette.FelicetteException;
import org.felicette.catalog.access.Permissions;
import org.felicette.tapschema.Access;

/**
 * YouCat's permission headers, as its clients send and read them: {@code x-vosi-owner},
 * {@code x-vosi-auth-read} ({@code true}: a caller must authenticate to read, the object is
 * private; {@code false}: it is public), {@code x-vosi-group-ro}, {@code x-vosi-group-rw}, and
 * the {@code x-vosi-unset-*} headers that clear one.
 */
final class PermissionHeaders {

    static final String OWNER = "x-vosi-owner";
    static final String AUTH_READ = "x-vosi-auth-read";
    static final String GROUP_RO = "x-vosi-group-ro";
    static final String GROUP_RW = "x-vosi-group-rw";
    static final String UNSET_AUTH_READ = "x-vosi-unset-auth-read";
    static final String UNSET_GROUP_RO = "x-vosi-unset-group-ro";
    static final String UNSET_GROUP_RW = "x-vosi-unset-group-rw";

    private PermissionHeaders() {
    }

    /** The change the request's headers ask for; an empty one when it has none. */
    static Permissions.Change read(HttpHeaders headers) {
        String owner = headers.getHeaderString(OWNER);
        Boolean isPublic = null;
        if (isTrue(headers, UNSET_AUTH_READ)) {
            isPublic = false;
        } else if (headers.getHeaderString(AUTH_READ) != null) {
            isPublic = !authenticatedRead(headers.getHeaderString(AUTH_READ));
        }
        String ro = isTrue(headers, UNSET_GROUP_RO) ? "" : group(headers.getHeaderString(GROUP_RO));
        String rw = isTrue(headers, UNSET_GROUP_RW) ? "" : group(headers.getHeaderString(GROUP_RW));
        return new Permissions.Change(owner == null ? null : owner.strip(), isPublic, ro, rw);
    }

    /**
     * {@code x-vosi-auth-read}: whether a caller must authenticate to read. {@code null} or empty
     * means what YouCat makes of it, private.
     */
    private static boolean authenticatedRead(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "null", "" -> true;
            case "false" -> false;
            default -> throw FelicetteException.badInput("bad_permission", AUTH_READ + " must be true (private: "
                    + "callers must authenticate) or false (public), not '" + value + "'");
        };
    }

    private static boolean isTrue(HttpHeaders headers, String name) {
        String value = headers.getHeaderString(name);
        return value != null && value.strip().equalsIgnoreCase("true");
    }

    /** A group as given (plain name or group URI); "null" or empty clears it. */
    private static String group(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.equalsIgnoreCase("null") ? "" : v;
    }

    /** The headers YouCat answers with for an object that has an owner (none for the rest). */
    static Map<String, String> of(Access access) {
        Map<String, String> out = new LinkedHashMap<>();
        if (access.ownerId() != null) {
            out.put(OWNER, access.ownerId());
            out.put(AUTH_READ, access.isPublic() ? "false" : "true");
            if (access.readOnlyGroup() != null) {
                out.put(GROUP_RO, access.readOnlyGroup());
            }
            if (access.readWriteGroup() != null) {
                out.put(GROUP_RW, access.readWriteGroup());
            }
        }
        return out;
    }

    static Response.ResponseBuilder add(Response.ResponseBuilder response, Map<String, String> headers) {
        headers.forEach(response::header);
        return response;
    }
}
