package io.github.netconn.msrpc;

import io.github.netconn.api.SessionSecurity;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The seam between DCE/RPC and SMB: whatever can open an authenticated {@code \PIPE\srvsvc}
 * on a server and move PDUs through it. Two implementations, chosen by
 * {@link MsrpcConnectionEnumerator.Builder#smbLibrary}: {@link SmbjLayer} (the default) and
 * {@link JcifsLayer}. Everything above it — the bind, the request fragment, the joining of
 * reply fragments ({@link SrvsvcPipe}), pooling and the failure mapping — is written once.
 *
 * <p>A layer owns its sessions: one per server, made on the first {@link #open} and reused by
 * later ones, until {@link #release} of that server or {@link #close()}. It throws only {@link Failure} (and the JDK's
 * {@link IOException}s, which mean a broken connection): no library type crosses the seam.
 */
interface SmbLayer extends AutoCloseable {

    /** Opens {@code \PIPE\srvsvc} on {@code host:port}, connecting and logging on first if needed. */
    Pipe open(String host, int port) throws IOException;

    /** What protects the session held for {@code host:port}, or empty if none is held. */
    Optional<SessionSecurity> security(String host, int port);

    /**
     * Gives up the session and connection held for {@code host:port}, if any (a logoff, then
     * a disconnect); the next {@link #open} makes new ones. Best effort: never throws.
     */
    void release(String host, int port);

    /** Closes every pipe, session and connection the layer holds. */
    @Override
    void close();

    /** One open pipe; one call at a time. */
    interface Pipe extends AutoCloseable {

        /** Writes {@code pdu[0..length)} and reads the start of the answer into {@code answer}; returns the bytes read. */
        int transact(byte[] pdu, int length, byte[] answer) throws IOException;

        /** Reads more of the answer into {@code answer[offset..offset+length)}; returns the bytes read. */
        int read(byte[] answer, int offset, int length) throws IOException;

        @Override
        void close();
    }

    /** A failure below DCE/RPC, by kind; what the SMB library threw is only its cause. */
    final class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        enum Kind {
            /** The server refused the logon, or the security settings could not be met. */
            AUTHENTICATION,
            /** The server (or someone on the wire) broke SMB: a bad signature, an unencrypted frame, a forged flag. */
            PROTOCOL,
            /** The host does not resolve, or refused or dropped the connection attempt. */
            UNREACHABLE,
            /** An established connection or pipe broke; a fresh one may work. */
            BROKEN,
            /**
             * The call was cut short by {@link SmbLayer#release} of its server (a sweep's
             * deadline): like {@link #BROKEN}, but not worth another try.
             */
            RELEASED,
            CONNECT_TIMEOUT,
            RESPONSE_TIMEOUT
        }

        private final Kind kind;

        Failure(Kind kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /**
         * This failure, naming the account an NTLM logon was sent for if it is an authentication
         * failure (never the password): what a user reads first when a logon is refused.
         */
        Failure naming(Settings account) {
            if (kind != Kind.AUTHENTICATION || account.user() == null) {
                return this;
            }
            return new Failure(kind, getMessage() + " (logon sent for " + (account.domain().isEmpty() ? ""
                    : account.domain() + "\\") + account.user() + ")", getCause());
        }

        Kind kind() {
            return kind;
        }

        /** Whether an NTSTATUS says the server refused the credentials or the security settings. */
        static boolean refusesLogon(long ntStatus) {
            switch ((int) ntStatus) {
                case 0xC000_0022: // STATUS_ACCESS_DENIED (also what a server that requires encryption answers)
                case 0xC000_006D: // STATUS_LOGON_FAILURE
                case 0xC000_006E: // STATUS_ACCOUNT_RESTRICTION
                case 0xC000_0071: // STATUS_PASSWORD_EXPIRED
                case 0xC000_0072: // STATUS_ACCOUNT_DISABLED
                case 0xC000_0234: // STATUS_ACCOUNT_LOCKED_OUT
                case 0xC000_006A: // STATUS_WRONG_PASSWORD
                case 0xC000_0064: // STATUS_NO_SUCH_USER
                case 0xC000_015B: // STATUS_LOGON_TYPE_NOT_GRANTED
                case 0xC000_0418: // STATUS_NTLM_BLOCKED: the domain has turned NTLM off (use Kerberos)
                    return true;
                default:
                    return false;
            }
        }

        /** The JDK's own ways of not reaching a host, as an UNREACHABLE failure; null for anything else. */
        static Failure unreachable(Throwable t, Throwable failure) {
            if (t instanceof UnknownHostException) {
                return new Failure(Kind.UNREACHABLE, "the host name does not resolve: " + t.getMessage(), failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Failure(Kind.UNREACHABLE, "the host refused or did not take the connection: "
                        + t.getMessage(), failure);
            }
            return null;
        }
    }
}
