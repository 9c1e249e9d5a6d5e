package org.felicette;

/**
 * The service cannot start for a reason an operator can fix (the data directory is held by
 * another process, the database cannot be reached, the configuration is inconsistent). The
 * command line prints its message as one line, without a stack trace.
 */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
