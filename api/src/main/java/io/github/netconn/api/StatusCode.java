package io.github.netconn.api;

import java.util.Optional;

/**
 * The status codes netconn knows by name: NET_API_STATUS and Win32 error codes that
 * {@code NetConnectionEnum}, {@code NetSessionEnum}, {@code NetFileEnum} and their MS-SRVS calls return, and the RPC codes
 * netapi32 reports for a failed call. Both adapters share this one table. A code that is
 * not here is still kept by its number ({@link NetApiStatusException#code()}).
 */
public enum StatusCode {
    NERR_Success(0, "The operation completed successfully."),
    ERROR_ACCESS_DENIED(5, "Access is denied."),
    ERROR_NOT_ENOUGH_MEMORY(8, "Not enough memory resources are available to process this command."),
    ERROR_NOT_SUPPORTED(50, "The request is not supported."),
    ERROR_BAD_NETPATH(53, "The network path was not found."),
    ERROR_NETNAME_DELETED(64, "The specified network name is no longer available."),
    ERROR_BAD_NET_NAME(67, "The network name cannot be found."),
    ERROR_INVALID_PARAMETER(87, "The parameter is incorrect."),
    ERROR_INVALID_NAME(123, "The filename, directory name, or volume label syntax is incorrect."),
    ERROR_INVALID_LEVEL(124, "The system call level is not correct."),
    ERROR_MORE_DATA(234, "More data is available."),
    ERROR_LOGON_FAILURE(1326, "The user name or password is incorrect."),
    ERROR_ACCOUNT_RESTRICTION(1327, "Account restrictions are preventing this user from signing in."),
    ERROR_ACCOUNT_DISABLED(1331, "This user can't sign in because this account is currently disabled."),
    RPC_S_SERVER_UNAVAILABLE(1722, "The RPC server is unavailable."),
    RPC_S_CALL_FAILED(1726, "The remote procedure call failed."),
    RPC_S_PROCNUM_OUT_OF_RANGE(1745, "The procedure number is out of range."),
    RPC_X_BAD_STUB_DATA(1783, "The stub received bad data."),
    ERROR_ACCOUNT_LOCKED_OUT(1909, "The referenced account is currently locked out and may not be logged on to."),
    NERR_ServerNotStarted(2114, "The Server service is not started."),
    NERR_BufTooSmall(2123, "The API return buffer is too small."),
    NERR_UserNotFound(2221, "The user name could not be found."),
    NERR_NetNameNotFound(2310, "This shared resource does not exist."),
    NERR_ClientNameNotFound(2312, "A session does not exist with that computer name."),
    NERR_InvalidComputer(2351, "This computer name is invalid.");

    private final long code;
    private final String message;

    StatusCode(long code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The numeric value, an unsigned DWORD. */
    public long code() {
        return code;
    }

    /** The system message for the code, as Windows words it. */
    public String message() {
        return message;
    }

    /** The entry for {@code code}, or empty if the table does not know it. */
    public static Optional<StatusCode> of(long code) {
        for (StatusCode status : values()) {
            if (status.code == code) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code NAME (0x0000000C): message} for a known code, a line naming the number for an
     * unknown one.
     */
    public static String describe(long code) {
        return of(code)
                .map(status -> String.format("%s (0x%08X): %s", status.name(), code, status.message))
                .orElseGet(() -> String.format("status 0x%08X (%d): not a code netconn knows by name", code, code));
    }
}
