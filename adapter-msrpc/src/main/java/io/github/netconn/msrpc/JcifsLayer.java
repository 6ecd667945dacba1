package io.github.netconn.msrpc;

import io.github.netconn.api.SessionSecurity;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Encryption;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Signing;
import io.github.netconn.msrpc.SmbLayer.Failure.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.CIFSException;
import org.codelibs.jcifs.smb.SmbPipeResource;
import org.codelibs.jcifs.smb.config.PropertyConfiguration;
import org.codelibs.jcifs.smb.context.BaseContext;
import org.codelibs.jcifs.smb.impl.NtlmPasswordAuthenticator;
import org.codelibs.jcifs.smb.impl.SMBSignatureValidationException;
import org.codelibs.jcifs.smb.impl.SmbAuthException;
import org.codelibs.jcifs.smb.impl.SmbException;
import org.codelibs.jcifs.smb.impl.SmbNamedPipe;
import org.codelibs.jcifs.smb.impl.SmbPipeHandleInternal;
import org.codelibs.jcifs.smb.util.transport.ConnectionTimeoutException;
import org.codelibs.jcifs.smb.util.transport.RequestTimeoutException;

/**
 * The SMB layer on jcifs (org.codelibs:jcifs): SMB1 as well as SMB 2 and 3, for devices that
 * speak nothing newer. What jcifs 3.0.2 cannot do, and netconn cannot add from outside (its
 * classes are package-private or final): it verifies the signature of the session set-up
 * response only, so later replies are accepted whatever their signature; it cannot encrypt;
 * under concurrency it loses some cold sessions. jcifs keeps one session per server in its
 * context and reconnects by itself.
 */
final class JcifsLayer implements SmbLayer {

    /** jcifs's own flags for a DCE/RPC pipe (DcerpcPipeHandle): read-write, transacted. */
    private static final int PIPE_FLAGS = 0x2019F << 16 | SmbPipeResource.PIPE_TYPE_RDWR
            | SmbPipeResource.PIPE_TYPE_DCE_TRANSACT;

    /**
     * jcifs reports signing failures as plain SmbExceptions with no NTSTATUS, so they are told
     * apart by message: the server cannot sign a session we require signed (a guest or
     * anonymous session, or no session key) ...
     */
    private static final List<String> UNSIGNABLE = List.of(
            "IPC signing is enforced, but no signing is available", // SmbTreeImpl
            "Signing enabled but no session key available");        // SmbSessionImpl
    /** ... or a signed reply whose signature is wrong. */
    private static final String BAD_SIGNATURE = "Signature validation failed"; // SmbSessionImpl

    private final Settings settings;
    private final CIFSContext context;

    JcifsLayer(Settings options) {
        this.settings = options;
        BaseContext base;
        try {
            base = new BaseContext(new PropertyConfiguration(properties(options)));
        } catch (CIFSException e) {
            throw new IllegalArgumentException("jcifs refused the configuration: " + e.getMessage(), e);
        }
        this.context = options.anonymous() ? base.withAnonymousCredentials()
                : base.withCredentials(new NtlmPasswordAuthenticator(options.domain(), options.user(),
                        new String(options.password())) /* jcifs takes a String */);
    }

    static Properties properties(Settings options) {
        Properties p = new Properties();
        // Never broadcast, never follow DFS referrals: every packet goes to the host asked for.
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.client.dfs.disabled", "true");
        p.setProperty("jcifs.lmCompatibility", "3");
        p.setProperty("jcifs.client.allowGuestFallback", "false");
        p.setProperty("jcifs.client.minVersion", options.minDialect().name());
        p.setProperty("jcifs.client.maxVersion", options.maxDialect().name());
        p.setProperty("jcifs.client.disableSMB1", Boolean.toString(options.minDialect() != Dialect.SMB1));
        // Without SMB1 there is no need for jcifs's SMB1 negotiate first: one round trip less.
        p.setProperty("jcifs.client.useSMB2Negotiation", Boolean.toString(options.minDialect() != Dialect.SMB1));
        p.setProperty("jcifs.client.ipcSigningEnforced",
                Boolean.toString(options.signing() == Signing.REQUIRED && !options.anonymous()));
        p.setProperty("jcifs.client.encryptionEnabled", Boolean.toString(options.encryption() != Encryption.OFF));
        p.setProperty("jcifs.client.connTimeout", Long.toString(options.connectTimeout().toMillis()));
        p.setProperty("jcifs.client.responseTimeout", Long.toString(options.responseTimeout().toMillis()));
        p.setProperty("jcifs.client.soTimeout", Long.toString(Math.max(options.responseTimeout().toMillis(), 35_000)));
        return p;
    }

