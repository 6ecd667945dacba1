package io.github.netconn.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep API against an in-memory enumerator: no network. */
class FleetSweepTest {

    /**
     * Answers each server after the delay its name asks for ({@code s3-200} sleeps 200 ms),
     * fails servers named {@code auth*} and {@code down*} with their kinds, rejects {@code bad*};
     * counts calls in flight and releases.
     */
    private static final class Fleet implements ConnectionEnumerator {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<String> released = Collections.synchronizedList(new ArrayList<>());
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            calls.incrementAndGet();
            int now = inFlight.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                String server = query.server();
                CountDownLatch gate = gates.get(server);
                if (gate != null) {
                    gate.await();
                }
                int dash = server.lastIndexOf('-');
                if (dash > 0) {
                    Thread.sleep(Long.parseLong(server.substring(dash + 1)));
                }
                if (server.startsWith("auth")) {
                    throw new AuthenticationException("logon refused by " + server, null);
                }
                if (server.startsWith("down")) {
                    throw new HostUnreachableException(server + " refused the connection", null);
                }
                if (server.startsWith("huge")) {
                    throw new OutOfMemoryError("Java heap space (an answer " + server + " sent)");
                }
                if (server.startsWith("defect")) {
                    throw new IllegalStateException("a bug below the port");
                }
                if (server.startsWith("bad")) {
                    throw new IllegalArgumentException("server '" + server + "' is not for this adapter");
                }
                return new Page<ConnectionInfo>(List.of(new ConnectionInfo.Level0(server.length())), 1,
                        ResumeHandle.START, false).as(query.level());
            } catch (InterruptedException e) {
                throw new AssertionError("a running call was interrupted", e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void release(String serverName) {
            released.add(serverName);
        }

        @Override
        public void close() {
        }
    }

    private final Fleet fleet = new Fleet();

    private static List<ConnectionQuery<?>> queries(String... servers) {
        return Stream.of(servers).<ConnectionQuery<?>>map(s -> ConnectionQuery.on(s, Qualifier.of("DATA"),
                ConnectionLevel.LEVEL_0)).toList();
    }

    private static List<String> servers(List<FleetSweep.Result> results) {
        return results.stream().map(r -> r.query().server()).toList();
    }

    private static Set<Thread> sweepThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("netconn-sweep-") && t.isAlive()).collect(Collectors.toSet());
    }

    @AfterEach
    void noThreadLeftBehind() {
        assertEquals(Set.of(), sweepThreads(), "the sweep's threads end with the sweep");
    }

    @Test
    void oneResultPerQueryWithEntriesOrTheTypedFailure() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(4).run(queries("a", "auth1", "b", "down1", "bad1", "c"), results::add);
        assertEquals(Set.of("a", "auth1", "b", "down1", "bad1", "c"), Set.copyOf(servers(results)));
        assertEquals(6, results.size());
        Map<String, FleetSweep.Result> byServer = results.stream()
                .collect(Collectors.toMap(r -> r.query().server(), r -> r));
        assertTrue(byServer.get("a").succeeded());
        assertEquals(List.of(new ConnectionInfo.Level0(1)), byServer.get("a").entries());
        assertInstanceOf(AuthenticationException.class, byServer.get("auth1").failure());
        assertInstanceOf(HostUnreachableException.class, byServer.get("down1").failure());
        assertFalse(byServer.get("bad1").succeeded());
        assertTrue(byServer.get("bad1").rejection().getMessage().contains("bad1"));
        assertEquals(Set.of("a", "auth1", "b", "down1", "bad1", "c"), Set.copyOf(fleet.released),
                "every server is released once its query is done");
        assertEquals(6, fleet.released.size());
    }

    /** An answer the adapter could not hold is that server's failure, of kind protocol violation; the sweep goes on. */
    @Test
    void anErrorFromOneServersAnswerIsThatServersFailure() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(2).run(queries("a", "huge1", "b"), results::add);
        Map<String, FleetSweep.Result> byServer = results.stream()
                .collect(Collectors.toMap(r -> r.query().server(), r -> r));
        assertEquals(3, results.size(), results::toString);
        ProtocolViolationException failure = assertInstanceOf(ProtocolViolationException.class,
                byServer.get("huge1").failure());
        assertTrue(failure.getMessage().contains("could not be held"), failure.getMessage());
        assertTrue(byServer.get("a").succeeded() && byServer.get("b").succeeded(), results::toString);
    }

    @Test
    void resultsComeInTheOrderOfCompletion() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(3).run(queries("slow-400", "mid-200", "fast-0"), results::add);
        assertEquals(List.of("fast-0", "mid-200", "slow-400"), servers(results));
    }

    @Test
    void neverMoreCallsAtOnceThanParallel() {
        List<ConnectionQuery<?>> many = queries(IntStream.range(0,
                40).mapToObj(i -> "s" + i + "-20").toArray(String[]::new));
        AtomicInteger count = new AtomicInteger();
        FleetSweep.over(fleet).parallel(5).run(many, r -> count.incrementAndGet());
        assertEquals(40, count.get());
        assertEquals(5, fleet.peak.get(), "at most 5 at once, and 5 were used");
    }

    @Test
    void theCallbackIsNeverCalledConcurrently() {
        AtomicInteger inCallback = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Set<Thread> callers = ConcurrentHashMap.newKeySet();
        List<ConnectionQuery<?>> many = queries(IntStream.range(0,
                30).mapToObj(i -> "s" + i + "-5").toArray(String[]::new));
        FleetSweep.over(fleet).parallel(8).run(many, r -> {
            callers.add(Thread.currentThread());
            if (inCallback.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            inCallback.decrementAndGet();
        });
        assertEquals(0, overlaps.get());
        assertEquals(Set.of(Thread.currentThread()), callers, "the callback runs on the caller's thread");
    }

    @Test
    void aDuplicateIsAskedOnce() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(2).run(queries("a", "b", "A", "\\\\a", "b"), results::add);
        assertEquals(List.of("a", "b"), servers(results).stream().sorted().toList());
        assertEquals(2, fleet.calls.get());
    }

    @Test
    void cancelStopsNewWorkAndWaitsForTheRunningCalls() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        fleet.gates.put("held1", gate);
        fleet.gates.put("held2", gate);
        List<ConnectionQuery<?>> list = new ArrayList<>(queries("held1", "held2"));
        list.addAll(queries(IntStream.range(0, 20).mapToObj(i -> "later" + i).toArray(String[]::new)));
        FleetSweep sweep = FleetSweep.over(fleet).parallel(2).start(list);
        while (fleet.inFlight.get() < 2) {
            Thread.sleep(5);
        }
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            gate.countDown();
        });
        opener.start();
        long start = System.nanoTime();
        sweep.cancel();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 250, "cancel returned before the running calls ended: " + waited + " ms");
        assertEquals(0, fleet.inFlight.get());
        assertEquals(2, fleet.calls.get(), "no new query after cancel");
        assertFalse(sweep.hasNext(), "no result after cancel");
        assertTrue(sweep.cancelled());
        assertEquals(Set.of(), sweepThreads());
        opener.join();
    }

    @Test
    void cancelFromTheCallbackWithAFullHandOff() {
        List<ConnectionQuery<?>> many = queries(IntStream.range(0, 50).mapToObj(i -> "s" + i).toArray(String[]::new));
        List<FleetSweep.Result> seen = new ArrayList<>();
        FleetSweep sweep = FleetSweep.over(fleet).parallel(4).start(many);
        try (sweep) {
            sweep.forEachRemaining(r -> {
                seen.add(r);
                if (seen.size() == 3) {
                    sweep.cancel();
                }
            });
        }
        assertEquals(3, seen.size());
        assertTrue(fleet.calls.get() < 50, "cancel stopped new work: " + fleet.calls.get());
    }

    @Test
    void closingTheStreamCancelsTheSweep() {
        List<ConnectionQuery<?>> many = queries(IntStream.range(0,
                100).mapToObj(i -> "s" + i + "-2").toArray(String[]::new));
        FleetSweep sweep = FleetSweep.over(fleet).parallel(4).start(many);
        try (Stream<FleetSweep.Result> results = sweep.stream()) {
            assertEquals(5, results.limit(5).count());
        }
        assertTrue(sweep.cancelled());
        assertTrue(fleet.calls.get() < 100, "closing the stream stopped new work: " + fleet.calls.get());
    }

    @Test
    void theHandOffIsBounded() throws Exception {
        List<ConnectionQuery<?>> many = queries(IntStream.range(0, 100).mapToObj(i -> "s" + i).toArray(String[]::new));
        try (FleetSweep sweep = FleetSweep.over(fleet).parallel(3).start(many)) {
            Thread.sleep(200); // nobody consumes: the workers must wait, not run ahead
            assertTrue(fleet.calls.get() <= 3 + 3, "calls ran ahead of the consumer: " + fleet.calls.get());
            assertTrue(sweep.hasNext());
        }
    }

    @Test
    void theQueriesAreReadLazily() {
        AtomicInteger read = new AtomicInteger();
        Iterable<ConnectionQuery<?>> endless = () -> Stream.iterate(0, i -> i + 1)
                .peek(i -> read.incrementAndGet())
                .<ConnectionQuery<?>>map(i -> ConnectionQuery.on("s" + i, Qualifier.of("DATA"),
                        ConnectionLevel.LEVEL_0)).iterator();
        try (FleetSweep sweep = FleetSweep.over(fleet).parallel(2).start(endless)) {
            for (int i = 0; i < 10; i++) {
                sweep.next();
            }
        }
        assertTrue(read.get() < 20, "read " + read.get() + " queries for 10 results");
    }

    @Test
    void parallelIsFrom1To256() {
        FleetSweep.Builder builder = FleetSweep.over(fleet);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> builder.parallel(0));
        assertEquals("parallel must be from 1 to 256, not 0", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.parallel(257));
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        builder.parallel(256).run(queries("a", "b"), r -> seen.addAll(sweepThreads()));
        assertTrue(seen.size() <= 2, "two queries need no more than two threads: " + seen);
        builder.parallel(1).run(List.of(), r -> fail());
    }

    @Test
    void aDefectBelowThePortEndsTheSweepLoudly() {
        List<ConnectionQuery<?>> list = new ArrayList<>(queries("defect1"));
        list.addAll(queries(IntStream.range(0, 20).mapToObj(i -> "s" + i + "-10").toArray(String[]::new)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FleetSweep.over(fleet).parallel(1).run(list, r -> { }));
        assertEquals("a bug below the port", e.getCause().getMessage());
        assertEquals(1, fleet.calls.get(), "no query after the defect");
    }

    @Test
    void releaseEachCanBeTurnedOff() {
        FleetSweep.over(fleet).releaseEach(false).run(queries("a", "b"), r -> { });
        assertEquals(List.of(), fleet.released);
    }

    private static void fail() {
        throw new AssertionError("no result expected");
    }
}
