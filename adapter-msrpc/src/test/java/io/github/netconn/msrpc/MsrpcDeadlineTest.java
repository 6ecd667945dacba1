package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.UncheckedNetConnException;
import io.github.netconn.fleet.FleetSweep;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Fault;
import io.github.netconn.testkit.FaultProxy;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sweep's deadline against real slow servers, on smbj (whose release cuts a call short;
 * on jcifs a deadline ends the result but not the call, see {@link JcifsLayer#release}): a
 * Samba behind a {@link FaultProxy} that holds every reply for a little less than the
 * response time-out, and servers that accept TCP and never answer. Their results are the
 * deadline's time-out, on time; the healthy server beside them answers.
 */
class MsrpcDeadlineTest {

    @Samba
    static SambaServer samba;

    /**
     * Samba starts its RPC server (samba-dcerpcd, rpcd_classic) at the first pipe opened, which
     * on a loaded machine took longer than the 1.5 s response time-outs of these tests: a first
     * call here, with time to spare, so that "the healthy server" is healthy.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (MsrpcConnectionEnumerator warm = enumerator(Duration.ofSeconds(30))) {
            warm.enumerateAll(query(samba.serverName()));
        }
    }

    static MsrpcConnectionEnumerator enumerator(Duration responseTimeout) {
        return MsrpcConnectionEnumerator.builder().smbLibrary(SmbLibrary.SMBJ)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .connectTimeout(Duration.ofSeconds(2)).responseTimeout(responseTimeout).build();
    }

    static ConnectionQuery<?> query(String serverName) {
        return ConnectionQuery.on(serverName, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
    }

    /**
     * Each of the seven or so round trips of a call (negotiate, two session set-ups, tree
     * connect, create, bind, the request) answers 1.2 s late, inside the 1.5 s response
     * time-out, so without the deadline the call would take over 8 s.
     */
    @Test
    void aTricklingServerTimesOutAtTheDeadlineNotAfterEveryResponse() throws Exception {
        Duration deadline = Duration.ofSeconds(2);
        try (FaultProxy proxy = FaultProxy.to(samba.port());
             MsrpcConnectionEnumerator enumerator = enumerator(Duration.ofMillis(1_500))) {
            proxy.inject(Fault.delay(Direction.SERVER_TO_CLIENT, 1, Duration.ofMillis(1_200)).repeating());
            Map<String, Long> at = new ConcurrentHashMap<>();
            List<FleetSweep.Result> results = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            FleetSweep.over(enumerator).parallel(2).deadline(deadline)
                    .run(List.of(query(proxy.serverName()), query(samba.serverName())), r -> {
                        results.add(r);
                        at.put(r.query().server(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    });
            Map<String, FleetSweep.Result> byServer = results.stream()
                    .collect(Collectors.toMap(r -> r.query().server(), r -> r));

            NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class,
                    byServer.get(proxy.serverName()).failure(), () -> "the trickling server: " + results);
            assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase(), timedOut::getMessage);
            long took = at.get(proxy.serverName());
            assertTrue(took >= 1_900 && took < deadline.toMillis() + 1_500,
                    "the trickling server's result came after " + took + " ms; the deadline is " + deadline);
            assertTrue(proxy.fired() >= 1, "the proxy delayed replies");
            assertTrue(byServer.get(samba.serverName()).succeeded(), () -> "the healthy server: " + results);

            long waited = System.nanoTime();
            while (proxy.connectionsOpen() > 0 && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(20);
            }
            assertEquals(0, proxy.connectionsOpen(), "the released server's connection is closed");

            proxy.clear();
            assertDoesNotThrow(() -> enumerator.enumerateAll(query(proxy.serverName())),
                    "the released server can be asked again");
        }
    }

    /**
     * Outside a sweep, the call's own time-out: every reply 1.2 s late, inside the 1.5 s response
     * time-out, and a call time-out of 2 s; enumerateAll, then a stream, each from a fresh
     * enumerator (jcifs, whose pooled session survives a failed call, would answer a second call
     * in one round trip, inside the time-out). On smbj the call ends at 2 s as a DEADLINE time-out
     * and the server's connection is closed at once; on jcifs, which cannot close one server's
     * connection, the call still ends as a DEADLINE time-out, at its next read. Either way the same
     * enumerator answers once the server is healthy again.
     */
    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void aTricklingServerEndsAtTheCallTimeOut(SmbLibrary library) throws Exception {
        Duration callTimeout = Duration.ofSeconds(2);
        for (String how : List.of("enumerateAll", "stream")) {
            try (FaultProxy proxy = FaultProxy.to(samba.port());
                 MsrpcConnectionEnumerator enumerator = MsrpcConnectionEnumerator.builder().smbLibrary(library)
                         .credentials(Account.ADMIN.domain(), Account.ADMIN.user(),
                                 Account.ADMIN.password().toCharArray())
                         .connectTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofMillis(1_500))
                         .callTimeout(callTimeout).build()) {
                proxy.inject(Fault.delay(Direction.SERVER_TO_CLIENT, 1, Duration.ofMillis(1_200)).repeating());
                long start = System.nanoTime();
                NetConnException failure = assertThrows(NetConnException.class, () -> {
                    try {
                        if (how.equals("stream")) {
                            enumerator.stream(query(proxy.serverName()), PageSize.ALL).count();
                        } else {
                            enumerator.enumerateAll(query(proxy.serverName()));
                        }
                    } catch (UncheckedNetConnException e) {
                        throw e.getCause();
                    }
                });
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class, failure, failure::toString);
                assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase(), timedOut::getMessage);
                long bound = library == SmbLibrary.SMBJ ? callTimeout.toMillis() + 1_500 : 15_000;
                assertTrue(took >= callTimeout.toMillis() - 100 && took < bound, how + " took " + took + " ms");
                if (library == SmbLibrary.SMBJ) {
                    long waited = System.nanoTime();
                    while (proxy.connectionsOpen() > 0 && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(5)) {
                        Thread.sleep(20);
                    }
                    assertEquals(0, proxy.connectionsOpen(), "the connection of the call that ran out is closed");
                }
                proxy.clear();
                assertDoesNotThrow(() -> enumerator.enumerateAll(query(proxy.serverName())), "the enumerator answers again");
            }
        }
    }

    /**
     * A TCP connect that never completes (a SYN dropped by {@link MsrpcFleetTest.BlackHoles}) is
     * cut at the deadline too: releasing the server closes the channel under the pending
     * connect ({@link SmbjTransport}), so two black holes one after the other cost two
     * deadlines, not two of the 20 s connect time-outs.
     */
    @Test
    void aBlackHoleEndsAtTheDeadlineNotAtTheConnectTimeOut() throws Exception {
        Duration deadline = Duration.ofSeconds(1);
        try (MsrpcFleetTest.BlackHoles holes = MsrpcFleetTest.BlackHoles.install(samba.port());
             MsrpcConnectionEnumerator enumerator = MsrpcConnectionEnumerator.builder().smbLibrary(SmbLibrary.SMBJ)
                     .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                     .connectTimeout(Duration.ofSeconds(20)).responseTimeout(Duration.ofSeconds(20)).build()) {
            List<ConnectionQuery<?>> queries = List.of(query("127.99.1.1:" + samba.port()),
                    query("127.99.1.2:" + samba.port()));
            List<FleetSweep.Result> results = new ArrayList<>();
            long start = System.nanoTime();
            FleetSweep.over(enumerator).parallel(1).deadline(deadline).run(queries, results::add);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(took < 2 * deadline.toMillis() + 3_000, "two black holes took " + took + " ms at a deadline of "
                    + deadline.toMillis() + " ms each");
            assertEquals(2, results.size());
            for (FleetSweep.Result result : results) {
                NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class, result.failure(),
                        result::toString);
                assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase(), timedOut::getMessage);
            }
        }
    }

    /** k servers that accept TCP and never answer, at parallel p: about ceil(k/p) deadlines, not ceil(k/p) time-outs. */
    @Test
    void unansweringServersCostAboutCeilKOverPDeadlines() throws Exception {
        int k = 4;
        int p = 2;
        Duration deadline = Duration.ofSeconds(1);
        Duration responseTimeout = Duration.ofSeconds(10); // what each would cost without the deadline
        List<ServerSocket> deaf = new ArrayList<>();
        List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());
        try (MsrpcConnectionEnumerator enumerator = enumerator(responseTimeout)) {
            List<ConnectionQuery<?>> queries = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                deaf.add(listener);
                Thread acceptor = new Thread(() -> {
                    try {
                        while (true) {
                            accepted.add(listener.accept()); // and never a byte back
                        }
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                }, "deaf-server-" + listener.getLocalPort());
                acceptor.setDaemon(true);
                acceptor.start();
                queries.add(query("127.0.0.1:" + listener.getLocalPort()));
            }
            queries.add(query(samba.serverName()));

            long start = System.nanoTime();
            List<FleetSweep.Result> results = new ArrayList<>();
            FleetSweep.over(enumerator).parallel(p).deadline(deadline).run(queries, results::add);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            long bound = ((k + p - 1) / p) * deadline.toMillis() + 1_000; // + the healthy server, generously
            assertTrue(took < 2 * bound + 3_000, "took " + took + " ms; the bound is about " + bound + " ms");
            assertEquals(k + 1, results.size());
            for (FleetSweep.Result result : results) {
                if (result.query().server().equals(samba.serverName())) {
                    assertTrue(result.succeeded(), result::toString);
                } else {
                    NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class, result.failure(),
                            result::toString);
                    assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase());
                }
            }
        } finally {
            for (ServerSocket listener : deaf) {
                listener.close();
            }
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
