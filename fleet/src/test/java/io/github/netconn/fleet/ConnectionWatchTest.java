package io.github.netconn.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.ShareType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch engine against an in-memory enumerator whose servers follow scripts: no network. */
class ConnectionWatchTest {

    private static final Duration FAST = Duration.ofMillis(5);

    /**
     * Each server answers its script, one element per poll (a list of entries or an exception
     * to throw, or {@link #HANG}: hang until released, then fail), and then its last element
     * for ever. Pages by 100 bytes an entry. Counts polls, overlaps and releases.
     */
    private static final class Servers implements ConnectionEnumerator {
        static final Object HANG = new Object();
        final Map<String, IntFunction<Object>> scripts = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final Map<String, CountDownLatch> hanging = new ConcurrentHashMap<>();
        final List<String> released = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        private final Map<ConnectionQuery<?>, List<ConnectionInfo>> paging = new ConcurrentHashMap<>();

        Servers script(String server, Object... answers) {
            scripts.put(server, n -> answers[Math.min(n, answers.length - 1)]);
            return this;
        }

        int polls(String server) {
            return polls.computeIfAbsent(server, s -> new AtomicInteger()).get();
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            String server = query.server();
            List<ConnectionInfo> all;
            if (resume.equals(ResumeHandle.START)) {
                threads.add(Thread.currentThread().getName());
                AtomicInteger running = inFlight.computeIfAbsent(server, s -> new AtomicInteger());
                if (running.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    int n = polls.computeIfAbsent(server, s -> new AtomicInteger()).getAndIncrement();
                    Object answer = scripts.get(server).apply(n);
                    if (answer == HANG) {
                        CountDownLatch released = new CountDownLatch(1);
                        hanging.put(server, released);
                        awaitOrFail(released);
                        throw new HostUnreachableException(server + ": the session was released", null);
                    }
                    if (answer instanceof NetConnException e) {
                        throw e;
                    }
                    if (answer instanceof RuntimeException e) {
                        throw e;
                    }
                    if (answer instanceof Error e) {
                        throw e;
                    }
                    @SuppressWarnings("unchecked")
                    List<ConnectionInfo> entries = (List<ConnectionInfo>) answer;
                    all = entries;
                    paging.put(query, all);
                } finally {
                    running.decrementAndGet();
                }
            } else {
                all = paging.get(query);
            }
            int from = (int) resume.value();
            int per = pageSize.isAll() ? all.size() + 1 : (int) Math.max(1, pageSize.preferredMaximumLength() / 100);
            int to = Math.min(all.size(), from + per);
            return new Page<ConnectionInfo>(all.subList(from, to), all.size() - from, new ResumeHandle(to),
                    to < all.size()).as(query.level());
        }

        @Override
        public void release(String serverName) {
            released.add(serverName);
            CountDownLatch hang = hanging.remove(serverName);
            if (hang != null) {
                hang.countDown();
            }
        }

        @Override
        public void close() {
        }
    }

    /** Collects what a listener is told; checks that calls never overlap and polled() comes first. */
    private static final class Recorder implements ConnectionWatch.Listener {
        final BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<ConnectionWatch.Poll> polls = new LinkedBlockingQueue<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public void event(WatchEvent event) {
            enter();
            events.add(event);
            inside.decrementAndGet();
        }

        @Override
        public void polled(ConnectionWatch.Poll poll) {
            enter();
            polls.add(poll);
            inside.decrementAndGet();
        }

        private void enter() {
            if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
        }

        WatchEvent next() throws InterruptedException {
            WatchEvent event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within 10 s");
            }
            return event;
        }

