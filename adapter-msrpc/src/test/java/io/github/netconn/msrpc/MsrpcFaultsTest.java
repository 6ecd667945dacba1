package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.FaultProxy.Action;
import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Fault;
import io.github.netconn.testkit.FaultProxy;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * C9 and C10 on a bad day: a loopback {@link FaultProxy} between the enumerator and a real
 * server delays, cuts, truncates or corrupts the stream, and the server container is
 * paused or stopped mid-call. Each call fails with the port's exception kind for that
 * fault, within the time-out plus {@link #MARGIN}; the next call, with the fault gone,
 * succeeds on the same enumerator; and after close no descriptor, thread or Samba session
 * is left.
 *
 * <p>Kinds, and why: no reply in time (a delay, a paused server) is a
 * {@link NetConnTimeoutException}; the connection ending — cut, reset, cut short mid-message,
 * or the server gone — is a {@link HostUnreachableException} (the transport failed, not the
 * server's speech: a new connection may well work, and the adapter itself retries once on a
 * fresh one); a changed byte is a {@link ProtocolViolationException}, caught by SMB signing
 * (required on IPC$) before the reply is believed.
 */
@ParameterizedClass
@EnumSource(SmbLibrary.class)
class MsrpcFaultsTest {

    @Parameter
    SmbLibrary library;

    static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(1_500);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1_500);
    static final Duration MARGIN = Duration.ofSeconds(2);
    /** Enough entries for a reply of several DCE/RPC fragments and SMB messages. */
    static final int ENTRIES = 300;

    /** Where the DCE/RPC PDU starts in an SMB2 IOCTL response: direct-TCP header, SMB2 header, IOCTL response. */
    static final int REPLY_PDU = 4 + 64 + 48;

    static Scenario scenario;
    static ScriptedServer scripted;
    @Samba
    static SambaServer samba;

    @BeforeAll
    static void start() throws Exception {
        scripted = ScriptedServer.start();
        List<Scenario.Connection> many = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            many.add(Scenario.Connection.of(i + 1, "user" + i, "WS" + i, "DATA"));
        }
        scenario = Scenario.empty().withShares("DATA").withConnections(many);
        scripted.load(scenario);
        // Load jcifs's classes and static state once, so that the per-test stock-taking sees only the test.
        for (SmbLibrary library : SmbLibrary.values()) {
            try (MsrpcConnectionEnumerator e = admin(library).build()) {
                e.enumerateAll(query(scripted.serverName()));
                e.enumerateAll(query(samba.serverName()));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (scripted != null) {
            scripted.close();
        }
    }

    MsrpcConnectionEnumerator.Builder admin() {
        return admin(library);
    }

    static MsrpcConnectionEnumerator.Builder admin(SmbLibrary library) {
        return MsrpcConnectionEnumerator.builder()
                .smbLibrary(library)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
                .connectTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT);
    }

    static ConnectionQuery<?> query(String serverName) {
        return ConnectionQuery.on(serverName, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
    }

    // ---------------------------------------------------------------- through the proxy

    @Test
    void aReplyDelayedPastTheTimeOutIsATimeout() throws Exception {
        Duration delay = RESPONSE_TIMEOUT.plus(MARGIN).plusSeconds(1);
        proxied(Target.SCRIPTED, Fault.delay(Direction.SERVER_TO_CLIENT, 1, delay), NetConnTimeoutException.class,
                delay);
    }

    @Test
    void aConnectionCutBeforeEveryReplyIsHostUnreachable() throws Exception {
        proxied(Target.SCRIPTED, Fault.at(Direction.SERVER_TO_CLIENT, 1, 0, Action.CUT).repeating(),
                HostUnreachableException.class, Duration.ZERO);
    }

    /*
     * The scripted server sends the ~17 KB reply as six DCE/RPC fragments of up to 4,280 bytes,
     * each in its own SMB2 message: the IOCTL response, then READ responses. Messages of the
     * set-up (negotiate, session set-up, tree connect, create, bind) are all under 300 bytes, so
     * a repeating fault at 2,000 bytes into a message meets only reply fragments, also on the
     * adapter's retry over a fresh connection.
     */

    @Test
    void aConnectionResetInTheMiddleOfAMultiFragmentReplyIsHostUnreachable() throws Exception {
        // 2,000 bytes into the third fragment of the reply; on the retry, into its first.
        proxied(Target.SCRIPTED, Fault.at(Direction.SERVER_TO_CLIENT, 3, 2_000, Action.RESET).repeating(),
                HostUnreachableException.class, Duration.ZERO);
    }

    /**
     * Usually HostUnreachableException at once; but jcifs 3.0.2 sometimes misses the end of
     * the stream in the middle of a response and waits out the response time-out, so the same
     * fault is then reported, still in time, as a NetConnTimeoutException (seen in about one
     * run in four). Both are accepted; anything else, or a call past the time-out, is not.
     */
    @Test
    void aReplyCutShortIsHostUnreachableOrATimeout() throws Exception {
        // The reply's first fragment ends (FIN) after 2,000 of its 4,392 bytes; so does the retry's.
        Fault fault = Fault.at(Direction.SERVER_TO_CLIENT, 1, 2_000, Action.TRUNCATE).repeating();
        NetConnException failure = proxied(Target.SCRIPTED, fault, NetConnException.class, Duration.ZERO);
        assertTrue(failure instanceof HostUnreachableException || failure instanceof NetConnTimeoutException,
                () -> "a reply cut short gave " + failure);
    }

    @Test
    void aCorruptedFragmentHeaderIsAProtocolViolation() throws Exception {
        // PTYPE of the third fragment, which comes in a READ response: direct-TCP header (4), SMB2 header (64),
        // READ response (16), then the PDU, whose byte 2 is PTYPE (2 = response).
        proxied(Target.SCRIPTED, Fault.at(Direction.SERVER_TO_CLIENT, 3, 4 + 64 + 16 + 2, Action.CORRUPT),
                ProtocolViolationException.class, Duration.ZERO);
    }

    @Test
    void onSambaACutBeforeEveryReplyIsHostUnreachableAndLeavesNoSession() throws Exception {
        proxied(Target.SAMBA, Fault.at(Direction.SERVER_TO_CLIENT, 1, 0, Action.RESET).repeating(),
                HostUnreachableException.class, Duration.ZERO);
    }

    /**
     * The level switch of the reply stub (after its 4-byte level) in the first reply long enough
     * to hold it: the strict decoder refuses it on jcifs, which checks no signature after logon,
     * and on smbj the frame no longer verifies or decrypts. Not "the first reply": Samba may
     * answer the pipe's IOCTL with an interim response first when it is busy.
     */
    @Test
    void onSambaACorruptedReplyByteIsAProtocolViolationAndLeavesNoSession() throws Exception {
        int at = REPLY_PDU - 4 + 24 + 4; // in the message without its direct-TCP header
        AtomicBoolean done = new AtomicBoolean();
        FaultProxy.Rewrite corrupt = FaultProxy.Rewrite.of(Direction.SERVER_TO_CLIENT, "corrupt byte " + at
                + " of the first reply that long", m -> {
                    if (m.length <= at || !done.compareAndSet(false, true)) {
                        return null;
                    }
                    m[at] ^= (byte) 0xFF;
                    return List.of(m);
                });
        proxied(Target.SAMBA, proxy -> proxy.rewrite(corrupt), ProtocolViolationException.class, Duration.ZERO,
                corrupt.toString());
    }

    /**
     * A connection cut once, on a pooled pipe, is not the caller's problem: the adapter makes
     * the call once more on a fresh connection (NetrConnectionEnum changes nothing).
     */
    @Test
    void aSingleCutOfAPooledConnectionIsRetriedOnAFreshOne() throws Exception {
        Leaks stock = Leaks.snapshot();
        try (FaultProxy proxy = FaultProxy.to(scripted.port());
             MsrpcConnectionEnumerator e = admin().build()) {
            List<? extends ConnectionInfo> expected = e.enumerateAll(query(proxy.serverName()));
            assertEquals(ENTRIES, expected.size());
            proxy.inject(Fault.at(Direction.SERVER_TO_CLIENT, 1, 0, Action.RESET));
            assertEquals(expected, e.enumerateAll(query(proxy.serverName())), "the call that met the cut");
            assertEquals(1, proxy.fired(), "times the fault fired");
            assertEquals(2, proxy.connectionsAccepted(), "connections: the cut one and the fresh one");
        }
        stock.assertNothingLeft("a retried cut");
    }

    enum Target { SCRIPTED, SAMBA }

    /**
     * One fault through the proxy: a first call makes the session and a pooled pipe; the
     * fault is armed; the call fails with {@code kind} in time; the fault is cleared (and a
     * delay allowed to run out); the next call gives the first call's answer; after close,
     * nothing is left.
     */
    private NetConnException proxied(Target target, Fault fault, Class<? extends NetConnException> kind,
                                     Duration faultLasts) throws Exception {
        return proxied(target, fault, kind, faultLasts, fault.toString());
    }

    private NetConnException proxied(Target target, Fault fault, Class<? extends NetConnException> kind,
                                     Duration faultLasts, String what) throws Exception {
        return proxied(target, proxy -> proxy.inject(fault), kind, faultLasts, what);
    }

    private NetConnException proxied(Target target, Consumer<FaultProxy> arm, Class<? extends NetConnException> kind,
                                     Duration faultLasts, String what) throws Exception {
        NetConnException failure;
        int port = target == Target.SAMBA ? samba.port() : scripted.port();
        int sessions = target == Target.SAMBA ? samba.sessionsOf(Account.ADMIN.user()) : 0;
        Leaks stock = Leaks.snapshot();
        try (FaultProxy proxy = FaultProxy.to(port);
             MsrpcConnectionEnumerator e = admin().build()) {
            ConnectionQuery<?> q = query(proxy.serverName());
            List<? extends ConnectionInfo> expected = e.enumerateAll(q);
            if (target == Target.SCRIPTED) {
                assertEquals(ENTRIES, expected.size(), "entries before the fault");
            }
            arm.accept(proxy);
            long start = System.nanoTime();
            failure = assertFails(kind, () -> e.enumerateAll(q), RESPONSE_TIMEOUT.plus(MARGIN), what);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(proxy.fired() + proxy.rewritten() > 0, "the fault never fired: " + what);
            proxy.clear();
            Thread.sleep(Math.max(0, faultLasts.minus(took).toMillis() + 200));
            assertEquals(expected, e.enumerateAll(q), "the call after the fault (" + what + ")");
        }
        stock.assertNothingLeft(what);
        if (target == Target.SAMBA) {
            samba.awaitSessions(Account.ADMIN.user(), sessions, Duration.ofSeconds(10));
        }
        return failure;
    }

    // ---------------------------------------------------------------- the server container

    @Test
    void onSambaAPausedServerIsATimeoutAndTheCallAfterItWorks() throws Exception {
        int sessions = samba.sessionsOf(Account.ADMIN.user());
        Leaks stock = Leaks.snapshot();
        try (MsrpcConnectionEnumerator e = admin().build()) {
            ConnectionQuery<?> q = query(samba.serverName());
            List<? extends ConnectionInfo> expected = e.enumerateAll(q);
            samba.pause();
            try {
                NetConnTimeoutException timedOut = assertFails(NetConnTimeoutException.class, () -> e.enumerateAll(q),
                        RESPONSE_TIMEOUT.plus(MARGIN), "Samba paused");
                assertEquals(NetConnTimeoutException.Phase.RESPONSE, timedOut.phase());
            } finally {
                samba.unpause();
            }
            assertEquals(expected, e.enumerateAll(q), "the call after unpausing");
        }
        stock.assertNothingLeft("Samba paused");
        samba.awaitSessions(Account.ADMIN.user(), sessions, Duration.ofSeconds(10));
    }

    @Test
    void aServerPausedWhileItWorksOnTheCallIsATimeout() throws Exception {
        Leaks stock = Leaks.snapshot();
        try (MsrpcConnectionEnumerator e = admin().build()) {
            ConnectionQuery<?> q = query(scripted.serverName());
            List<? extends ConnectionInfo> expected = e.enumerateAll(q);
            assertEquals(ENTRIES, expected.size(), "entries before the fault");
            scripted.load(scenario.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO,
                    Scenario.EmptyArray.EMPTY, false, 600)));
            CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> thrownBy(() -> e.enumerateAll(q)));
            Thread.sleep(250); // the server is inside the call, sleeping before its answer
            long start = System.nanoTime();
            scripted.pause();
            try {
                Throwable thrown = call.get(RESPONSE_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
                assertInstanceOf(NetConnTimeoutException.class, thrown, () -> "paused mid-call: " + thrown);
                report("scripted paused mid-call", thrown, Duration.ofNanos(System.nanoTime() - start));
            } finally {
                scripted.unpause();
                scripted.load(scenario);
            }
            Thread.sleep(700); // the answer the server was working on goes out, unwanted
            assertEquals(expected, e.enumerateAll(q), "the call after unpausing");
        }
        stock.assertNothingLeft("the scripted server paused mid-call");
    }

    /**
     * The request is held in the proxy while Samba is stopped, so the call is surely under way
     * when the server goes. (Pausing Samba first is not enough: killing a paused container
     * thaws it, and its smbd sometimes answers before it dies.)
     */
    @Test
    void onSambaAServerStoppedMidCallIsHostUnreachableAndTheCallAfterItWorks() throws Exception {
        Leaks stock = Leaks.snapshot();
        try (FaultProxy proxy = FaultProxy.to(samba.port());
             MsrpcConnectionEnumerator e = admin().build()) {
            ConnectionQuery<?> q = query(proxy.serverName());
            List<? extends ConnectionInfo> expected = e.enumerateAll(q);
            proxy.inject(Fault.delay(Direction.CLIENT_TO_SERVER, 1, Duration.ofMillis(1_500)));
            CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(() -> thrownBy(() -> e.enumerateAll(q)));
            Thread.sleep(300);
            assertEquals(1, proxy.fired(), "the request is held");
            long start = System.nanoTime();
            samba.stop();
            try {
                Throwable thrown = call.get(RESPONSE_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
                assertInstanceOf(HostUnreachableException.class, thrown, () -> "stopped mid-call: " + thrown);
                report("Samba stopped mid-call", thrown, Duration.ofNanos(System.nanoTime() - start));
            } finally {
                samba.restart();
            }
            assertEquals(expected, e.enumerateAll(q), "the call after the server is back");
        }
        stock.assertNothingLeft("Samba stopped mid-call");
        samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- helpers

    interface Call {
        Object run() throws Exception;
    }

    static Throwable thrownBy(Call call) {
        try {
            call.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    static <T extends NetConnException> T assertFails(Class<T> kind, Call call, Duration within, String what) {
        long start = System.nanoTime();
        Throwable thrown = thrownBy(call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        T failure = assertInstanceOf(kind, thrown, () -> what + ": expected " + kind.getSimpleName() + ", got "
                + (thrown == null ? "a result" : thrown.toString()));
        assertTrue(took.compareTo(within) <= 0, () -> what + ": the call took " + took.toMillis() + " ms, more than "
                + within.toMillis() + " ms; " + thrown);
        report(what, thrown, took);
        return failure;
    }

    static void report(String what, Throwable thrown, Duration took) {
        System.out.println("[fault] " + what + " -> " + thrown.getClass().getSimpleName() + " in " + took.toMillis()
                + " ms: " + thrown.getMessage());
    }
}
