package io.github.netconn.api;

import java.util.Optional;

/**
 * The server (or Netapi32) returned a status other than NERR_Success and ERROR_MORE_DATA.
 * The raw code is kept; {@link #kind()} sorts it into what a caller usually needs to tell
 * apart. The message is shaped {@code ERROR_ACCESS_DENIED (0x00000005): Access is denied.},
 * followed by what was being done.
 */
public final class NetApiStatusException extends NetConnException {

    private static final long serialVersionUID = 1L;

    /** What a status means for the caller (C9). */
    public enum Kind {
        /** ERROR_ACCESS_DENIED: the account may not enumerate connections, sessions or files. */
        ACCESS_DENIED,
        /** No such share, computer or user: ERROR_INVALID_NAME, NERR_NetNameNotFound, NERR_ClientNameNotFound, NERR_UserNotFound. */
        NOT_FOUND,
        /** ERROR_INVALID_PARAMETER. */
        INVALID_PARAMETER,
        /** ERROR_INVALID_LEVEL. */
        INVALID_LEVEL,
        /** ERROR_NOT_ENOUGH_MEMORY. */
        NOT_ENOUGH_MEMORY,
        /** Any other code. */
        OTHER
    }

    private final long code;

    /**
     * @param code    the unsigned status as returned
     * @param context what was being done, for the message (never a secret); may be null
     */
    public NetApiStatusException(long code, String context) {
        super(StatusCode.describe(Dword.check(code, "status")) + (context == null ? "" : " (" + context + ")"), null);
        this.code = code;
    }

    /** The raw NET_API_STATUS or Win32 error code, unsigned. */
    public long code() {
        return code;
    }

    /** The table entry of the code, if the table knows it. */
    public Optional<StatusCode> status() {
        return StatusCode.of(code);
    }

    /** The symbolic name, or the number in hex if the code is unknown. */
    public String symbolicName() {
        return status().map(Enum::name).orElse(String.format("0x%08X", code));
    }

    public Kind kind() {
        return status().map(NetApiStatusException::kindOf).orElse(Kind.OTHER);
    }

    private static Kind kindOf(StatusCode status) {
        switch (status) {
            case ERROR_ACCESS_DENIED:
                return Kind.ACCESS_DENIED;
            case ERROR_INVALID_NAME:
            case NERR_NetNameNotFound:
            case NERR_ClientNameNotFound:
            case NERR_UserNotFound:
                return Kind.NOT_FOUND;
            case ERROR_INVALID_PARAMETER:
                return Kind.INVALID_PARAMETER;
            case ERROR_INVALID_LEVEL:
                return Kind.INVALID_LEVEL;
            case ERROR_NOT_ENOUGH_MEMORY:
                return Kind.NOT_ENOUGH_MEMORY;
            default:
                return Kind.OTHER;
        }
    }
}
