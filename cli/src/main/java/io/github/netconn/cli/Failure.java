package io.github.netconn.cli;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;

/**
 * Why one query failed, as the command reports it: a kind (which decides the exit code),
 * a Win32 code for the sample's {@code Error: N} line, its symbolic name, and a message.
 *
 * <p>A server status keeps its own code. The other kinds carry no status of their own, so
 * they are shown with the Win32 code {@code NetConnectionEnum} reports for the same kind of
 * failure on Windows: ERROR_LOGON_FAILURE (1326), ERROR_BAD_NETPATH (53), ERROR_TIMEOUT
 * (1460), RPC_S_CALL_FAILED (1726).
 *
 * @param kind    what went wrong
 * @param code    the unsigned Win32 / NET_API_STATUS code
 * @param name    the symbolic name of {@code code}
 * @param message the detail (the exception's message), never a secret
 */
record Failure(Kind kind, long code, String name, String message) {

    /** The kinds of failure, each with its exit code, its name in JSON and CSV, and words for people. */
    enum Kind {
        STATUS("status", "the server returned a status", Netconn.EXIT_STATUS),
        AUTHENTICATION("authentication", "authentication failed", Netconn.EXIT_AUTHENTICATION),
        UNREACHABLE("unreachable", "host unreachable", Netconn.EXIT_NETWORK),
        TIMEOUT("timeout", "timed out", Netconn.EXIT_NETWORK),
        PROTOCOL("protocol", "protocol violation", Netconn.EXIT_PROTOCOL),
        /** A server line of a sweep the adapter cannot use (a single query exits with 2 instead). */
        INVALID("invalid", "invalid server", Netconn.EXIT_USAGE);

        private final String label;
        private final String words;
        private final int exitCode;

        Kind(String label, String words, int exitCode) {
            this.label = label;
            this.words = words;
            this.exitCode = exitCode;
        }

        String label() {
            return label;
        }

        int exitCode() {
            return exitCode;
        }
    }

    static Failure of(NetConnException e) {
        if (e instanceof NetApiStatusException status) {
            return new Failure(Kind.STATUS, status.code(), status.symbolicName(), e.getMessage());
        }
        if (e instanceof AuthenticationException) {
            return new Failure(Kind.AUTHENTICATION, 1326, "ERROR_LOGON_FAILURE", e.getMessage());
        }
        if (e instanceof HostUnreachableException) {
            return new Failure(Kind.UNREACHABLE, 53, "ERROR_BAD_NETPATH", e.getMessage());
        }
        if (e instanceof NetConnTimeoutException) {
            return new Failure(Kind.TIMEOUT, 1460, "ERROR_TIMEOUT", e.getMessage());
        }
        return new Failure(Kind.PROTOCOL, 1726, "RPC_S_CALL_FAILED", e.getMessage());
    }

    static Failure invalid(IllegalArgumentException e) {
        return new Failure(Kind.INVALID, 87, "ERROR_INVALID_PARAMETER", e.getMessage());
    }

    /**
     * The detail for people, always starting with the name and number:
     * {@code ERROR_ACCESS_DENIED (0x00000005): Access is denied. (...)} for a status,
     * {@code ERROR_LOGON_FAILURE (1326), authentication failed: ...} for the others.
     */
    String detail() {
        if (kind == Kind.STATUS) {
            return message;
        }
        return name + " (" + code + "), " + kind.words + ": " + message;
    }
}
