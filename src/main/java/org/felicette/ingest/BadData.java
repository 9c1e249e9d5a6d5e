package org.felicette.ingest;

import java.io.IOException;

/**
 * A body that is not what its format says (malformed, truncated, refused for safety). An
 * IOException so that it passes through the readers it is raised under.
 */
public final class BadData extends IOException {

    private static final long serialVersionUID = 1L;
    private final String code;

    public BadData(String message) {
        this("bad_data", message);
    }

    public BadData(String code, String message) {
        super(message);
        this.code = code;
    }

    public BadData(String message, Throwable cause) {
        super(message, cause);
        this.code = "bad_data";
    }

    /** A short machine-readable code, e.g. {@code unknown_column}. */
    public String code() {
        return code;
    }
}
