package io.github.netconn.msrpc;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ImpersonationLevel;
import com.hierynomus.mssmb2.SMB2MessageCommandCode;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMB3EncryptionCipher;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.mssmb2.messages.SMB2Logoff;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.server.ServerList;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.NamedPipe;
import com.hierynomus.smbj.share.PipeShare;
import com.hierynomus.smbj.share.Share;
import io.github.netconn.api.SessionSecurity;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Encryption;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Signing;
import io.github.netconn.msrpc.SmbLayer.Failure.Kind;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;

/**
 * The SMB layer on smbj (com.hierynomus:smbj), the default: SMB 2.0.2 to 3.1.1, signatures
 * verified, SMB3 encryption. smbj's own gaps are closed from outside it: {@link SmbjWireGuard}
 * checks every frame, a guest or null session is refused when credentials were given, and on
 * SMB 3.0 and 3.0.2 the negotiation is confirmed with {@link FsctlValidateNegotiateInfo}.
 *
 * <p>One connection and one session per server, made on the first {@link #open} and shared
 * by every pipe to it; a server whose connection broke is connected again on the next open.
 * Each connection has its own smbj event bus, server list and ClientGuid, so that servers
 * behind one address on several ports stay apart, connecting to one server never waits for
 * another, and no server takes two connections for channels of one client.
 */
final class SmbjLayer implements SmbLayer {

    private final Settings options;
    /** A few reader threads for every connection (see {@link SmbjTransport}), as many as cores, 2 to 8. */
    private final AsynchronousChannelGroup readers;
    private final SmbjWireGuard guard;
    private final SmbConfig config;
    private final SMBClient client;
    private final Map<String, Server> servers = new HashMap<>();
    /** The Kerberos logon's Subject, guarded by {@code options.kerberos()}. */
    private Subject subject;
    private boolean closed;

