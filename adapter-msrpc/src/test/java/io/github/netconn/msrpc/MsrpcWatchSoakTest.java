package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A long watch of a real Samba while connections come and go (a thread opens and closes
 * tree connects and files on two shares), beside a server that refuses every connection,
 * every 5 ms.
 * At every poll, replaying the events so far gives the previous poll's answer; afterwards
 * the heap, threads and descriptors are back where they were and the watch held one
 * session on Samba throughout. The default suite runs {@value #SHORT} polls; the soak
 * profile ({@code scripts/watch-soak}) runs {@value #LONG}.
 */
class MsrpcWatchSoakTest {

    static final int SHORT = 600;
    static final int LONG = 5_000;

    @Test
    void aShortWatchWithConnectionsComingAndGoingLeavesNothingBehind() throws Exception {
        soak(SHORT);
    }

    @Test
    @Tag("soak")
    void fiveThousandPollsWithConnectionsComingAndGoingLeaveNothingBehind() throws Exception {
        soak(LONG);
    }

    /** One query's events replayed as a multiset, checked against each poll's entries at the next poll. */
    private static final class Replay {
        final Map<ConnectionInfo, Integer> state = new HashMap<>();
        Map<ConnectionInfo, Integer> expected;

        void apply(WatchEvent event) {
            if (event instanceof WatchEvent.Snapshot s) {
                s.entries().forEach(e -> state.merge(e, 1, Integer::sum));
            } else if (event instanceof WatchEvent.Connected c) {
                state.merge(c.entry(), 1, Integer::sum);
            } else if (event instanceof WatchEvent.Disconnected d) {
                state.merge(d.entry(), -1, Integer::sum);
            } else if (event instanceof WatchEvent.Changed c) {
                state.merge(c.before(), -1, Integer::sum);
                state.merge(c.entry(), 1, Integer::sum);
            }
            state.values().removeIf(n -> n == 0);
        }
    }

    private static Map<ConnectionInfo, Integer> multiset(List<? extends ConnectionInfo> entries) {
        Map<ConnectionInfo, Integer> counts = new HashMap<>();
        entries.forEach(e -> counts.merge(e, 1, Integer::sum));
        return counts;
    }

    private static void soak(int polls) throws Exception {
        try (SambaServer samba = SambaServer.start()) {
            int refusing;
            try (ServerSocket socket = new ServerSocket(0)) {
                refusing = socket.getLocalPort();
            }
            List<ConnectionQuery<?>> queries = List.of(
                    ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1),
                    ConnectionQuery.on(samba.serverName(), Qualifier.of("PUBLIC"), ConnectionLevel.LEVEL_1),
                    ConnectionQuery.on("127.0.0.1:" + refusing, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
            // Warm up: classes, the JIT and the adapter's static state, before the stock is taken.
            try (MsrpcConnectionEnumerator warm = MsrpcWatchTest.admin()) {
                for (int i = 0; i < 100; i++) {
                    warm.enumerateAll(queries.get(0));
                }
            }
            samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(10));
            long heapBefore = MsrpcSoakTest.usedHeapAfterGc();
            Leaks stock = Leaks.snapshot();

            Map<ConnectionQuery<?>, Replay> replays = new ConcurrentHashMap<>();
            AtomicInteger polled = new AtomicInteger();
            AtomicInteger failedPolls = new AtomicInteger();
            AtomicInteger mismatches = new AtomicInteger();
            AtomicInteger connected = new AtomicInteger();
            AtomicInteger disconnected = new AtomicInteger();
            AtomicInteger changed = new AtomicInteger();
            AtomicInteger failedEvents = new AtomicInteger();
            AtomicReference<String> firstMismatch = new AtomicReference<>();
            CountDownLatch enough = new CountDownLatch(1);
            ConnectionWatch.Listener listener = new ConnectionWatch.Listener() {
                @Override
                public void polled(ConnectionWatch.Poll poll) {
                    Replay replay = replays.computeIfAbsent(poll.query(), q -> new Replay());
                    if (replay.expected != null && !replay.expected.equals(replay.state)) {
                        mismatches.incrementAndGet();
                        firstMismatch.compareAndSet(null, poll.query() + ": replayed " + replay.state
                                + ", answered " + replay.expected);
                    }
                    if (poll.succeeded()) {
                        replay.expected = multiset(poll.entries());
                    } else {
                        failedPolls.incrementAndGet();
                    }
                    if (polled.incrementAndGet() >= polls) {
                        enough.countDown();
                    }
                }

                @Override
                public void event(WatchEvent event) {
                    replays.get(event.query()).apply(event);
                    if (event instanceof WatchEvent.Connected) {
                        connected.incrementAndGet();
                    } else if (event instanceof WatchEvent.Disconnected) {
                        disconnected.incrementAndGet();
                    } else if (event instanceof WatchEvent.Changed) {
                        changed.incrementAndGet();
                    } else if (event instanceof WatchEvent.Failed f && f.failure() instanceof HostUnreachableException) {
                        failedEvents.incrementAndGet();
                    } else if (event instanceof WatchEvent.Failed f) {
                        firstMismatch.compareAndSet(null, "a failure other than the refusing server's: " + f);
                    }
                }
            };

            long start = System.nanoTime();
            Churn churn = new Churn(samba);
            int sessionsDuring;
            try (MsrpcConnectionEnumerator enumerator = MsrpcWatchTest.admin();
                 ConnectionWatch watch = ConnectionWatch.over(enumerator).interval(Duration.ofMillis(5))
                         .start(queries, listener)) {
                churn.start();
                assertTrue(enough.await(20L * polls, TimeUnit.MILLISECONDS), () -> polled.get() + " polls only");
                sessionsDuring = samba.sessionsOf(Account.ADMIN.user());
                churn.stop();
            } finally {
                churn.stop();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(null, firstMismatch.get(), () -> mismatches.get() + " polls whose replay was off");
            assertEquals(1, sessionsDuring, "the watch reuses one session on Samba (the churn logs on as "
                    + Account.PLAIN.user() + ")");
            assertTrue(failedPolls.get() > polls / 4, "the refusing server was polled as often: " + failedPolls);
            assertEquals(1, failedEvents.get(), "one Failed for a server that always refuses");
            assertTrue(connected.get() >= churn.changes.get() / 4 && disconnected.get() > 0,
                    () -> "connections came and went: " + connected + " connected, " + disconnected
                            + " disconnected, for " + churn.changes + " changes");
            samba.awaitSessions(Account.ADMIN.user(), 0, Duration.ofSeconds(10));
            samba.awaitSessions(Account.PLAIN.user(), 0, Duration.ofSeconds(10));
            stock.assertNothingLeft("the watch soak");
            long heapAfter = MsrpcSoakTest.usedHeapAfterGc();
            System.out.printf("[watch soak] %d polls (%d failed) in %d ms: %d connected, %d disconnected, %d changed"
                            + " for %d changes; used heap after GC %d KiB before, %d KiB after%n",
                    polled.get(), failedPolls.get(), took.toMillis(), connected.get(), disconnected.get(),
                    changed.get(), churn.changes.get(), heapBefore / 1024, heapAfter / 1024);
            assertTrue(heapAfter <= heapBefore + MsrpcSoakTest.HEAP_TOLERANCE, "used heap after GC grew from "
                    + heapBefore / 1024 + " KiB to " + heapAfter / 1024 + " KiB over the watch");
        }
    }

    /**
     * Three threads that open and close tree connects (and files on them) on DATA and
     * PUBLIC, at most four each at once.
     */
    private static final class Churn {
        private final SambaServer samba;
        private final List<Thread> threads = new ArrayList<>();
        private final List<SambaServer.Held> held = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopping;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger changes = new AtomicInteger();

        Churn(SambaServer samba) {
            this.samba = samba;
            for (int i = 0; i < 3; i++) {
                long seed = i;
                threads.add(new Thread(() -> run(new Random(seed)), "watch-soak-churn-" + i));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        private void run(Random random) {
            List<SambaServer.Held> mine = new ArrayList<>();
            try {
                while (!stopping) {
                    int n = random.nextInt(10);
                    if (mine.size() < 4 && (mine.isEmpty() || n < 4)) {
                        SambaServer.Held h = samba.connect(Account.PLAIN, random.nextBoolean() ? "DATA" : "PUBLIC");
                        held.add(h);
                        mine.add(h);
                    } else if (n < 8) {
                        SambaServer.Held h = mine.remove(random.nextInt(mine.size()));
                        h.close();
                        held.remove(h);
                    } else {
                        mine.get(random.nextInt(mine.size())).open(random.nextBoolean() ? "readme.txt" : "docs/notes.txt");
                    }
                    changes.incrementAndGet();
                    Thread.sleep(random.nextInt(20));
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        void stop() throws IOException, InterruptedException {
            stopping = true;
            for (Thread t : threads) {
                t.join(30_000);
            }
            for (SambaServer.Held h : List.copyOf(held)) {
                h.close();
            }
            held.clear();
            if (failure.get() != null) {
                throw new AssertionError("the churn failed: " + failure.get(), failure.get());
            }
        }
    }
}
