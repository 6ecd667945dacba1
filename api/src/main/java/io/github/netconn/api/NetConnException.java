package io.github.netconn.api;

/**
 * Everything that can go wrong with a call after its input was validated (C9). The
 * subclasses are the kinds a caller can tell apart; no exception from a layer below
 * (JNA, jcifs, NDR, sockets) crosses the port except as a cause. Messages never contain
 * a secret (C11).
 */
public abstract sealed class NetConnException extends Exception
        permits NetApiStatusException, AuthenticationException, HostUnreachableException,
                NetConnTimeoutException, ProtocolViolationException {

    private static final long serialVersionUID = 1L;

    protected NetConnException(String message, Throwable cause) {
        super(message, cause);
    }
}