    @Override
    public Pipe open(String host, int port) throws IOException {
        SmbNamedPipe file = new SmbNamedPipe("smb://" + host + ":" + port + "/IPC$/srvsvc", PIPE_FLAGS, false, context);
        SmbPipeHandleInternal handle = null;
        try {
            handle = file.openPipe().unwrap(SmbPipeHandleInternal.class);
            handle.ensureOpen(); // connect, log on, tree connect and open now, so that failures belong to open
            return new JcifsPipe(file, handle);
        } catch (IOException | RuntimeException e) {
            close(handle, file);
            throw failure(e).naming(settings);
        }
    }

    /**
     * Nothing: jcifs pools its transports (connection and sessions) in the context and has
     * no public way to close one server's; they stay until {@link #close()} (or until jcifs's
     * own idle time-out ends them). So a call in progress is not cut short either: a sweep's
     * deadline on jcifs ends the server's result, but the call holds its slot until the
     * connect and per-response time-outs end it. (The enumerator above drops the server's
     * idle pipes, which is all that can be given up.)
     */
    @Override
    public void release(String host, int port) {
    }

    /**
     * The same for every session: jcifs 3.0.2 does not say which dialect it chose, checks the
     * signature of the logon's last response only, cannot encrypt and validates no negotiation.
     */
    @Override
    public Optional<SessionSecurity> security(String host, int port) {
        return Optional.of(new SessionSecurity("unknown", "logon only", "none",
                settings.anonymous() ? "anonymous" : "NTLMv2", "none"));
    }

    @Override
    public void close() {
        try {
            context.close();
        } catch (CIFSException e) {
            MsrpcConnectionEnumerator.LOG.debug("closing the SMB connections: {}", e.toString());
        }
    }

    private record JcifsPipe(SmbNamedPipe file, SmbPipeHandleInternal handle) implements Pipe {
        @Override
        public int transact(byte[] pdu, int length, byte[] answer) throws IOException {
            try {
                if (handle.isStale()) {
                    throw new IOException("the pipe is no longer open");
                }
                return handle.sendrecv(pdu, 0, length, answer, answer.length);
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        @Override
        public int read(byte[] answer, int offset, int length) throws IOException {
            try {
                return handle.recv(answer, offset, length);
            } catch (IOException | RuntimeException e) {
                throw failure(e);
            }
        }

        @Override
        public void close() {
            JcifsLayer.close(handle, file);
        }
    }

    private static void close(SmbPipeHandleInternal handle, SmbNamedPipe file) {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (CIFSException e) {
            MsrpcConnectionEnumerator.LOG.debug("closing a pipe: {}", e.toString());
        } finally {
            file.close();
        }
    }

    /** What jcifs or the JDK threw, as a {@link Failure} of its kind. */
    static Failure failure(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause()) {
            if (t instanceof Failure known) {
                return known;
            }
            if (t instanceof ConnectionTimeoutException) {
                return new Failure(Kind.CONNECT_TIMEOUT, "no connection within the time-out", failure);
            }
            if (t instanceof RequestTimeoutException || t instanceof SocketTimeoutException) {
                return new Failure(Kind.RESPONSE_TIMEOUT, "no response within the time-out", failure);
            }
            if (t instanceof SMBSignatureValidationException
                    || t instanceof SmbException && BAD_SIGNATURE.equals(t.getMessage())) {
                return new Failure(Kind.PROTOCOL, "a reply's SMB signature is wrong", failure);
            }
            if (t instanceof SmbAuthException || t instanceof SmbException smb && Failure.refusesLogon(smb.getNtStatus())
                    || t instanceof SmbException && UNSIGNABLE.contains(t.getMessage())) {
                return new Failure(Kind.AUTHENTICATION, "the server refused the logon or its security settings: "
                        + t.getMessage(), failure);
            }
            Failure unreachable = Failure.unreachable(t, failure);
            if (unreachable != null) {
                return unreachable;
            }
        }
        if (failure instanceof IOException) {
            return new Failure(Kind.BROKEN, "the connection failed: " + failure.getMessage(), failure);
        }
        // A runtime exception from below means jcifs choked on what the server sent.
        return new Failure(Kind.PROTOCOL, "jcifs could not process the server's answer: " + failure, failure);
    }
}
