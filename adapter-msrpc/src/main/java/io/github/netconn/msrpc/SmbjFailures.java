package io.github.netconn.msrpc;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.session.SMB2GuestSigningRequiredException;
import io.github.netconn.msrpc.SmbLayer.Failure;
import io.github.netconn.msrpc.SmbLayer.Failure.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * What smbj or the JDK threw under {@link SmbjLayer}, as a {@link Failure} of its kind: the
 * guard's refusals, smbj's NTSTATUS exceptions, time-outs, unreachable hosts and broken
 * connections; anything else from below means smbj choked on what the server sent.
 */
final class SmbjFailures {

    private SmbjFailures() {
    }

    /** What smbj or the JDK threw, as a {@link Failure} of its kind. */
    static Failure of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof Failure known) {
                return known;
            }
            if (t instanceof SmbjWireGuard.Refused) {
                return new Failure(Kind.PROTOCOL, "refused on the wire: " + t.getMessage(), failure);
            }
            if (t instanceof SMB2GuestSigningRequiredException) {
                return new Failure(Kind.AUTHENTICATION, "the server made the logon a guest session, which cannot be"
                        + " signed; netconn does not fall back", failure);
            }
            if (t instanceof SMBApiException api) {
                return status(api, failure);
            }
            if (t instanceof SMBRuntimeException && String.valueOf(t.getMessage()).startsWith("Could not find a configured"
                    + " authenticator")) { // smbj's words when the NEGOTIATE lists none of the authenticators' mechanisms
                return new Failure(Kind.AUTHENTICATION, "the server offers none of the logon mechanisms asked for ("
                        + t.getMessage() + ")", failure);
            }
            if (t instanceof TimeoutException) {
                return new Failure(Kind.RESPONSE_TIMEOUT, "no response within the time-out", failure);
            }
            if (t instanceof SocketTimeoutException) {
                return new Failure(Kind.CONNECT_TIMEOUT, "no connection within the time-out", failure);
            }
            Failure unreachable = Failure.unreachable(t, failure);
            if (unreachable != null) {
                return unreachable;
            }
        }
        for (Throwable t = failure; t != null && depth++ < 64; t = t.getCause()) {
            if (t instanceof IOException) {
                return new Failure(Kind.BROKEN, "the connection failed: " + t.getMessage(), failure);
            }
        }
        // Anything else from below means smbj choked on what the server sent.
        return new Failure(Kind.PROTOCOL, "smbj could not process the server's answer: " + failure, failure);
    }

    private static Failure status(SMBApiException e, Throwable failure) {
        long code = e.getStatusCode();
        NtStatus status = e.getStatus();
        String name = String.format("%s (0x%08x)", status == NtStatus.STATUS_OTHER ? "NTSTATUS" : status.name(), code);
        if (Failure.refusesLogon(code)) {
            return new Failure(Kind.AUTHENTICATION, "the server refused the logon or its security settings: " + name
                    + " on " + e.getFailedCommand(), failure);
        }
        switch ((int) code) {
            case 0xC000_00B0: // STATUS_PIPE_DISCONNECTED
            case 0xC000_00B1: // STATUS_PIPE_CLOSING
            case 0xC000_014B: // STATUS_PIPE_BROKEN
            case 0xC000_0128: // STATUS_FILE_CLOSED
            case 0xC000_0203: // STATUS_USER_SESSION_DELETED
            case 0xC000_035C: // STATUS_NETWORK_SESSION_EXPIRED
            case 0xC000_00C9: // STATUS_NETWORK_NAME_DELETED
                return new Failure(Kind.BROKEN, "the pipe or session is gone: " + name, failure);
            case 0x8000_0005: // STATUS_BUFFER_OVERFLOW
                return new Failure(Kind.PROTOCOL, "the server answered the pipe's transceive with " + name + ": a reply"
                        + " fragment larger than the " + SrvsvcPipe.MAX_FRAGMENT + " bytes offered in the bind, or one"
                        + " handed out a few bytes at a time", failure);
            default:
                return new Failure(Kind.PROTOCOL, "the server answered " + name + " to " + e.getFailedCommand(), failure);
        }
    }
}
