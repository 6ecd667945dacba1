package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionPage;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.CIFSException;
import org.codelibs.jcifs.smb.config.PropertyConfiguration;
import org.codelibs.jcifs.smb.context.BaseContext;
import org.codelibs.jcifs.smb.impl.NtlmPasswordAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network adapter: asks any SMB server — Windows, Samba, a NAS — who is connected to
 * its shares, with MS-SRVS {@code NetrConnectionEnum} (opnum 8) over DCE/RPC on
 * {@code \PIPE\srvsvc}, in pure Java on jcifs (SMB 2 and 3).
 *
 * <pre>{@code
 * try (MsrpcConnectionEnumerator enumerator = MsrpcConnectionEnumerator.builder()
 *         .credentials("CORP", "auditor", password)
 *         .build()) {
 *     List<ConnectionInfo> entries = enumerator.enumerateAll(
 *             ConnectionQuery.on("fs01.corp.example", Qualifier.of("DATA"), InfoLevel.LEVEL_1));
 * }
 * }</pre>
 *
 * <p>Queries name the host as {@code name}, {@code \\name}, {@code address} or
 * {@code host:port} (IPv4 or a name; the port defaults to {@link Builder#port}). One
 * enumerator logs on once per server with its credentials and keeps that SMB session for
 * later calls (C12); each thread in a call uses its own pipe on that session, so the
 * enumerator is safe to share between threads. {@link #close()} closes every pipe,
 * session and connection.
 *
 * <p>Security defaults: NTLMv2 only; SMB signing required on IPC$; no fallback to guest;
 * names resolved by DNS only (never a NetBIOS broadcast); DFS off. Kerberos is not
 * supported by this adapter yet.
 */
public final class MsrpcConnectionEnumerator implements ConnectionEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(MsrpcConnectionEnumerator.class);

    /** SMB dialects, oldest first. */
    public enum Dialect { SMB1, SMB202, SMB210, SMB300, SMB302, SMB311 }

    /**
     * SMB3 encryption of the session. jcifs 3.0.2 encrypts only when the server demands it,
     * and its set-up of encryption fails ("A KDF requires Ki"): its encryption context is
     * made before the session key exists, and its transport never calls its own encryption
     * code anyway. So a server that requires encryption cannot be reached through jcifs
     * today; the call fails with an {@link io.github.netconn.api.AuthenticationException}
     * that says so, and {@link #REQUIRED} is refused when the enumerator is built rather
     * than silently sending unencrypted traffic.
     */
    public enum Encryption {
        /** Never encrypt; a server that requires encryption refuses the session. */
        OFF,
        /** Encrypt when the server requires it (the default; see above for jcifs 3.0.2). */
        IF_SERVER_REQUIRES,
        /** Encrypt always, or fail: not available with jcifs 3.0.2, so {@code build()} refuses it. */
        REQUIRED
    }

    /** SMB signing of the IPC$ session that carries the pipe. */
    public enum Signing {
        /** Refuse an unsigned IPC$ session (the default; not possible with anonymous logon). */
        REQUIRED,
        /** Sign when the server asks for it. */
        IF_SERVER_REQUIRES
    }

    private final Builder options;
    private final CIFSContext context;
    private final Map<String, ArrayDeque<SrvsvcPipe>> idlePipes = new HashMap<>();
    private boolean closed;

    private MsrpcConnectionEnumerator(Builder options) {
        this.options = options;
        BaseContext base;
        try {
            base = new BaseContext(new PropertyConfiguration(options.jcifsProperties()));
        } catch (CIFSException e) {
            throw new IllegalArgumentException("jcifs refused the configuration: " + e.getMessage(), e);
        }
        this.context = options.anonymous ? base.withAnonymousCredentials()
                : base.withCredentials(new NtlmPasswordAuthenticator(options.domain, options.user, options.password));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ConnectionPage enumeratePage(ConnectionQuery query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException {
        String hostAndPort = hostAndPort(query);
        String where = "NetrConnectionEnum on " + hostAndPort + ", qualifier " + query.qualifier().wireValue()
                + ", level " + query.level().value();
        byte[] request = NetrConnectionEnum.request("\\\\" + host(hostAndPort), query.qualifier().wireValue(),
                query.level().value(), pageSize.preferredMaximumLength(), resume.value());
        NetrConnectionEnum.Reply reply = call(hostAndPort, request, where);
        boolean moreData = reply.status() == 234;
        if (reply.status() != 0 && !moreData) {
            throw new NetApiStatusException(reply.status(), where);
        }
        if (reply.level() != query.level().value()) {
            throw new ProtocolViolationException("the server answered at level " + Integer.toUnsignedString(reply.level())
                    + " to a level " + query.level().value() + " request (" + where + ")", null);
        }
        if (moreData && reply.resumeHandle() == null) {
            throw new ProtocolViolationException("ERROR_MORE_DATA without a resume handle (" + where + ")", null);
        }
        long handle = reply.resumeHandle() == null ? 0 : reply.resumeHandle();
        return new ConnectionPage(reply.entries() == null ? List.of() : reply.entries(), reply.totalEntries(),
                new ResumeHandle(handle), moreData);
    }

    /**
     * One request on a pipe of the pool, or a new one. A pooled pipe may have died with its
     * connection since it was last used (the server restarted, an idle time-out): then the
     * call is made once more on a fresh pipe — safe, as NetrConnectionEnum changes nothing.
     */
    private NetrConnectionEnum.Reply call(String hostAndPort, byte[] request, String where) throws NetConnException {
        for (int attempt = 1; ; attempt++) {
            SrvsvcPipe pipe = idlePipe(hostAndPort);
            boolean pooled = pipe != null;
            try {
                if (pipe == null) {
                    pipe = new SrvsvcPipe(hostAndPort, context, options.maxReplyBytes);
                }
                byte[] stub = pipe.call(request);
                NetrConnectionEnum.Reply reply = NetrConnectionEnum.reply(stub, 0, stub.length);
                LOG.debug("{}: {} stub bytes in {} fragments", where, stub.length, pipe.fragmentsOfLastReply());
                returnPipe(hostAndPort, pipe);
                return reply;
            } catch (Exception | StackOverflowError e) {
                discard(pipe);
                NetConnException failure = Failures.map(e, where, options.connectTimeout, options.responseTimeout);
                if (failure instanceof HostUnreachableException) {
                    dropIdlePipes(hostAndPort);
                    if (pooled && attempt == 1) {
                        LOG.debug("{}: a pooled pipe failed ({}); trying a fresh one", where, failure.getMessage());
                        continue;
                    }
                }
                throw failure;
            }
        }
    }

    private String hostAndPort(ConnectionQuery query) {
        String server = query.serverName().orElseThrow(() -> new IllegalArgumentException(
                "the network adapter needs a server name in the query (C2)"));
        if (server.startsWith("[") || server.chars().filter(c -> c == ':').count() > 1) {
            throw new IllegalArgumentException("server '" + server + "': IPv6 literals are not supported by this adapter yet");
        }
        int colon = server.indexOf(':');
        if (colon < 0) {
            return server + ":" + options.port;
        }
        String port = server.substring(colon + 1);
        if (colon == 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("server '" + server + "' is not host:port with a port from 1 to 65535");
        }
        return server;
    }

    private static String host(String hostAndPort) {
        return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
    }

    private SrvsvcPipe idlePipe(String hostAndPort) {
        synchronized (idlePipes) {
            if (closed) {
                throw new IllegalStateException("the enumerator is closed");
            }
            ArrayDeque<SrvsvcPipe> idle = idlePipes.get(hostAndPort);
            return idle == null ? null : idle.poll();
        }
    }

    private void dropIdlePipes(String hostAndPort) {
        ArrayDeque<SrvsvcPipe> dropped;
        synchronized (idlePipes) {
            dropped = idlePipes.remove(hostAndPort);
        }
        if (dropped != null) {
            dropped.forEach(MsrpcConnectionEnumerator::discard);
        }
    }

    private void returnPipe(String hostAndPort, SrvsvcPipe pipe) {
        synchronized (idlePipes) {
            if (!closed) {
                idlePipes.computeIfAbsent(hostAndPort, k -> new ArrayDeque<>()).push(pipe);
                return;
            }
        }
        discard(pipe);
    }

    private static void discard(SrvsvcPipe pipe) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.close();
        } catch (Exception e) {
            LOG.debug("closing a pipe after a failure: {}", e.toString());
        }
    }

    @Override
    public void close() {
        List<SrvsvcPipe> pipes = new ArrayList<>();
        synchronized (idlePipes) {
            if (closed) {
                return;
            }
            closed = true;
            idlePipes.values().forEach(pipes::addAll);
            idlePipes.clear();
        }
        pipes.forEach(MsrpcConnectionEnumerator::discard);
        try {
            context.close();
        } catch (CIFSException e) {
            LOG.debug("closing the SMB connections: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "MsrpcConnectionEnumerator[" + options + "]";
    }

    /** The options of an enumerator; {@link #build()} makes it. */
    public static final class Builder {
        private String domain = "";
        private String user;
        private String password;
        private boolean anonymous;
        private int port = 445;
        private Dialect minDialect = Dialect.SMB202;
        private Dialect maxDialect = Dialect.SMB311;
        private Signing signing = Signing.REQUIRED;
        private Encryption encryption = Encryption.IF_SERVER_REQUIRES;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int maxReplyBytes = 16 * 1024 * 1024;

        private Builder() {
        }

        /** NTLMv2 logon as {@code domain\\user}; {@code domain} may be empty for the server's own accounts. */
        public Builder credentials(String domain, String user, String password) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.user = requireText(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            this.anonymous = false;
            return this;
        }

        /** Anonymous (null session) logon; IPC$ signing is then impossible, so {@link Signing#IF_SERVER_REQUIRES} applies. */
        public Builder anonymous() {
            this.domain = "";
            this.user = null;
            this.password = null;
            this.anonymous = true;
            return this;
        }

        /** The TCP port for queries whose server names none; 445 by default. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** The SMB dialects to offer, from {@code min} to {@code max}; SMB 2.0.2 to 3.1.1 by default. */
        public Builder dialects(Dialect min, Dialect max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("the lowest dialect " + min + " is above the highest " + max);
            }
            this.minDialect = min;
            this.maxDialect = max;
            return this;
        }

        public Builder signing(Signing signing) {
            this.signing = Objects.requireNonNull(signing, "signing");
            return this;
        }

        public Builder encryption(Encryption encryption) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            return this;
        }

        /** How long to wait for the TCP connection; 10 s by default. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect time-out");
            return this;
        }

        /** How long to wait for each response from the server; 30 s by default. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "response time-out");
            return this;
        }

        /** The largest reply stub accepted, in bytes; 16 MiB by default. Ask for smaller pages past it. */
        public Builder maxReplyBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("the reply limit must be at least 1024 bytes, not " + bytes);
            }
            this.maxReplyBytes = bytes;
            return this;
        }

        /**
         * The enumerator.
         *
         * @throws IllegalStateException if neither credentials nor anonymous logon were chosen,
         *                               or the options contradict each other
         */
        public MsrpcConnectionEnumerator build() {
            if (user == null && !anonymous) {
                throw new IllegalStateException("choose credentials(domain, user, password) or anonymous()");
            }
            if (encryption == Encryption.REQUIRED) {
                throw new IllegalStateException("encryption REQUIRED cannot be honoured: jcifs 3.0.2 encrypts only when"
                        + " the server demands it, and fails to set encryption up even then");
            }
            return new MsrpcConnectionEnumerator(this);
        }

        Properties jcifsProperties() {
            Properties p = new Properties();
            // Never broadcast, never follow DFS referrals: every packet goes to the host asked for.
            p.setProperty("jcifs.resolveOrder", "DNS");
            p.setProperty("jcifs.client.dfs.disabled", "true");
            p.setProperty("jcifs.lmCompatibility", "3");
            p.setProperty("jcifs.client.allowGuestFallback", "false");
            p.setProperty("jcifs.client.minVersion", minDialect.name());
            p.setProperty("jcifs.client.maxVersion", maxDialect.name());
            p.setProperty("jcifs.client.disableSMB1", Boolean.toString(minDialect != Dialect.SMB1));
            // Without SMB1 there is no need for jcifs's SMB1 negotiate first: one round trip less.
            p.setProperty("jcifs.client.useSMB2Negotiation", Boolean.toString(minDialect != Dialect.SMB1));
            p.setProperty("jcifs.client.ipcSigningEnforced", Boolean.toString(signing == Signing.REQUIRED && !anonymous));
            p.setProperty("jcifs.client.encryptionEnabled", Boolean.toString(encryption != Encryption.OFF));
            p.setProperty("jcifs.client.connTimeout", Long.toString(connectTimeout.toMillis()));
            p.setProperty("jcifs.client.responseTimeout", Long.toString(responseTimeout.toMillis()));
            p.setProperty("jcifs.client.soTimeout", Long.toString(Math.max(responseTimeout.toMillis(), 35_000)));
            return p;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return s;
        }

        /** The options, with the password masked (C11). */
        @Override
        public String toString() {
            return (anonymous ? "anonymous" : (domain.isEmpty() ? "" : domain + "\\") + user + ", password ***")
                    + ", port " + port + ", dialects " + minDialect + ".." + maxDialect
                    + ", signing " + signing + ", encryption " + encryption
                    + ", connect time-out " + connectTimeout.toMillis() + " ms"
                    + ", response time-out " + responseTimeout.toMillis() + " ms";
        }
    }
}
