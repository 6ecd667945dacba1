package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.api.SessionSecurity;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network adapter: asks any SMB server — Windows, Samba, a NAS — who is connected to
 * its shares, with MS-SRVS {@code NetrConnectionEnum} (opnum 8) over DCE/RPC on
 * {@code \PIPE\srvsvc}, in pure Java, on smbj (the default) or on jcifs
 * ({@link Builder#smbLibrary}). It is also the network adapter of the two sibling ports:
 * {@link SessionEnumerator} with {@code NetrSessionEnum} (opnum 12) and {@link FileEnumerator}
 * with {@code NetrFileEnum} (opnum 9), on the same pooled pipes, sessions, time-outs, deadlines
 * and bounds. On Samba those two are where the real names are: its NetrConnectionEnum answers
 * placeholders, while its NetrSessionEnum (levels 0 and 1) and NetrFileEnum (level 3) answer for
 * real.
 *
 * <pre>{@code
 * try (MsrpcConnectionEnumerator enumerator = MsrpcConnectionEnumerator.builder()
 *         .credentials(NtlmCredentials.of("CORP\\auditor", password))
 *         .build()) {
 *     List<ConnectionInfo.Level1> entries = enumerator.enumerateAll(
 *             ConnectionQuery.on("fs01.corp.example", Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
 *     List<SessionInfo.Level1> sessions = enumerator.enumerateAll(
 *             SessionQuery.on("fs01.corp.example", SessionLevel.LEVEL_1));
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
 * <p>Security defaults, on smbj: NTLMv2; SMB signing required, and every response's
 * signature verified, the final SESSION_SETUP response's included; a guest or null session
 * given for a logon with credentials is refused; SMB3 encryption whenever the server can
 * (see {@link Encryption}), and once a session is encrypted any frame that is not is
 * refused; names resolved by the JDK (never a NetBIOS broadcast); DFS off. Against a
 * downgrade of the negotiation on the wire:
 * <ul>
 * <li>SMB 3.1.1: pre-authentication integrity — the NEGOTIATE and SESSION_SETUP messages
 * are hashed into the signing key, and the signed final SESSION_SETUP response is verified,
 * so any change to them fails the logon;</li>
 * <li>SMB 3.0 and 3.0.2: netconn sends FSCTL_VALIDATE_NEGOTIATE_INFO, signed, after the
 * tree connect and compares the server's answer with the NEGOTIATE it saw;</li>
 * <li>SMB 2.0.2 and 2.1: no protection, so they are not offered unless asked for
 * ({@link Builder#dialects}); a session on them is logged at WARN.</li>
 * </ul>
 * What protected each answer is in {@link Page#security()} and {@link #security}.
 * On jcifs the same options are passed to jcifs, which verifies the signature of the
 * session set-up response only, cannot encrypt and does none of the checks above; it is
 * there for servers that speak SMB1 only. Kerberos ({@link Builder#kerberos}) is on smbj only.
 */
public final class MsrpcConnectionEnumerator implements ConnectionEnumerator, SessionEnumerator, FileEnumerator {

    static final Logger LOG = LoggerFactory.getLogger(MsrpcConnectionEnumerator.class);

    /** SMB dialects, oldest first. */
    public enum Dialect { SMB1, SMB202, SMB210, SMB300, SMB302, SMB311 }

    /** The SMB library under the DCE/RPC, behind one seam; nothing else changes with it. */
    public enum SmbLibrary {
        /**
         * com.hierynomus:smbj, the default: SMB 2.0.2 to 3.1.1, every signature verified, SMB3
         * encryption, with netconn's checks on the wire (see the class comment).
         */
        SMBJ,
        /**
         * org.codelibs:jcifs: the only one that speaks SMB1. jcifs 3.0.2 verifies only the
         * signature of the session set-up response, so a reply altered on the wire is accepted;
         * it cannot encrypt; and under concurrency it loses some cold sessions.
         */
        JCIFS
    }

    /** SMB3 encryption of the session that carries the pipe. */
    public enum Encryption {
        /** Never encrypt; a server that requires encryption refuses the session. */
        OFF,
        /**
         * Encrypt when the server or the share asks for it (the default). On smbj this means:
         * offer encryption, and smbj then encrypts every SMB 3.x session with a server that can
         * encrypt, not only those that must; a server that cannot (SMB 2.x, or no cipher
         * offered) is reached signed only. On jcifs 3.0.2 a server that requires encryption
         * cannot be reached: its set-up of encryption fails ("A KDF requires Ki"), which is
         * reported as an {@link io.github.netconn.api.AuthenticationException}.
         */
        IF_SERVER_REQUIRES,
        /**
         * Encrypt always, or fail: a server that cannot encrypt is refused with an
         * {@link io.github.netconn.api.AuthenticationException} that says why. {@code build()}
         * refuses it with jcifs, with anonymous logon, and with a highest dialect below SMB 3.0.
         */
        REQUIRED
    }

    /** SMB signing of the IPC$ session that carries the pipe. */
    public enum Signing {
        /** Refuse an unsigned IPC$ session (the default; not possible with anonymous logon). */
        REQUIRED,
        /** Sign when the server asks for it. */
        IF_SERVER_REQUIRES
    }

    private final Settings options;
    private final SmbLayer smb;
    /** The budget of the enumeration this thread is in ({@link #enumerateAll}, {@link #stream}), if any. */
    private final ThreadLocal<CallBudget> enumeration = new ThreadLocal<>();
    /** Releases a server whose call ran out of time; one daemon thread, started by the first call. */
    private final ScheduledThreadPoolExecutor alarms;
    /** Guarded by itself, as {@link Held#closed} is. */
    private final Map<String, ArrayDeque<SrvsvcPipe>> idlePipes = new HashMap<>();
    /** What {@link #close()} gives up, and the {@link #CLEANER} if the enumerator is dropped unclosed. */
    private final Held held;
    private final Cleaner.Cleanable cleanable;

    private static final AtomicInteger ENUMERATORS = new AtomicInteger();
    /** Releases what an enumerator that became unreachable unclosed still holds; one daemon thread. */
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "netconn-cleaner");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    /** How many enumerators the cleaner closed (they were dropped unclosed). */
    private static final AtomicInteger DROPPED = new AtomicInteger();

    private MsrpcConnectionEnumerator(Settings options) {
        this.options = options;
        String name = "netconn-" + ENUMERATORS.incrementAndGet();
        this.smb = options.library() == SmbLibrary.JCIFS ? new JcifsLayer(options) : new SmbjLayer(options, name);
        this.alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-call-deadline");
            t.setDaemon(true);
            return t;
        });
        alarms.setRemoveOnCancelPolicy(true);
        this.held = new Held(smb, alarms, idlePipes, options.password());
        this.cleanable = CLEANER.register(this, held);
    }

    /**
     * The sessions, pipes and threads of one enumerator and its copy of the password: given up by
     * {@link #close()}, or by the cleaner when the enumerator became unreachable unclosed (then
     * with one WARN per JVM). It must not refer to the enumerator, or it would never be unreachable.
     */
    private static final class Held implements Runnable {
        private final SmbLayer smb;
        private final ScheduledThreadPoolExecutor alarms;
        private final Map<String, ArrayDeque<SrvsvcPipe>> idlePipes;
        private final char[] password;
        /** Guarded by idlePipes. */
        boolean closed;
        volatile boolean closing;

        Held(SmbLayer smb, ScheduledThreadPoolExecutor alarms, Map<String, ArrayDeque<SrvsvcPipe>> idlePipes,
             char[] password) {
            this.smb = smb;
            this.alarms = alarms;
            this.idlePipes = idlePipes;
            this.password = password;
        }

        @Override
        public void run() {
            if (!closing) {
                DROPPED.incrementAndGet();
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warn("an MsrpcConnectionEnumerator was dropped without close(): its sessions are released now;"
                            + " close every enumerator (try-with-resources)");
                }
            }
            List<SrvsvcPipe> pipes = new ArrayList<>();
            synchronized (idlePipes) {
                closed = true;
                idlePipes.values().forEach(pipes::addAll);
                idlePipes.clear();
            }
            pipes.forEach(MsrpcConnectionEnumerator::discard);
            alarms.shutdownNow();
            smb.close();
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                                                            ResumeHandle resume) throws NetConnException {
        String hostAndPort = hostAndPort(query.serverName());
        String where = "NetrConnectionEnum on " + hostAndPort + ", qualifier " + query.qualifier().wireValue()
                + ", level " + query.level().value();
        byte[] request = NetrConnectionEnum.request("\\\\" + host(hostAndPort), query.qualifier().wireValue(),
                query.level().value(), pageSize.preferredMaximumLength(), resume.value());
        return page(hostAndPort, NetrConnectionEnum.OPNUM, request, NetrConnectionEnum::reply, query.level(), where);
    }

    /** NetrSessionEnum (opnum 12) on the same pooled pipes, time-outs and bounds as the connections. */
    @Override
    public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
                                                         ResumeHandle resume) throws NetConnException {
        String hostAndPort = hostAndPort(query.serverName());
        String where = "NetrSessionEnum on " + hostAndPort + query.client().map(c -> ", client \\\\" + c).orElse("")
                + query.user().map(u -> ", user " + u).orElse("") + ", level " + query.level().value();
        byte[] request = NetrSessionEnum.request("\\\\" + host(hostAndPort), query.clientWireValue(),
                query.user().orElse(null), query.level().value(), pageSize.preferredMaximumLength(), resume.value());
        return page(hostAndPort, NetrSessionEnum.OPNUM, request, NetrSessionEnum::reply, query.level(), where);
    }

    /** NetrFileEnum (opnum 9) on the same pooled pipes, time-outs and bounds as the connections. */
    @Override
    public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException {
        String hostAndPort = hostAndPort(query.serverName());
        String where = "NetrFileEnum on " + hostAndPort + query.basePath().map(p -> ", base path " + p).orElse("")
                + query.user().map(u -> ", user " + u).orElse("") + ", level " + query.level().value();
        byte[] request = NetrFileEnum.request("\\\\" + host(hostAndPort), query.basePath().orElse(null),
                query.user().orElse(null), query.level().value(), pageSize.preferredMaximumLength(), resume.value());
        return page(hostAndPort, NetrFileEnum.OPNUM, request, NetrFileEnum::reply, query.level(), where);
    }

    /** Decodes the reply stub of one srvsvc enumeration. */
    @FunctionalInterface
    private interface Decoder {
        EnumReply<?> reply(byte[] stub, int offset, int length) throws ProtocolViolationException;
    }

    /** One call of a srvsvc enumeration, its reply checked and made a page of {@code level}'s entries. */
    private <T> Page<T> page(String hostAndPort, int opnum, byte[] request, Decoder decoder, InfoLevel<T> level,
                             String where) throws NetConnException {
        CallBudget budget = enumeration.get();
        EnumReply<?> reply = call(hostAndPort, opnum, request, decoder, where, budget != null ? budget : budget());
        boolean moreData = reply.status() == 234;
        if (reply.status() != 0 && !moreData) {
            throw new NetApiStatusException(reply.status(), where);
        }
        if (reply.level() != level.value()) {
            throw new ProtocolViolationException("the server answered at level " + Integer.toUnsignedString(reply.level())
                    + " to a level " + level.value() + " request (" + where + ")", null);
        }
        if (moreData && reply.resumeHandle() == null) {
            throw new ProtocolViolationException("ERROR_MORE_DATA without a resume handle (" + where + ")", null);
        }
        long handle = reply.resumeHandle() == null ? 0 : reply.resumeHandle();
        return new Page<>(reply.entries() == null ? List.of() : level.cast(reply.entries()), reply.totalEntries(),
                new ResumeHandle(handle), moreData, smb.security(host(hostAndPort), port(hostAndPort)));
    }

    /**
     * What protects the session held to that server ({@link SessionSecurity}): on smbj, what
     * was negotiated and checked; on jcifs, always the same weak record (jcifs 3.0.2 checks
     * no reply's signature after the logon, cannot encrypt and does not say its dialect).
     */
    @Override
    public Optional<SessionSecurity> security(String serverName) {
        String hostAndPort = servable(serverName);
        return hostAndPort == null ? Optional.empty() : smb.security(host(hostAndPort), port(hostAndPort));
    }

    /** {@code host:port} of a server name as a caller passes it back, or null if this adapter could not serve it. */
    private String servable(String serverName) {
        if (serverName == null) {
            return null;
        }
        try { // the query's own checks of a server name, and its normal form
            return hostAndPort(ConnectionQuery.on(serverName, Qualifier.of("IPC$"), ConnectionLevel.LEVEL_0).server());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One request on a pipe of the pool, or a new one. A pooled pipe may have died with its
     * connection since it was last used (the server restarted, an idle time-out): then the
     * call is made once more on a fresh pipe — safe, as the three enumerations change nothing.
     * When the budget's time runs out the server is released, which closes its connection at
     * once on smbj (on jcifs the call ends at its next fragment or its own time-outs), and
     * the call fails as a DEADLINE time-out.
     */
    private EnumReply<?> call(String hostAndPort, int opnum, byte[] request, Decoder decoder, String where,
                              CallBudget budget) throws NetConnException {
        long end = budget.startPage();
        ScheduledFuture<?> alarm;
        try {
            alarm = alarms.schedule(() -> release(hostAndPort), end - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the enumerator is closed", e);
        }
        byte[] stub = null;
        EnumReply<?> reply = null;
        try {
            for (int attempt = 1; reply == null; attempt++) {
                if (budget.expired()) {
                    throw budget.timedOut(where, null);
                }
                SrvsvcPipe pipe = idlePipe(hostAndPort);
                boolean pooled = pipe != null;
                try {
                    if (pipe == null) {
                        pipe = new SrvsvcPipe(smb.open(host(hostAndPort), port(hostAndPort)), options.maxReplyBytes());
                    }
                    stub = pipe.call(opnum, request, end);
                    reply = decoder.reply(stub, 0, stub.length);
                    LOG.debug("{}: {} stub bytes in {} fragments", where, stub.length, pipe.fragmentsOfLastReply());
                    returnPipe(hostAndPort, pipe);
                } catch (Exception | StackOverflowError | OutOfMemoryError e) { // such an Error: what this server sent
                    discard(pipe);
                    if (budget.expired()) {
                        throw budget.timedOut(where, e);
                    }
                    NetConnException failure = Failures.map(e, where, options.connectTimeout(), options.responseTimeout());
                    if (!Failures.connectionLost(e)) {
                        throw failure;
                    }
                    dropIdlePipes(hostAndPort);
                    if (!pooled || attempt > 1) {
                        throw failure;
                    }
                    LOG.debug("{}: a pooled pipe failed ({}); trying a fresh one", where, failure.getMessage());
                }
            }
        } finally {
            alarm.cancel(false);
            budget.endPage();
        }
        if (budget.expired()) {
            throw budget.timedOut(where, null); // an answer that came too late: jcifs cannot be cut short
        }
        budget.count(reply.entries() == null ? 0 : reply.entries().size(), stub.length, where);
        return reply;
    }

    /** A budget for one call: {@link Builder#callTimeout} and the enumeration limits. */
    private CallBudget budget() {
        return new CallBudget(options.callTimeout(), options.maxEntries(), options.maxEnumerationBytes());
    }

    /**
     * All entries, every page within one {@link Builder#callTimeout} and within the
     * enumeration limits ({@link Builder#maxEntries}, {@link Builder#maxEnumerationBytes}).
     */
    @Override
    public <T extends ConnectionInfo> List<T> enumerateAll(ConnectionQuery<T> query, PageSize pageSize)
            throws NetConnException {
        return inOneBudget(() -> ConnectionEnumerator.super.enumerateAll(query, pageSize));
    }

    /** All sessions, as {@link #enumerateAll(ConnectionQuery, PageSize)} gives connections. */
    @Override
    public <T extends SessionInfo> List<T> enumerateAll(SessionQuery<T> query, PageSize pageSize)
            throws NetConnException {
        return inOneBudget(() -> SessionEnumerator.super.enumerateAll(query, pageSize));
    }

    /** All open files, as {@link #enumerateAll(ConnectionQuery, PageSize)} gives connections. */
    @Override
    public <T extends FileInfo> List<T> enumerateAll(FileQuery<T> query, PageSize pageSize) throws NetConnException {
        return inOneBudget(() -> FileEnumerator.super.enumerateAll(query, pageSize));
    }

    /**
     * All entries as a lazy stream, one page held at a time; the pages fetched as the stream
     * reaches them share one {@link Builder#callTimeout} (the time the consumer spends on the
     * entries does not count) and the enumeration limits.
     */
    @Override
    public <T extends ConnectionInfo> Stream<T> stream(ConnectionQuery<T> query, PageSize pageSize) {
        return inOneBudget(ConnectionEnumerator.super.stream(query, pageSize));
    }

    /** All sessions as a lazy stream, as {@link #stream(ConnectionQuery, PageSize)} gives connections. */
    @Override
    public <T extends SessionInfo> Stream<T> stream(SessionQuery<T> query, PageSize pageSize) {
        return inOneBudget(SessionEnumerator.super.stream(query, pageSize));
    }

    /** All open files as a lazy stream, as {@link #stream(ConnectionQuery, PageSize)} gives connections. */
    @Override
    public <T extends FileInfo> Stream<T> stream(FileQuery<T> query, PageSize pageSize) {
        return inOneBudget(FileEnumerator.super.stream(query, pageSize));
    }

    /** A paging loop of the port's, on this thread, in one budget. */
    @FunctionalInterface
    private interface Enumeration<T> {
        List<T> all() throws NetConnException;
    }

    private <T> List<T> inOneBudget(Enumeration<T> enumeration) throws NetConnException {
        CallBudget outer = this.enumeration.get();
        this.enumeration.set(budget());
        try {
            return enumeration.all();
        } finally {
            restore(outer);
        }
    }

    /** The port's lazy stream, each page it fetches in one budget shared by the whole stream. */
    private <T> Stream<T> inOneBudget(Stream<T> entries) {
        CallBudget budget = budget();
        Spliterator<T> pages = entries.spliterator();
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                CallBudget outer = enumeration.get();
                enumeration.set(budget);
                try {
                    // The consumer's own work, and its own calls of this enumerator, run outside the budget.
                    return pages.tryAdvance(entry -> {
                        restore(outer);
                        action.accept(entry);
                    });
                } finally {
                    restore(outer);
                }
            }
        }, false);
    }

    private void restore(CallBudget outer) {
        if (outer == null) {
            enumeration.remove();
        } else {
            enumeration.set(outer);
        }
    }

    private String hostAndPort(Optional<String> server) {
        String hostAndPort = hostAndPort(server.orElseThrow(() -> new IllegalArgumentException(
                "the network adapter needs a server name in the query (C2)")));
        if (options.kerberos() != null) {
            KerberosCredentials.requireHostName(hostAndPort);
        }
        return hostAndPort;
    }

    /** {@code host:port}, the builder's port when the server names none ({@link ConnectionQuery} checked the rest). */
    private String hostAndPort(String server) {
        return server.indexOf(':') < 0 ? server + ":" + options.port() : server;
    }

    private static String host(String hostAndPort) {
        return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private SrvsvcPipe idlePipe(String hostAndPort) {
        synchronized (idlePipes) {
            if (held.closed) {
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
            if (!held.closed) {
                idlePipes.computeIfAbsent(hostAndPort, k -> new ArrayDeque<>()).push(pipe);
                return;
            }
        }
        discard(pipe);
    }

    private static void discard(SrvsvcPipe pipe) {
        if (pipe != null) {
            pipe.close();
        }
    }

    /**
     * Closes the idle pipes of this server and the SMB layer's session and connection to it
     * (a logoff, then a disconnect); the next call to it connects and logs on again. With
     * {@link SmbLibrary#JCIFS}, jcifs keeps its pooled transport to the server until
     * {@link #close()}: it offers no way to close one server's. A name this adapter could
     * not serve holds nothing, and releasing it does nothing.
     *
     * <p>A call to that server in progress at the same moment (a sweep or a watch that
     * released the server at its deadline) fails at once on smbj: its
     * connection is closed without a logoff, whatever step the call is at — negotiate, logon,
     * bind or a page — except a TCP connect in progress, which the connect time-out bounds.
     * It fails as a {@link io.github.netconn.api.HostUnreachableException} and is not tried again. On jcifs the call
     * goes on until it ends or its own time-outs end it.
     */
    @Override
    public void release(String serverName) {
        String hostAndPort = servable(serverName);
        if (hostAndPort == null) {
            return;
        }
        synchronized (idlePipes) {
            if (held.closed) {
                return;
            }
        }
        dropIdlePipes(hostAndPort);
        smb.release(host(hostAndPort), port(hostAndPort));
    }

    @Override
    public void close() {
        held.closing = true;
        cleanable.clean(); // at most once, whoever comes first
    }

    @Override
    public String toString() {
        return "MsrpcConnectionEnumerator[" + options + "]";
    }

    /** How many enumerators were dropped unclosed and closed by the cleaner, in this JVM. */
    static int droppedUnclosed() {
        return DROPPED.get();
    }

    /** Lets the next enumerator dropped unclosed warn again (for a test of the warning). */
    static void warnAgain() {
        WARNED.set(false);
    }

    /** The settings fixed when this enumerator was built. */
    Settings settings() {
        return options;
    }

    /**
     * The options of an enumerator; {@link #build()} makes it with a copy of them, so that what
     * the builder is told afterwards changes only the enumerators it builds afterwards.
     */
    public static final class Builder {
        private String domain = "";
        private String user;
        private char[] password;
        private KerberosCredentials kerberos;
        private boolean anonymous;
        private int port = 445;
        private SmbLibrary library = SmbLibrary.SMBJ;
        private Dialect minDialect = Dialect.SMB300;
        private Dialect maxDialect = Dialect.SMB311;
        private Signing signing = Signing.REQUIRED;
        private Encryption encryption = Encryption.IF_SERVER_REQUIRES;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofMinutes(5);
        private int maxReplyBytes = 16 * 1024 * 1024;
        private long maxEntries = 1_000_000;
        private long maxEnumerationBytes = 64L * 1024 * 1024;

        private Builder() {
        }

        /**
         * NTLMv2 logon as {@code domain\\user}, the password as characters: the builder keeps a
         * copy, each enumerator built gets its own copy and clears it when it closes, and the caller
         * may clear {@code password} at once.
         */
        public Builder credentials(String domain, String user, char[] password) {
            return credentials(NtlmCredentials.of(domain, user, password));
        }

        /**
         * NTLMv2 logon with {@code credentials} (its account as people type it: {@code DOMAIN\\user},
         * {@code DOMAIN/user}, {@code user@domain} or {@code user}); the builder keeps a copy of the
         * password, each enumerator built gets its own and clears it when it closes.
         */
        public Builder credentials(NtlmCredentials credentials) {
            this.domain = credentials.domain();
            this.user = credentials.user();
            this.password = credentials.password();
            this.anonymous = false;
            this.kerberos = null;
            return this;
        }

        /**
         * A Kerberos logon (smbj only): NTLM is then never tried, the TGT never delegated, the
         * server must prove its identity, and queries must name servers by host name, as their
         * {@code cifs/<host>} principal is named (an address is refused before any traffic).
         */
        public Builder kerberos(KerberosCredentials credentials) {
            this.kerberos = Objects.requireNonNull(credentials, "credentials");
            this.domain = "";
            this.user = null;
            this.password = null;
            this.anonymous = false;
            return this;
        }

        /** Anonymous (null session) logon; IPC$ signing is then impossible, so {@link Signing#IF_SERVER_REQUIRES} applies. */
        public Builder anonymous() {
            this.domain = "";
            this.user = null;
            this.password = null;
            this.kerberos = null;
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

        /**
         * The SMB dialects to offer, from {@code min} to {@code max}; SMB 3.0 to 3.1.1 by default,
         * the dialects whose negotiation is protected against a downgrade on the wire. Below
         * {@link Dialect#SMB300} nothing protects it: a session on SMB 2.0.2 or 2.1 is logged at
         * WARN, naming the server. A server that chooses a dialect outside the range is refused
         * before the logon, as a protocol violation.
         */
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

        /** The SMB library: {@link SmbLibrary#SMBJ} by default; {@link SmbLibrary#JCIFS} for SMB1 servers. */
        public Builder smbLibrary(SmbLibrary library) {
            this.library = Objects.requireNonNull(library, "library");
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

        /**
         * The most one call may take as a whole — one page, {@code enumerateAll}, or a
         * {@code stream} while it fetches — connect, logon, bind and every fragment and page
         * together; 5 minutes by default. When it runs out the call fails with a
         * {@link io.github.netconn.api.NetConnTimeoutException} of phase DEADLINE and the server's
         * connection is closed at once (on jcifs, which cannot close one server's connection,
         * the call ends at its next fragment or by its own time-outs).
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "call time-out");
            return this;
        }

        /**
         * The most entries one enumeration ({@code enumerateAll}, a {@code stream}) takes, summed
         * over its pages; 1,000,000 by default, far above any real server. Past it the
         * enumeration fails with a {@link ProtocolViolationException} naming the limit: a
         * server that never stops paging cannot exhaust the memory of the caller.
         */
        public Builder maxEntries(long entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("the entry limit must be at least 1, not " + entries);
            }
            this.maxEntries = entries;
            return this;
        }

        /**
         * The most reply bytes one enumeration takes, summed over its pages; 64 MiB by default.
         * Past it the enumeration fails with a {@link ProtocolViolationException} naming the limit.
         */
        public Builder maxEnumerationBytes(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("the enumeration byte limit must be at least 1024, not " + bytes);
            }
            this.maxEnumerationBytes = bytes;
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
            if (user == null && !anonymous && kerberos == null) {
                throw new IllegalStateException("choose credentials(domain, user, password), kerberos(...) or anonymous()");
            }
            if (kerberos != null && library == SmbLibrary.JCIFS) {
                throw new IllegalStateException("Kerberos is refused on jcifs 3.0.2: its Kerb5Context always asks to"
                        + " delegate (a forwardable TGT would go to every server) and it falls back to NTLM: choose"
                        + " smbLibrary(SMBJ)");
            }
            if (library == SmbLibrary.SMBJ && minDialect == Dialect.SMB1) {
                throw new IllegalStateException("smbj does not speak SMB1: choose smbLibrary(JCIFS) for SMB1 servers");
            }
            if (encryption == Encryption.REQUIRED) {
                if (library == SmbLibrary.JCIFS) {
                    throw new IllegalStateException("encryption REQUIRED cannot be honoured on jcifs 3.0.2, which cannot"
                            + " set encryption up: choose smbLibrary(SMBJ)");
                }
                if (maxDialect.compareTo(Dialect.SMB300) < 0) {
                    throw new IllegalStateException("encryption REQUIRED needs SMB 3.0 or newer, but the highest dialect is "
                            + maxDialect);
                }
                if (anonymous) {
                    throw new IllegalStateException("encryption REQUIRED is impossible with anonymous logon: a null"
                            + " session has no key to encrypt with");
                }
            }
            return new MsrpcConnectionEnumerator(settings());
        }

        /** A copy of the options as they are now, the password included. */
        private Settings settings() {
            return new Settings(domain, user, password == null ? null : password.clone(), kerberos, anonymous, port,
                    library, minDialect, maxDialect, signing, encryption, connectTimeout, responseTimeout, callTimeout,
                    maxReplyBytes, maxEntries, maxEnumerationBytes);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }

        /** The options, with the password masked (C11). */
        @Override
        public String toString() {
            return new Settings(domain, user, null, kerberos, anonymous, port, library, minDialect, maxDialect, signing,
                    encryption, connectTimeout, responseTimeout, callTimeout, maxReplyBytes, maxEntries,
                    maxEnumerationBytes).toString();
        }
    }
}
