package org.felicette;

import java.util.Map;

/**
 * A failure the caller can act on. The {@link Kind} says which HTTP status it becomes (the mapping
 * lives in the api package, so the domain never imports JAX-RS); the message is shown to the
 * caller as it is, so it must name what is wrong and where, and never carry SQL or internals.
 */
public class FelicetteException extends RuntimeException {

    /** What went wrong, in terms a client understands; each kind has one HTTP status. */
    public enum Kind {
        BAD_INPUT(400, "bad_input"),
        UNAUTHENTICATED(401, "unauthenticated"),
        FORBIDDEN(403, "forbidden"),
        NOT_FOUND(404, "not_found"),
        METHOD_NOT_ALLOWED(405, "method_not_allowed"),
        NOT_ACCEPTABLE(406, "not_acceptable"),
        CONFLICT(409, "conflict"),
        TOO_LARGE(413, "too_large"),
        UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
        TOO_MANY_REQUESTS(429, "too_many_requests"),
        UNAVAILABLE(503, "unavailable");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** The default machine-readable error code of this kind. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> details;

    public FelicetteException(Kind kind, String message) {
        this(kind, kind.code(), message, Map.of());
    }

    public FelicetteException(Kind kind, String code, String message, Map<String, Object> details) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    /** A short machine-readable code such as {@code bad_datatype}. */
    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static FelicetteException badInput(String code, String message) {
        return new FelicetteException(Kind.BAD_INPUT, code, message, Map.of());
    }

    public static FelicetteException notFound(String message) {
        return new FelicetteException(Kind.NOT_FOUND, message);
    }

    public static FelicetteException forbidden(String message) {
        return new FelicetteException(Kind.FORBIDDEN, message);
    }

    public static FelicetteException unauthenticated(String message) {
        return new FelicetteException(Kind.UNAUTHENTICATED, message);
    }
}
