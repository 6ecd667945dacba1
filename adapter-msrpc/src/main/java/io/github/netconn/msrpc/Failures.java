package io.github.netconn.msrpc;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.ProtocolViolationException;
import java.io.IOException;
import java.time.Duration;

/**
 * Maps what the DCE/RPC layer and the SMB layer throw into the port's exception family
 * (C9), the same way for both SMB libraries: the layers have already sorted their library's
 * exceptions into {@link SmbLayer.Failure} kinds, and no library type crosses the port (the
 * original is kept only as the cause). Messages name what failed and where, never a
 * password.
 */
final class Failures {

    private Failures() {
    }

    static NetConnException map(Throwable failure, String where, Duration connectTimeout, Duration responseTimeout) {
        if (failure instanceof NetConnException known) {
            return known;
        }
        if (failure instanceof SrvsvcPipe.ReplyRefused refused) {
            return new ProtocolViolationException(refused.getMessage() + " (" + where + ")", failure);
        }
        if (failure instanceof SmbLayer.Failure smb) {
            String message = smb.getMessage() + " (" + where + ")";
            switch (smb.kind()) {
                case AUTHENTICATION:
                    return new AuthenticationException(message, failure);
                case PROTOCOL:
                    return new ProtocolViolationException(message, failure);
                case CONNECT_TIMEOUT:
                    return new NetConnTimeoutException(NetConnTimeoutException.Phase.CONNECT, connectTimeout, where, failure);
                case RESPONSE_TIMEOUT:
                    return new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, responseTimeout, where, failure);
                default:
                    return new HostUnreachableException(message, failure);
            }
        }
        if (failure instanceof IOException) {
            return new HostUnreachableException("the connection failed: " + failure.getMessage() + " (" + where + ")",
                    failure);
        }
        return new ProtocolViolationException("the server's reply could not be processed: " + failure
                + " (" + where + ")", failure);
    }

    /** Whether the connection under the call is gone, so that a pooled pipe is worth one more try on a fresh one. */
    static boolean connectionLost(Throwable failure) {
        if (failure instanceof SmbLayer.Failure smb) {
            return smb.kind() == SmbLayer.Failure.Kind.BROKEN || smb.kind() == SmbLayer.Failure.Kind.UNREACHABLE;
        }
        return failure instanceof IOException && !(failure instanceof SrvsvcPipe.ReplyRefused);
    }

    /** The C706 / MS-RPCE name of a fault status, with its value. */
    static String faultName(int status) {
        String name;
        switch (status) {
            case 0x1C01_0002: name = "nca_s_op_rng_error"; break;
            case 0x1C01_0003: name = "nca_s_unknown_if"; break;
            case 0x1C01_000B: name = "nca_s_proto_error"; break;
            case 0x1C00_0012: name = "nca_s_fault_unspec"; break;
            case 0x1C01_0014: name = "nca_s_fault_remote_no_memory"; break;
            case 0x0000_0005: name = "ERROR_ACCESS_DENIED"; break;
            case 0x0000_06F7: name = "RPC_X_BAD_STUB_DATA"; break;
            case 0x0000_06D8: name = "RPC_S_CALL_FAILED"; break;
            case 0x0000_06E4: name = "RPC_S_CANNOT_SUPPORT"; break;
            default: name = "status";
        }
        return String.format("%s (0x%08x)", name, status);
    }
}
