package io.github.netconn.msrpc;

import java.io.IOException;

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

        Kind kind() {
            return kind;
        }
    }
}