    /** @param name the enumerator's, which names the reader threads ({@code <name>-smb-reader-N}) */
    SmbjLayer(Settings options, String name) {
        this.options = options;
        this.readers = SmbjTransport.readers(name, Math.max(2, Math.min(8,
                Runtime.getRuntime().availableProcessors())));
        this.guard = new SmbjWireGuard(readers, options.connectTimeout().toMillis());
        List<SMB2Dialect> dialects = new ArrayList<>();
        for (Dialect d : Dialect.values()) {
            if (d.compareTo(options.minDialect()) >= 0 && d.compareTo(options.maxDialect()) <= 0) {
                dialects.add(0, dialect(d)); // newest first
            }
        }
        SmbConfig.Builder builder = SmbConfig.builder();
        if (options.kerberos() != null) {
            builder.withAuthenticators(SmbjKerberos.factories()); // and so no NTLM
        }
        this.config = builder
                .withDialects(dialects)
                .withSigningEnabled(true)
                .withSigningRequired(options.signing() == Signing.REQUIRED && !options.anonymous())
                // smbj then encrypts every SMB 3.x session whose server can, not only those that must
                // (and refuses to be asked at all when no SMB 3 dialect is offered).
                .withEncryptData(options.encryption() != Encryption.OFF && options.maxDialect().compareTo(Dialect.SMB300) >= 0)
                .withDfsEnabled(false)
                .withMultiProtocolNegotiate(false)
                .withTimeout(options.responseTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .withTransportLayerFactory(guard)
                .build();
        this.client = new SMBClient(config, SmbjEvents.bus());
    }

    private static SMB2Dialect dialect(Dialect d) {
        switch (d) {
            case SMB202: return SMB2Dialect.SMB_2_0_2;
            case SMB210: return SMB2Dialect.SMB_2_1;
            case SMB300: return SMB2Dialect.SMB_3_0;
            case SMB302: return SMB2Dialect.SMB_3_0_2;
            case SMB311: return SMB2Dialect.SMB_3_1_1;
            default: throw new IllegalArgumentException("smbj does not speak " + d);
        }
    }

    @Override
    public Pipe open(String host, int port) throws IOException {
        Server server = server(host, port);
        server.busy.incrementAndGet();
        try {
            NamedPipe pipe = server.share.open("srvsvc", SMB2ImpersonationLevel.Impersonation,
                    EnumSet.of(AccessMask.FILE_READ_DATA, AccessMask.FILE_WRITE_DATA, AccessMask.FILE_READ_EA,
                            AccessMask.FILE_READ_ATTRIBUTES, AccessMask.READ_CONTROL, AccessMask.SYNCHRONIZE),
                    null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null);
            return new SmbjPipe(this, server, server.share, pipe);
        } catch (RuntimeException e) {
            throw failed(server, e);
        } finally {
            server.busy.decrementAndGet();
        }
    }

    /** The server's session and IPC$, made now unless a live one exists. */
    private Server server(String host, int port) throws IOException {
        String key = host + ":" + port;
        Server server;
        synchronized (servers) {
            if (closed) {
                throw new IllegalStateException("the enumerator is closed");
            }
            server = servers.computeIfAbsent(key, k -> new Server());
        }
        server.busy.incrementAndGet(); // a release meanwhile must cut the connect short, not wait for it
        try {
            return connected(server, host, port);
        } finally {
            server.busy.decrementAndGet();
        }
    }

    private Server connected(Server server, String host, int port) throws IOException {
        synchronized (server) {
            if (server.released) {
                throw new Failure(Kind.RELEASED, "the server was released", null);
            }
            if (server.share != null && server.connection.isConnected()) {
                return server;
            }
            server.close();
            connect(server, host, port);
            synchronized (servers) {
                if (closed) {
                    server.close();
                    throw new IllegalStateException("the enumerator is closed");
                }
            }
            return server;
        }
    }

    private void connect(Server server, String host, int port) throws IOException {
        try {
            AuthenticationContext logon = options.anonymous() ? AuthenticationContext.anonymous()
                    : options.kerberos() != null ? new SmbjKerberos.Logon(kerberos())
                    : new AuthenticationContext(options.user(), options.password(), options.domain());
            // A ClientGuid of its own: netconn binds no channels together, and Samba hands every new
            // connection of a known ClientGuid over to the process serving it (multichannel), which
            // under a burst of cold connections loses session set-ups.
            SmbConfig own = SmbConfig.builder(config).withClientGuid(UUID.randomUUID()).build();
            ServerList negotiated = new ServerList(); // smbj records the negotiation it completed here
            server.connection = new Connection(own, client, SmbjEvents.bus(), negotiated);
            server.connection.connect(host, port);
            server.checkNotReleased();
            SmbjWireGuard.Guard wire = guard.of(server.connection);
            SMB2Dialect dialect = server.connection.getNegotiatedProtocol().getDialect();
            if (!config.getSupportedDialects().contains(dialect)) {
                throw new Failure(Kind.PROTOCOL, "the server chose " + dialect + ", which netconn did not offer ("
                        + config.getSupportedDialects() + "): the NEGOTIATE was altered on the wire", null);
            }
            if (!dialect.isSmb3x()) {
                MsrpcConnectionEnumerator.LOG.warn("{}:{} speaks {}: nothing protects this negotiation against a"
                        + " downgrade on the wire (SMB 2 was allowed by the lowest dialect, {})", host, port, dialect,
                        options.minDialect());
            }
            server.session = server.connection.authenticate(logon);
            if (!options.anonymous() && (server.session.isGuest() || server.session.isAnonymous())) {
                throw new Failure(Kind.AUTHENTICATION, "the server made the logon of " + logon.getUsername() + " a "
                        + (server.session.isGuest() ? "guest" : "null") + " session; netconn does not fall back", null);
            }
            boolean encrypted = server.session.shouldEncryptData();
            if (options.encryption() == Encryption.REQUIRED && !encrypted) {
                throw new Failure(Kind.AUTHENTICATION, "encryption is required, but the server cannot encrypt on "
                        + dialect + (dialect.isSmb3x() ? " (it offers no cipher)" : " (SMB3 encryption needs SMB 3.0 or newer)"), null);
            }
            String forged = wire.established(server.session, encrypted);
            if (forged != null) {
                throw new Failure(Kind.PROTOCOL, forged, null);
            }
            server.checkNotReleased();
            Share ipc = server.session.connectShare("IPC$");
            if (!(ipc instanceof PipeShare pipes)) {
                throw new Failure(Kind.PROTOCOL, "IPC$ is not a pipe share on this server", null);
            }
            boolean validated = (dialect == SMB2Dialect.SMB_3_0 || dialect == SMB2Dialect.SMB_3_0_2) && !options.anonymous();
            if (validated) {
                validateNegotiation(pipes, wire, negotiated.lookup(host));
            }
            server.security = security(server, encrypted, validated);
            server.share = pipes;
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) { // errors: smbj choked on an answer
            Failure failure = server.released ? new Failure(Kind.RELEASED, "the server was released while connecting", e)
                    : refusedDialects(e) ? new Failure(Kind.AUTHENTICATION, "the server speaks none of the dialects"
                            + " offered, " + options.minDialect() + " to " + options.maxDialect() + " (it answered the NEGOTIATE"
                            + " with " + SmbjFailures.of(e).getMessage() + "); SMB 2 is offered only when asked for, as nothing"
                            + " protects its negotiation on the wire", e)
                    : SmbjFailures.of(e);
            if (server.connection != null) {
                guard.forget(server.connection);
            }
            if (failure.kind() == Kind.AUTHENTICATION) {
                server.close(); // a refused logon may have left a session: log it off
            } else {
                server.drop(); // a broken, hostile or slow server: nothing more is sent
            }
            throw failure.naming(options);
        }
    }

    /** The Subject of the Kerberos logon: the one held while its TGT is current, or a fresh login. */
    private Subject kerberos() throws Failure {
        synchronized (options.kerberos()) {
            if (subject == null || options.kerberos().expired(subject) != null) {
                subject = options.kerberos().login(options.connectTimeout());
            }
            return subject;
        }
    }

    /** Whether the server refused the NEGOTIATE itself: it speaks none of the dialects offered. */
    private static boolean refusedDialects(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SMBApiException api && api.getFailedCommand() == SMB2MessageCommandCode.SMB2_NEGOTIATE) {
                return true;
            }
        }
        return false;
    }

    /** MS-SMB2 3.2.5.5: on SMB 3.0 and 3.0.2, the signed confirmation of the negotiation. */
    private static void validateNegotiation(PipeShare ipc, SmbjWireGuard.Guard wire,
                                            com.hierynomus.smbj.server.Server negotiated) throws Failure {
        byte[] answer;
        try {
            answer = ipc.ioctl(FsctlValidateNegotiateInfo.FSCTL_VALIDATE_NEGOTIATE_INFO, true,
                    FsctlValidateNegotiateInfo.request(wire.negotiateRequest()));
        } catch (RuntimeException e) {
            Failure cause = SmbjFailures.of(e);
            throw new Failure(Kind.PROTOCOL, "the server did not confirm the negotiation (FSCTL_VALIDATE_NEGOTIATE_INFO: "
                    + cause.getMessage() + "); the NEGOTIATE was altered on the wire, or the server is broken", e);
        }
        String mismatch = negotiated == null ? "smbj recorded no negotiation"
                : FsctlValidateNegotiateInfo.mismatch(answer, negotiated);
        if (mismatch != null) {
            throw new Failure(Kind.PROTOCOL, "the negotiation was altered on the wire: " + mismatch, null);
        }
    }

    @Override
    public Optional<SessionSecurity> security(String host, int port) {
        Server server;
        synchronized (servers) {
            server = servers.get(host + ":" + port);
        }
        return server == null ? Optional.empty() : Optional.ofNullable(server.security);
    }

    /** What protects a session just established, in {@link SessionSecurity}'s words. */
    private SessionSecurity security(Server server, boolean encrypted, boolean validated) {
        SMB2Dialect dialect = server.connection.getNegotiatedProtocol().getDialect();
        // smbj 0.14.0 signs with AES-128-CMAC on every SMB 3 dialect (it negotiates no GMAC), HMAC-SHA256 below.
        String signing = encrypted || !server.session.isSigningRequired() ? "none"
                : dialect.isSmb3x() ? "AES-128-CMAC" : "HMAC-SHA256";
        SMB3EncryptionCipher cipher = server.connection.getConnectionContext().getCipherId();
        return new SessionSecurity(dialect.name().substring("SMB_".length()).replace('_', '.'), signing,
                encrypted && cipher != null ? cipher.name().replace('_', '-') : "none",
                options.anonymous() ? "anonymous" : options.kerberos() != null ? "Kerberos" : "NTLMv2",
                dialect == SMB2Dialect.SMB_3_1_1 && !options.anonymous() ? "pre-authentication integrity"
                        : validated ? "VALIDATE_NEGOTIATE_INFO" : "none");
    }

    /** A pipe's failure, by kind; a connection that broke or broke SMB is dropped, without a logoff. */
    private Failure failed(Server server, Throwable e) {
        if (server.released) {
            return new Failure(Kind.RELEASED, "the server was released during the call", e);
        }
        Failure failure = SmbjFailures.of(e);
        // After a response time-out smbj's view of the connection (credits, requests waiting) is not to be trusted.
        if (failure.kind() == Kind.BROKEN || failure.kind() == Kind.PROTOCOL || failure.kind() == Kind.RESPONSE_TIMEOUT) {
            synchronized (server) {
                server.drop();
            }
        }
        return failure;
    }

    /**
     * An idle server is sent a LOGOFF and disconnected. A server with a call in progress (a
     * sweep's deadline, or its abort) is disconnected at once, without the lock the call may
     * hold: the waiting call fails now, as on a broken connection, even in the middle of a
     * TCP connect, and the server frees the session with the TCP connection. Neither waits
     * for the server.
     */
    @Override
    public void release(String host, int port) {
        Server server;
        synchronized (servers) {
            server = servers.remove(host + ":" + port);
        }
        if (server == null) {
            return;
        }
        server.released = true;
        if (server.busy.get() > 0) {
            server.abort();
            return;
        }
        synchronized (server) {
            server.close();
        }
    }

    @Override
    public void close() {
        List<Server> all;
        synchronized (servers) {
            closed = true;
            all = new ArrayList<>(servers.values());
            servers.clear();
        }
        for (Server server : all) {
            synchronized (server) {
                server.close();
            }
        }
        client.close();
        try {
            readers.shutdownNow();
        } catch (IOException e) {
            MsrpcConnectionEnumerator.LOG.debug("stopping the SMB reader threads: {}", e.toString());
        }
    }

    /** One server's connection, session and IPC$; guarded by itself, apart from {@link #abort()}. */
    private static final class Server {
        volatile Connection connection;
        Session session;
        PipeShare share;
        volatile SessionSecurity security;
        /** Calls in progress on this server: connecting, or a pipe's request. */
        final AtomicInteger busy = new AtomicInteger();
        /** Set by {@link SmbjLayer#release}: no new connection or call on this object. */
        volatile boolean released;

        void checkNotReleased() throws Failure {
            if (released) {
                throw new Failure(Kind.RELEASED, "the server was released while connecting", null);
            }
        }

        /**
         * Without the lock: closes the socket and fails every request waiting on it (as
         * {@link SmbjWireGuard} does with a connection it refuses), so that a call stuck on
         * a slow server ends now. What is left is cleaned up by that call's failure.
         */
        void abort() {
            Connection c = connection;
            if (c == null) {
                return;
            }
            try {
                c.close(true);
            } catch (IOException | RuntimeException e) {
                MsrpcConnectionEnumerator.LOG.debug("disconnecting a released server: {}", e.toString());
            }
            try {
                c.handleError(new Failure(Kind.RELEASED, "the server was released", null));
            } catch (RuntimeException e) {
                MsrpcConnectionEnumerator.LOG.debug("failing the requests of a released server: {}", e.toString());
            }
        }

        /**
         * Sends a LOGOFF and disconnects, without waiting for the answer: the server frees the
         * session on either, and whoever releases a server (a sweep's deadline watchdog among
         * them) must not wait a response time-out on a slow one.
         */
        void close() {
            share = null;
            if (session != null && connection != null && connection.isConnected()) {
                try {
                    session.send(new SMB2Logoff(connection.getNegotiatedProtocol().getDialect(), session.getSessionId()));
                } catch (IOException | RuntimeException e) {
                    MsrpcConnectionEnumerator.LOG.debug("logging off: {}", e.toString());
                }
            }
            drop();
        }

        /** Disconnects at once. */
        void drop() {
            share = null;
            session = null;
            security = null;
            if (connection != null) {
                try {
                    connection.close(true);
                } catch (IOException | RuntimeException e) {
                    MsrpcConnectionEnumerator.LOG.debug("disconnecting: {}", e.toString());
                }
                connection = null;
            }
        }
    }

    private record SmbjPipe(SmbjLayer layer, Server server, PipeShare share, NamedPipe pipe) implements Pipe {
        @Override
        public int transact(byte[] pdu, int length, byte[] answer) throws IOException {
            if (!share.isConnected()) {
                // The connection under a pooled pipe ended while it was idle (smbj closes its shares then).
                throw layer.failed(server, new Failure(Kind.BROKEN, "the connection of this pipe has ended", null));
            }
            server.busy.incrementAndGet();
            try {
                return pipe.transact(pdu, 0, length, answer, 0, answer.length);
            } catch (RuntimeException e) {
                throw layer.failed(server, e);
            } finally {
                server.busy.decrementAndGet();
            }
        }

        @Override
        public int read(byte[] answer, int offset, int length) throws IOException {
            server.busy.incrementAndGet();
            try {
                return pipe.read(answer, offset, length);
            } catch (RuntimeException e) {
                throw layer.failed(server, e);
            } finally {
                server.busy.decrementAndGet();
            }
        }

        @Override
        public void close() {
            try {
                pipe.close();
            } catch (RuntimeException e) {
                MsrpcConnectionEnumerator.LOG.debug("closing a pipe: {}", e.toString());
            }
        }
    }
}
