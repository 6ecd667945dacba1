package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many cold sessions at once: {@value #HOSTS} calls to as many distinct loopback hosts
 * (127.L.R.1 … 127.L.R.200, all reaching one Samba listening on every address),
 * {@value #THREADS} at a time on one shared enumerator, {@value #RUNS} runs in a row. Each
 * host is new to the enumerator, so every call makes its own connection, negotiate and
 * session set-up while fifteen others do the same.
 *
 * <p>On smbj every call must succeed, Samba must not complain that the client used more
 * SMB2 credits than it was granted, and {@code close()} must leave no session behind. On
 * jcifs the same load is measured and printed, not asserted, so that the figure can be
 * written down (BENCHMARKS.md: jcifs's lost sessions are lost to Samba's multichannel
 * connection passing, see {@link #startSambaOnEveryAddress}); only that every call ends, one
 * way or the other, is asserted.
 */
class MsrpcConcurrencyTest {

    static final int HOSTS = 200;
    static final int THREADS = 16;
    static final int RUNS = 3;
    /** Generous: a run takes a few seconds; a hang must still not hold the build. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    /** Samba 4.17, smb2_server.c smb2_validate_message_id, logged at level 0. */
    static final String CREDITS_COMPLAINT = "client used more credits than granted";

    // Multichannel stays on (Samba's default since 4.15): smbd passes a new connection whose
    // ClientGuid it already knows to the process holding that client, which under this load
    // loses session set-ups. smbj gives every connection its own ClientGuid, so it must lose
    // none; jcifs, one per context, does (BENCHMARKS.md).
    @Samba(onEveryAddress = true)
    private static SambaServer samba;

    @BeforeAll
    static void warmUp() throws IOException {
        // Samba starts its srvsvc service on the first pipe open: not inside a timed run.
        try (MsrpcConnectionEnumerator warm = enumerator(SmbLibrary.SMBJ)) {
            warm.enumerateAll(ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
        } catch (NetConnException e) {
            throw new IOException("the warm-up call to " + samba.serverName() + " failed", e);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void onSmbjEveryColdCallSucceedsAndNoCreditIsOverspent() throws Exception {
        int complaintsBefore = occurrences(samba.log(), CREDITS_COMPLAINT);
        for (int run = 1; run <= RUNS; run++) {
            Sweep sweep = sweep(SmbLibrary.SMBJ, 1, run);
            System.out.println("[concurrency] " + sweep);
            assertEquals(0, sweep.failed(), "smbj, run " + run + ": " + sweep);
            samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(30));
        }
        int complaints = occurrences(samba.log(), CREDITS_COMPLAINT) - complaintsBefore;
        assertEquals(0, complaints, "Samba logged '" + CREDITS_COMPLAINT + "' " + complaints + " times during the smbj runs");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void onJcifsTheLostColdSessionsAreCounted() throws Exception {
        int complaintsBefore = occurrences(samba.log(), CREDITS_COMPLAINT);
        for (int run = 1; run <= RUNS; run++) {
            Sweep sweep = sweep(SmbLibrary.JCIFS, 2, run);
            int complaints = occurrences(samba.log(), CREDITS_COMPLAINT) - complaintsBefore;
            System.out.println("[concurrency] " + sweep + "; Samba's '" + CREDITS_COMPLAINT + "' so far: " + complaints);
            assertEquals(HOSTS, sweep.succeeded() + sweep.failed(), "jcifs, run " + run + ": every call ended");
        }
    }

    /** One run: a new enumerator, a call to each of {@value #HOSTS} hosts 127.L.R.h, {@value #THREADS} at a time, close. */
    private static Sweep sweep(SmbLibrary library, int l, int run) throws Exception {
        long start = System.nanoTime();
        long deadline = start + RUN_LIMIT.toNanos();
        int succeeded = 0;
        Map<String, Integer> failures = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        MsrpcConnectionEnumerator enumerator = enumerator(library);
        try {
            List<Future<?>> calls = new ArrayList<>(HOSTS);
            for (int h = 1; h <= HOSTS; h++) {
                ConnectionQuery<?> query = ConnectionQuery.on("127." + l + "." + run + "." + h + ":" + samba.port(),
                        Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
                calls.add(pool.submit(() -> enumerator.enumerateAll(query)));
            }
            for (Future<?> call : calls) {
                try {
                    call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    succeeded++;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof NetConnException failure)) {
                        throw new AssertionError(library + ", run " + run + ": a call ended with " + e.getCause(),
                                e.getCause());
                    }
                    failures.merge(failure.getClass().getSimpleName() + ": " + failure.getMessage()
                            .replaceAll("127\\.\\d+\\.\\d+\\.\\d+", "127.x.y.z"), 1, Integer::sum);
                } catch (TimeoutException e) {
                    throw new AssertionError(library + ", run " + run + ": calls still running after " + RUN_LIMIT);
                }
            }
        } finally {
            pool.shutdownNow();
            enumerator.close();
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the test's pool ended");
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        return new Sweep(library, run, succeeded, failed, failures, Duration.ofNanos(System.nanoTime() - start));
    }

    /** One enumerator, shared by the run's threads; a lost session costs its response time-out. */
    private static MsrpcConnectionEnumerator enumerator(SmbLibrary library) {
        return MsrpcConnectionEnumerator.builder()
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .smbLibrary(library)
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private record Sweep(SmbLibrary library, int run, int succeeded, int failed, Map<String, Integer> failures,
                         Duration took) {
        @Override
        public String toString() {
            return library + " run " + run + ": " + HOSTS + " cold calls to distinct hosts, " + THREADS + " at a time: "
                    + succeeded + " ok, " + failed + " failed, in " + took.toMillis() + " ms"
                    + (failures.isEmpty() ? "" : "; failures: " + failures);
        }
    }
}
