package io.github.netconn.api;

/** The host could not be reached: its name does not resolve, the connection was refused or reset, or it went away during the call. */
public final class HostUnreachableException extends NetConnException {

    private static final long serialVersionUID = 1L;

    public HostUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
