package io.github.netconn.api;

/** The server broke the protocol: a malformed, truncated or oversized reply, a DCE/RPC fault, or paging without progress (C7). The message says what was wrong and where, enough to debug, and never echoes a secret. */
public final class ProtocolViolationException extends NetConnException {

    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }
}
