package io.github.netconn.msrpc;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.ProtocolViolationException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.codelibs.jcifs.smb.dcerpc.DcerpcException;
import org.codelibs.jcifs.smb.impl.SMBSignatureValidationException;
import org.codelibs.jcifs.smb.impl.SmbAuthException;
import org.codelibs.jcifs.smb.impl.SmbException;
import org.codelibs.jcifs.smb.util.transport.ConnectionTimeoutException;
import org.codelibs.jcifs.smb.util.transport.RequestTimeoutException;

/**
 * Maps whatever jcifs or the JDK throws into the port's exception family (C9). No jcifs
 * type crosses the port: the original is kept only as the cause. Messages name what
 * failed and where, never a password (jcifs's own messages carry none).
 */
final class Failures {

    /** NTSTATUS values that mean the credentials or the security settings were refused. */
    private static final int STATUS_ACCESS_DENIED = 0xC000_0022;
    private static final int STATUS_LOGON_FAILURE = 0xC000_006D;
    private static final int STATUS_ACCOUNT_RESTRICTION = 0xC000_006E;
    private static final int STATUS_PASSWORD_EXPIRED = 0xC000_0071;
    private static final int STATUS_ACCOUNT_DISABLED = 0xC000_0072;
    private static final int STATUS_ACCOUNT_LOCKED_OUT = 0xC000_0234;
    private static final int STATUS_WRONG_PASSWORD = 0xC000_006A;
    private static final int STATUS_NO_SUCH_USER = 0xC000_0064;

    /**
     * jcifs 3.0.2 reports signing failures as plain SmbExceptions with no NTSTATUS, so they
     * are told apart by message: the server cannot sign a session we require signed (a guest
     * or anonymous session, or no session key) ...
     */
    private static final List<String> UNSIGNABLE = List.of(
            "IPC signing is enforced, but no signing is available", // SmbTreeImpl
            "Signing enabled but no session key available");        // SmbSessionImpl
    /** ... or a signed reply whose signature is wrong. */
    private static final String BAD_SIGNATURE = "Signature validation failed"; // SmbSessionImpl

    private Failures() {
    }

    static NetConnException map(Throwable failure, String where, Duration connectTimeout, Duration responseTimeout) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof NetConnException known) {
                return known;
            }
            if (t instanceof SrvsvcPipe.ReplyRefused refused) {
                return new ProtocolViolationException(refused.getMessage() + " (" + where + ")", failure);
            }
            if (t instanceof ConnectionTimeoutException) {
                return new NetConnTimeoutException(NetConnTimeoutException.Phase.CONNECT, connectTimeout, where, failure);
            }
            if (t instanceof RequestTimeoutException || t instanceof SocketTimeoutException) {
                return new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, responseTimeout, where, failure);
            }
            if (t instanceof SMBSignatureValidationException
                    || t instanceof SmbException && BAD_SIGNATURE.equals(t.getMessage())) {
                return new ProtocolViolationException("a reply's SMB signature is wrong (" + where + ")", failure);
            }
            if (t instanceof SmbAuthException || t instanceof SmbException smb && refusesCredentials(smb.getNtStatus())
                    || t instanceof SmbException && UNSIGNABLE.contains(t.getMessage())) {
                return new AuthenticationException("the server refused the logon or its security settings: "
                        + t.getMessage() + " (" + where + ")", failure);
            }
            if (t instanceof UnknownHostException) {
                return new HostUnreachableException("the host name does not resolve: " + t.getMessage()
                        + " (" + where + ")", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new HostUnreachableException("the host refused or did not take the connection: "
                        + t.getMessage() + " (" + where + ")", failure);
            }
            if (t instanceof DcerpcException dce && dce.getErrorCode() != 0) {
                return new ProtocolViolationException("DCE/RPC fault " + faultName(dce.getErrorCode())
                        + " (" + where + ")", failure);
            }
        }
        if (failure instanceof DcerpcException) {
            return new ProtocolViolationException("DCE/RPC failure: " + failure.getMessage() + " (" + where + ")", failure);
        }
        if (failure instanceof EOFException || failure instanceof SocketException || failure instanceof IOException) {
            return new HostUnreachableException("the connection failed: " + failure.getMessage() + " (" + where + ")",
                    failure);
        }
        // A runtime exception from below means jcifs choked on what the server sent.
        return new ProtocolViolationException("the server's reply could not be processed: " + failure
                + " (" + where + ")", failure);
    }

    private static boolean refusesCredentials(int status) {
        switch (status) {
            case STATUS_ACCESS_DENIED:
            case STATUS_LOGON_FAILURE:
            case STATUS_ACCOUNT_RESTRICTION:
            case STATUS_PASSWORD_EXPIRED:
            case STATUS_ACCOUNT_DISABLED:
            case STATUS_ACCOUNT_LOCKED_OUT:
            case STATUS_WRONG_PASSWORD:
            case STATUS_NO_SUCH_USER:
                return true;
            default:
                return false;
        }
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
