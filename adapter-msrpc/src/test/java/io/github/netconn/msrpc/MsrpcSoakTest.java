package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * C10 and C12 over thousands of calls on a real Samba: several threads share a few
 * enumerators, and some calls fail on purpose (an unknown share, access denied for the
 * plain account, a wrong password). Every call gets the answer it should; afterwards the
 * heap, the threads, the descriptors and Samba's sessions are back where they were.
 */
class MsrpcSoakTest {

    static final int THREADS = 6;
    static final int CALLS = 5_000;
    /** The used heap after close and GC may exceed the start by this much (class data, JIT, GC noise). */
    static final long HEAP_TOLERANCE = 16L * 1024 * 1024;

    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void thousandsOfCallsSomeFailingLeaveNothingBehind(SmbLibrary library) throws Exception {
        try (SambaServer samba = SambaServer.start()) {
            ConnectionQuery<?> data = ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
            ConnectionQuery<?> unknown = ConnectionQuery.on(samba.serverName(), Qualifier.of("NOSUCH"),
                    ConnectionLevel.LEVEL_1);
            // Warm up: jcifs's classes and static state, and the JIT, before the stock is taken.
            List<ConnectionInfo> expected;
            try (MsrpcConnectionEnumerator warm = enumerator(library, Account.ADMIN)) {
                expected = List.copyOf(warm.enumerateAll(data));
                for (int i = 0; i < 200; i++) {
                    warm.enumerateAll(data);
                }
            }
            samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(10));
            long heapBefore = usedHeapAfterGc();
            Leaks stock = Leaks.snapshot();

            AtomicInteger ok = new AtomicInteger();
            AtomicInteger notFound = new AtomicInteger();
            AtomicInteger denied = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try (MsrpcConnectionEnumerator adminA = enumerator(library, Account.ADMIN);
                 MsrpcConnectionEnumerator adminB = enumerator(library, Account.ADMIN);
                 MsrpcConnectionEnumerator plain = enumerator(library, Account.PLAIN);
                 MsrpcConnectionEnumerator wrong = enumerator(library, Account.ADMIN.withWrongPassword())) {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    int n = i;
                    calls.add(pool.submit(() -> {
                        MsrpcConnectionEnumerator admin = n % 2 == 0 ? adminA : adminB;
                        switch (n % 20) {
                            case 0: case 1: case 2: // an unknown share: ERROR_INVALID_NAME on Samba
                                expectStatus(() -> admin.enumerateAll(unknown), NetApiStatusException.Kind.NOT_FOUND);
                                notFound.incrementAndGet();
                                break;
                            case 3: case 4: // access denied for the plain account
                                expectStatus(() -> plain.enumerateAll(data), NetApiStatusException.Kind.ACCESS_DENIED);
                                denied.incrementAndGet();
                                break;
                            case 5: // a wrong password
                                Throwable thrown = MsrpcFaultsTest.thrownBy(() -> wrong.enumerateAll(data));
                                if (!(thrown instanceof AuthenticationException)) {
                                    throw new AssertionError("a wrong password gave " + thrown, thrown);
                                }
                                refused.incrementAndGet();
                                break;
                            default:
                                assertEquals(expected, admin.enumerateAll(data));
                                ok.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    try {
                        call.get();
                    } catch (ExecutionException failed) {
                        throw new AssertionError("a call went wrong: " + failed.getCause(), failed.getCause());
                    }
                }
                int sessions = samba.sessionsOf(Account.ADMIN.user());
                assertTrue(sessions <= 2 * THREADS, "admin sessions on Samba during the soak: " + sessions
                        + " for two enumerators; each should reuse its session(s), not log on per call");
            } finally {
                pool.shutdown();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(CALLS, ok.get() + notFound.get() + denied.get() + refused.get(), "calls answered");

            samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(10));
            samba.awaitSessions(Account.PLAIN.user(), 0, Duration.ofSeconds(10));
            assertTrue(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS), "the test's own pool ended");
            stock.assertNothingLeft("the soak");
            long heapAfter = usedHeapAfterGc();
            System.out.printf("[soak] %d calls (%d ok, %d not found, %d denied, %d wrong password) on %d threads in %d ms"
                            + " (%.0f calls/s); used heap after GC %d KiB before, %d KiB after%n",
                    CALLS, ok.get(), notFound.get(), denied.get(), refused.get(), THREADS, took.toMillis(),
                    CALLS * 1000.0 / took.toMillis(), heapBefore / 1024, heapAfter / 1024);
            assertTrue(heapAfter <= heapBefore + HEAP_TOLERANCE, "used heap after GC grew from " + heapBefore / 1024
                    + " KiB to " + heapAfter / 1024 + " KiB over the soak");
        }
    }

    private static MsrpcConnectionEnumerator enumerator(SmbLibrary library, Account account) {
        return MsrpcConnectionEnumerator.builder()
                .smbLibrary(library)
                .credentials(account.domain(), account.user(), account.password().toCharArray())
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static void expectStatus(MsrpcFaultsTest.Call call, NetApiStatusException.Kind kind) {
        Throwable thrown = MsrpcFaultsTest.thrownBy(call);
        if (!(thrown instanceof NetApiStatusException status) || status.kind() != kind) {
            fail("expected a NetApiStatusException of kind " + kind + ", got " + thrown, thrown);
        }
    }

    /** The used heap after a few full collections have settled it. */
    static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
