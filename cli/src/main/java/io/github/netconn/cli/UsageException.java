package io.github.netconn.cli;

/** The command line cannot be run as given: exit code 2, with a message saying why. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