        List<WatchEvent> next(int n) throws InterruptedException {
            List<WatchEvent> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                list.add(next());
            }
            return list;
        }
    }

    private final List<ConnectionWatch> watches = new ArrayList<>();

    @AfterEach
    void closeWatches() {
        watches.forEach(ConnectionWatch::close);
    }

    private ConnectionWatch start(ConnectionWatch.Builder builder, List<ConnectionQuery<?>> queries,
                                  ConnectionWatch.Listener listener) {
        ConnectionWatch watch = builder.start(queries, listener);
        watches.add(watch);
        return watch;
    }

    private static ConnectionQuery<?> query(String server) {
        return ConnectionQuery.on(server, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
    }

    private static ConnectionInfo.Level1 conn(long id, String user, long opens) {
        return new ConnectionInfo.Level1(id, ShareType.of(0), opens, 1, 3, Optional.of(user), Optional.of("DATA"));
    }

    /** What Samba sends for a share with {@code count} tree connects: the same placeholder for each. */
    private static List<ConnectionInfo> samba(int count, long opens) {
        ConnectionInfo placeholder = new ConnectionInfo.Level1(count, ShareType.of(3), opens, 1, 3,
                Optional.of("dummy_user"), Optional.of("IPC$"));
        return Collections.nCopies(count, placeholder);
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 30 s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void firstAnswerIsASnapshotThenEachPollGivesDisconnectedConnectedAndChangedInThatOrder() throws Exception {
        ConnectionInfo a = conn(1, "alice", 0);
        ConnectionInfo b = conn(2, "bob", 1);
        ConnectionInfo b3 = conn(2, "bob", 3);
        ConnectionInfo c = conn(3, "carol", 0);
        ConnectionInfo d = conn(4, "dave", 0);
        Servers servers = new Servers().script("s1", List.of(a, b), List.of(c, b3, d));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), recorder);

        WatchEvent.Snapshot snapshot = assertInstanceOf(WatchEvent.Snapshot.class, recorder.next());
        assertEquals(List.of(a, b), snapshot.entries());
        assertEquals(query("s1"), snapshot.query());
        List<WatchEvent> second = recorder.next(4);
        WatchEvent.Disconnected gone = assertInstanceOf(WatchEvent.Disconnected.class, second.get(0));
        assertEquals(a, gone.entry());
        assertEquals(c, assertInstanceOf(WatchEvent.Connected.class, second.get(1)).entry());
        assertEquals(d, assertInstanceOf(WatchEvent.Connected.class, second.get(2)).entry());
        WatchEvent.Changed changed = assertInstanceOf(WatchEvent.Changed.class, second.get(3));
        assertEquals(b, changed.before());
        assertEquals(b3, changed.entry());
        second.forEach(e -> assertEquals(second.get(0).at(), e.at(), "one poll, one time"));
        assertTrue(second.get(0).at().isAfter(snapshot.at()));

        awaitPolls(servers, "s1", 10);
        assertEquals(List.of(), List.copyOf(recorder.events), "an unchanged answer is no event");
        assertEquals(0, recorder.overlaps.get());
    }

    private static void awaitPolls(Servers servers, String server, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (servers.polls(server) < atLeast) {
            if (System.nanoTime() > end) {
                throw new AssertionError(server + " polled " + servers.polls(server) + " times, not " + atLeast);
            }
            Thread.sleep(2);
        }
    }

    @Test
    void entriesAreMatchedAsAMultisetSoSambaPlaceholdersGiveEveryEntryAnewWhenTheCountChanges() throws Exception {
        Servers servers = new Servers().script("samba", samba(2, 0), samba(2, 1), samba(3, 1), samba(1, 1),
                List.of(conn(7, "x", 0), conn(7, "x", 0)), List.of(conn(7, "x", 0)));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(query("samba")), recorder);

        assertEquals(samba(2, 0), assertInstanceOf(WatchEvent.Snapshot.class, recorder.next()).entries());
        // same count: the placeholders keep their identity, the open counts are changes
        for (WatchEvent e : recorder.next(2)) {
            WatchEvent.Changed changed = assertInstanceOf(WatchEvent.Changed.class, e);
            assertEquals(0, changed.before().openCount());
            assertEquals(1, changed.entry().openCount());
        }
        // 2 -> 3 tree connects: the id is the count, so both old entries leave and three arrive
        assertEquals(List.of("Disconnected", "Disconnected", "Connected", "Connected", "Connected"), kinds(recorder.next(5)));
        // 3 -> 1
        assertEquals(List.of("Disconnected", "Disconnected", "Disconnected", "Connected"), kinds(recorder.next(4)));
        // duplicates are paired by occurrence: two equal entries, then one of them
        assertEquals(List.of("Disconnected", "Connected", "Connected"), kinds(recorder.next(3)));
        List<WatchEvent> last = recorder.next(1);
        assertEquals(conn(7, "x", 0), assertInstanceOf(WatchEvent.Disconnected.class, last.get(0)).entry());
        awaitPolls(servers, "samba", 10);
        assertEquals(List.of(), List.copyOf(recorder.events));
    }

    private static List<String> kinds(List<WatchEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    @Test
    void levelZeroEntriesAreKnownByTheirIdAndSecondsConnectedAloneIsNoChange() throws Exception {
        ConnectionInfo.Level1 young = new ConnectionInfo.Level1(5, ShareType.of(0), 1, 1, 3, Optional.of("u"), Optional.of("DATA"));
        ConnectionInfo.Level1 older = new ConnectionInfo.Level1(5, ShareType.of(0), 1, 1, 90, Optional.of("u"), Optional.of("DATA"));
        Servers servers = new Servers()
                .script("l0", List.of(new ConnectionInfo.Level0(1)), List.of(new ConnectionInfo.Level0(1), new ConnectionInfo.Level0(2)))
                .script("l1", List.of(young), List.of(older));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(
                ConnectionQuery.on("l0", Qualifier.of("DATA"), ConnectionLevel.LEVEL_0), query("l1")), recorder);
        List<WatchEvent> events = recorder.next(3);
        WatchEvent.Connected connected = (WatchEvent.Connected) events.stream()
                .filter(WatchEvent.Connected.class::isInstance).findFirst().orElseThrow(() -> new AssertionError(events));
        assertEquals(new ConnectionInfo.Level0(2), connected.entry());
        awaitPolls(servers, "l1", 10);
        awaitPolls(servers, "l0", 10);
        assertEquals(List.of(), List.copyOf(recorder.events), "seconds connected moved, nothing else");
    }

    @Test
    void failuresAreReportedOncePerKindAndRecoveryGivesTheDiffAgainstTheLastGoodAnswerWithoutSpuriousDisconnects()
            throws Exception {
        ConnectionInfo a = conn(1, "alice", 0);
        ConnectionInfo b = conn(2, "bob", 0);
        HostUnreachableException down = new HostUnreachableException("s1 refused the connection", null);
        AuthenticationException refused = new AuthenticationException("logon refused by s1", null);
        NetApiStatusException denied = new NetApiStatusException(5, "s1");
        NetApiStatusException invalid = new NetApiStatusException(123, "s1");
        Servers servers = new Servers().script("s1", List.of(a), down, down, refused, refused, denied, invalid,
                invalid, List.of(a, b));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), recorder);

        assertInstanceOf(WatchEvent.Snapshot.class, recorder.next());
        assertSame(down, assertInstanceOf(WatchEvent.Failed.class, recorder.next()).failure());
        assertSame(refused, assertInstanceOf(WatchEvent.Failed.class, recorder.next()).failure());
        assertSame(denied, assertInstanceOf(WatchEvent.Failed.class, recorder.next()).failure());
        assertSame(invalid, assertInstanceOf(WatchEvent.Failed.class, recorder.next()).failure(),
                "another status code is another kind");
        WatchEvent.Recovered recovered = assertInstanceOf(WatchEvent.Recovered.class, recorder.next());
        assertEquals(7, recovered.failures());
        assertTrue(recovered.down().compareTo(Duration.ZERO) > 0);
        assertEquals(b, assertInstanceOf(WatchEvent.Connected.class, recorder.next()).entry(),
                "alice was there before and after the failures: no Disconnected, no Connected");
        awaitPolls(servers, "s1", 15);
        assertEquals(List.of(), List.copyOf(recorder.events));
        assertEquals(Collections.nCopies(7, "s1"), List.copyOf(servers.released),
                "every failed poll releases the server, so that a restarted one is logged on afresh");

        List<ConnectionWatch.Poll> polls = List.copyOf(recorder.polls);
        assertTrue(polls.size() >= 15);
        assertEquals(7, polls.stream().filter(p -> !p.succeeded()).count(), "polled() sees every poll");
        assertEquals(List.of(a, b), polls.get(polls.size() - 1).entries());
    }

    /** An answer the adapter could not hold fails that poll as a protocol violation; the watch goes on. */
    @Test
    void anErrorFromAServersAnswerIsAFailedPollNotTheEndOfTheWatch() throws Exception {
        Servers servers = new Servers().script("s1", new OutOfMemoryError("Java heap space"), List.of(conn(1, "a", 0)));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), recorder);
        WatchEvent.Failed failed = assertInstanceOf(WatchEvent.Failed.class, recorder.next());
        assertInstanceOf(ProtocolViolationException.class, failed.failure());
        assertEquals(List.of("Recovered", "Snapshot"), kinds(recorder.next(2)));
    }

    @Test
    void aQueryThatFailsBeforeItsFirstGoodAnswerRecoversIntoASnapshot() throws Exception {
        HostUnreachableException down = new HostUnreachableException("s1 refused the connection", null);
        Servers servers = new Servers().script("s1", down, List.of(conn(1, "a", 0)));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), recorder);
        assertEquals(List.of("Failed", "Recovered", "Snapshot"), kinds(recorder.next(3)));
    }

    @Test
    void aHungServerDelaysNoOtherAndPollsOfOneServerNeverOverlap() throws Exception {
        Servers servers = new Servers().script("fast", List.of(conn(1, "a", 0))).script("hung", Servers.HANG);
        Recorder recorder = new Recorder();
        ConnectionQuery<?> other = ConnectionQuery.on("fast", Qualifier.of("OTHER"), ConnectionLevel.LEVEL_1);
        start(ConnectionWatch.over(servers).interval(Duration.ofMillis(1)),
                List.of(query("hung"), query("fast"), other), recorder);
        awaitPolls(servers, "fast", 200);
        assertEquals(1, servers.polls("hung"), "the hung poll is still the first");
        assertEquals(0, servers.overlaps.get(), "two queries of one server never run at once");
        assertEquals(0, recorder.overlaps.get(), "listener calls never overlap");
        assertTrue(List.copyOf(servers.threads).stream().allMatch(t -> t.matches("netconn-watch-\\d+-\\d+")), servers.threads::toString);
    }

    @Test
    void closeEndsAHungPollByReleasingItsServerAndNothingIsDeliveredAfterIt() throws Exception {
        Servers servers = new Servers().script("hung", Servers.HANG);
        Recorder recorder = new Recorder();
        ConnectionWatch watch = start(ConnectionWatch.over(servers), List.of(query("hung")), recorder);
        awaitPolls(servers, "hung", 1);
        watch.close();
        assertEquals(List.of("hung"), List.copyOf(servers.released));
        assertEquals(0, servers.inFlight.get("hung").get(), "close returned after the poll ended");
        assertEquals(List.of(), List.copyOf(recorder.events));
        assertEquals(List.of(), List.copyOf(recorder.polls));
        watch.close();
        watch.awaitClose();
    }

    @Test
    void aPollPastItsDeadlineFailsWithATimeoutAndTheServerIsPolledAgain() throws Exception {
        Servers servers = new Servers().script("slow", Servers.HANG, List.of(conn(1, "a", 0)));
        Recorder recorder = new Recorder();
        start(ConnectionWatch.over(servers).interval(FAST).deadline(Duration.ofMillis(100)), List.of(query("slow")),
                recorder);
        WatchEvent.Failed failed = assertInstanceOf(WatchEvent.Failed.class, recorder.next());
        NetConnTimeoutException timeout = assertInstanceOf(NetConnTimeoutException.class, failed.failure());
        assertEquals(NetConnTimeoutException.Phase.DEADLINE, timeout.phase());
        assertEquals(Duration.ofMillis(100), timeout.limit());
        assertInstanceOf(HostUnreachableException.class, timeout.getCause(), "what the released call threw");
        assertEquals(List.of("Recovered", "Snapshot"), kinds(recorder.next(2)));
    }

    @Test
    void aListenerThatThrowsStopsTheWatchAndAwaitCloseSaysWhy() throws Exception {
        Servers servers = new Servers().script("s1", List.of(conn(1, "a", 0)));
        IllegalStateException bug = new IllegalStateException("a bug in the listener");
        ConnectionWatch watch = start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), e -> {
            throw bug;
        });
        IllegalStateException stopped = assertThrows(IllegalStateException.class, watch::awaitClose);
        assertSame(bug, stopped.getCause());
        int polls = servers.polls("s1");
        Thread.sleep(50);
        assertEquals(polls, servers.polls("s1"), "no poll after the watch stopped");
    }

    @Test
    void anErrorInTheListenerStopsTheWatchToo() throws Exception {
        Servers servers = new Servers().script("s1", List.of(conn(1, "a", 0)));
        AssertionError failed = new AssertionError("an assertion in the listener");
        ConnectionWatch watch = start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), e -> {
            throw failed;
        });
        assertSame(failed, assertThrows(IllegalStateException.class, watch::awaitClose).getCause());
    }

    @Test
    void aQueryTheAdapterCannotServeStopsTheWatch() throws Exception {
        IllegalArgumentException rejected = new IllegalArgumentException("server 's1' is not for this adapter");
        Servers servers = new Servers().script("s1", rejected);
        Recorder recorder = new Recorder();
        ConnectionWatch watch = start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), recorder);
        IllegalStateException stopped = assertThrows(IllegalStateException.class, watch::awaitClose);
        assertSame(rejected, stopped.getCause());
        assertEquals(List.of(), List.copyOf(recorder.events));
    }

    @Test
    void theListenerMayCloseTheWatch() throws Exception {
        Servers servers = new Servers().script("s1", List.of(conn(1, "a", 0)), List.of());
        AtomicReference<ConnectionWatch> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        List<WatchEvent> seen = Collections.synchronizedList(new ArrayList<>());
        ConnectionWatch watch = start(ConnectionWatch.over(servers).interval(FAST), List.of(query("s1")), e -> {
            awaitOrFail(started);
            seen.add(e);
            self.get().close();
        });
        self.set(watch);
        started.countDown();
        watch.awaitClose();
        Thread.sleep(50);
        assertEquals(1, seen.size(), seen::toString);
        assertInstanceOf(WatchEvent.Snapshot.class, seen.get(0));
    }

    @Test
    void smallPagesGiveTheSameEventsAsOneShotAnswers() throws Exception {
        Object[] script = IntStream.range(0, 6).mapToObj(round -> IntStream.range(0, 7 + round * 3)
                .mapToObj(i -> (ConnectionInfo) conn((i * 7L + round) % 11, "u" + i % 3, i % 2)).toList()).toArray();
        List<List<String>> seen = new ArrayList<>();
        for (PageSize pageSize : List.of(PageSize.ALL, PageSize.ofBytes(100), PageSize.ofBytes(350))) {
            Servers servers = new Servers().script("s1", script);
            Recorder recorder = new Recorder();
            start(ConnectionWatch.over(servers).interval(FAST).pageSize(pageSize), List.of(query("s1")), recorder);
            awaitPolls(servers, "s1", script.length + 3);
            ConnectionWatch done = watches.remove(watches.size() - 1);
            done.close();
            seen.add(recorder.events.stream().map(ConnectionWatchTest::describe).toList());
        }
        assertTrue(seen.get(0).size() > 10, seen.get(0)::toString);
        assertEquals(seen.get(0), seen.get(1));
        assertEquals(seen.get(0), seen.get(2));
    }

    private static String describe(WatchEvent e) {
        String kind = e.getClass().getSimpleName() + " ";
        if (e instanceof WatchEvent.Snapshot s) {
            return kind + s.entries();
        } else if (e instanceof WatchEvent.Connected c) {
            return kind + c.entry();
        } else if (e instanceof WatchEvent.Disconnected d) {
            return kind + d.entry();
        } else if (e instanceof WatchEvent.Changed c) {
            return kind + c.before() + " -> " + c.entry();
        }
        return e.toString();
    }

    /**
     * Many polls of connections coming and going: replaying the events always gives the
     * server's last answer, as a multiset. The long version runs against Samba
     * ({@code MsrpcWatchSoakIT}).
     */
    @Test
    void replayingTheEventsGivesTheLastAnswerOverThousandsOfPolls() throws Exception {
        int rounds = 3_000;
        Random random = new Random(17);
        List<List<ConnectionInfo>> answers = new ArrayList<>();
        List<ConnectionInfo> now = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (!now.isEmpty() && random.nextInt(3) == 0) {
                now.remove(random.nextInt(now.size()));
            }
            if (random.nextInt(2) == 0) {
                now.add(conn(random.nextInt(20), "u" + random.nextInt(3), 0));
            }
            if (!now.isEmpty() && random.nextInt(4) == 0) {
                int j = random.nextInt(now.size());
                ConnectionInfo.Level1 e = (ConnectionInfo.Level1) now.get(j);
                now.set(j, conn(e.id(), e.userName().orElseThrow(), e.openCount() + 1));
            }
            answers.add(List.copyOf(now));
        }
        Servers servers = new Servers().script("s1", answers.toArray());
        List<WatchEvent> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch last = new CountDownLatch(1);
        ConnectionWatch watch = start(ConnectionWatch.over(servers).interval(Duration.ofNanos(1)), List.of(query("s1")),
                new ConnectionWatch.Listener() {
                    @Override
                    public void event(WatchEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void polled(ConnectionWatch.Poll poll) {
                        if (servers.polls("s1") > rounds) {
                            last.countDown();
                        }
                    }
                });
        assertTrue(last.await(60, TimeUnit.SECONDS));
        watch.close();

        Map<ConnectionInfo, Integer> replayed = new HashMap<>();
        for (WatchEvent event : List.copyOf(events)) {
            if (event instanceof WatchEvent.Snapshot s) {
                s.entries().forEach(e -> replayed.merge(e, 1, Integer::sum));
            } else if (event instanceof WatchEvent.Connected c) {
                replayed.merge(c.entry(), 1, Integer::sum);
            } else if (event instanceof WatchEvent.Disconnected d) {
                assertTrue(replayed.merge(d.entry(), -1, Integer::sum) >= 0, () -> "never connected: " + d);
            } else if (event instanceof WatchEvent.Changed c) {
                assertTrue(replayed.merge(c.before(), -1, Integer::sum) >= 0, c::toString);
                replayed.merge(c.entry(), 1, Integer::sum);
            } else {
                throw new AssertionError("unexpected " + event);
            }
        }
        replayed.values().removeIf(n -> n == 0);
        Map<ConnectionInfo, Integer> expected = new HashMap<>();
        answers.get(rounds - 1).forEach(e -> expected.merge(e, 1, Integer::sum));
        assertEquals(expected, replayed);
        assertTrue(events.size() > rounds, "connections came and went: " + events.size() + " events");
    }

    @Test
    void badBuildersAreRefusedBeforeAnyPoll() {
        Servers servers = new Servers();
        assertThrows(IllegalArgumentException.class, () -> ConnectionWatch.over(servers).interval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ConnectionWatch.over(servers).deadline(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> ConnectionWatch.over(servers).parallel(0));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ConnectionWatch.over(servers).start(List.of(), e -> { }));
        assertTrue(empty.getMessage().contains("nothing to watch"), empty::getMessage);
        assertThrows(NullPointerException.class, () -> ConnectionWatch.over(servers).start(List.of(query("s1")), null));
        assertEquals(0, servers.polls.size());
    }
}
