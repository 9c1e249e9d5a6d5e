package org.felicette.ingest;

import java.io.IOException;

/** A body that went past a limit while it was read; an IOException so that it passes through the readers. */
public final class LimitExceeded extends IOException {

    private static final long serialVersionUID = 1L;
    private final String code;
    private final long limit;

    public LimitExceeded(String code, String message, long limit) {
        super(message);
        this.code = code;
        this.limit = limit;
    }

    public String code() {
        return code;
    }

    public long limit() {
        return limit;
    }
}
