package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.ShareType;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionWatch} over this adapter, against a real Samba and the scripted server.
 * The watch runs one poll per {@link Stepped#step() step}, so each change the test makes
 * (a tree connect, an open file, a pause, a restart) is seen by exactly one poll, and that
 * poll's events are exactly the expected ones, in order.
 */
class MsrpcWatchTest {

    @Samba
    static SambaServer samba;

    /**
     * An enumerator whose polls each wait for a step of the test: a poll starts (its first
     * page) only after {@link #step()}, which returns once the poll is over and its events
     * delivered (the next poll is waiting). Counts pages.
     */
    static final class Stepped implements ConnectionEnumerator {
        private final ConnectionEnumerator inner;
        private final Semaphore permits = new Semaphore(0);
        private final AtomicInteger arrived = new AtomicInteger();
        private int given;
        private volatile boolean open;
        final AtomicInteger pages = new AtomicInteger();

        Stepped(ConnectionEnumerator inner) {
            this.inner = inner;
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            if (resume.equals(ResumeHandle.START) && !open) {
                arrived.incrementAndGet();
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HostUnreachableException("interrupted", e);
                }
            }
            pages.incrementAndGet();
            return inner.enumeratePage(query, pageSize, resume);
        }

        /** Lets one poll run and waits until it is over (the next one is at the gate). */
        void step() throws InterruptedException {
            int poll = ++given;
            awaitArrival(poll);
            permits.release();
            awaitArrival(poll + 1);
        }

        /** Lets every poll through from now on, so that the watch can be closed. */
        void open() {
            open = true;
            permits.release(Integer.MAX_VALUE / 2);
        }

        private void awaitArrival(int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (arrived.get() < n) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("poll " + n + " never started");
                }
                Thread.sleep(2);
            }
        }

        @Override
        public void release(String serverName) {
            inner.release(serverName);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** The administrator's enumerator with short time-outs (also {@link MsrpcWatchSoakTest}'s). */
    static MsrpcConnectionEnumerator admin() {
        return MsrpcConnectionEnumerator.builder()
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The events of the poll of one step. */
    private static List<WatchEvent> step(Stepped stepped, BlockingQueue<WatchEvent> events) throws InterruptedException {
        stepped.step();
        List<WatchEvent> list = new ArrayList<>();
        events.drainTo(list);
        return list;
    }

    private static List<String> kinds(List<WatchEvent> events) {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    private static long opens(List<WatchEvent> events) {
        return events.stream().filter(WatchEvent.Connected.class::isInstance)
                .mapToLong(e -> ((ConnectionInfo.Level1) ((WatchEvent.Connected) e).entry()).openCount()).sum();
    }

    private static ConnectionInfo.Level1 placeholder(long count, long opens) {
        return new ConnectionInfo.Level1(count, ShareType.of(3), opens, 1, 3, Optional.of("dummy_user"),
                Optional.of("IPC$"));
    }

    /**
     * Tree connects and open files on Samba's DATA, one change per poll. Samba lists each
     * tree connect as a placeholder whose id is the count, so a count that moves replaces
     * every entry; an open file with the count unchanged is a Changed.
     */
    @Test
    void connectionsOpenedAndClosedOnSambaGiveExactlyTheExpectedEventsInOrder() throws Exception {
        ConnectionQuery<?> data = ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        try (Stepped stepped = new Stepped(admin());
             SambaServer.Held first = samba.connect(Account.PLAIN, "DATA");
             ConnectionWatch watch = ConnectionWatch.over(stepped).interval(Duration.ofMillis(1))
                     .start(List.of(data), events::add);
                 AutoCloseable ungated = stepped::open) {
            List<WatchEvent> snapshot = step(stepped, events);
            assertEquals(List.of("Snapshot"), kinds(snapshot));
            assertEquals(List.of(placeholder(1, 0)), ((WatchEvent.Snapshot) snapshot.get(0)).entries());

            assertEquals(List.of(), step(stepped, events), "nothing changed");

            first.open("readme.txt");
            List<WatchEvent> opened = step(stepped, events);
            assertEquals(List.of("Changed"), kinds(opened));
            WatchEvent.Changed changed = (WatchEvent.Changed) opened.get(0);
            assertEquals(placeholder(1, 0), changed.before());
            assertEquals(placeholder(1, 1), changed.entry());

            try (SambaServer.Held second = samba.connect(Account.ADMIN, "DATA")) {
                List<WatchEvent> connected = step(stepped, events);
                assertEquals(List.of("Disconnected", "Connected", "Connected"), kinds(connected), connected::toString);
                assertEquals(placeholder(1, 1), ((WatchEvent.Disconnected) connected.get(0)).entry());
                assertEquals(1, opens(connected), "the open file is still there, on one of the two");
                second.open("readme.txt");
                second.open("docs/notes.txt");
                List<WatchEvent> more = step(stepped, events);
                assertEquals(List.of("Changed"), kinds(more), more::toString);
                assertEquals(0, ((WatchEvent.Changed) more.get(0)).before().openCount());
                assertEquals(2, ((WatchEvent.Changed) more.get(0)).entry().openCount());
            }
            List<WatchEvent> left = step(stepped, events);
            assertEquals(List.of("Disconnected", "Disconnected", "Connected"), kinds(left), left::toString);
            assertEquals(List.of(placeholder(1, 1)), left.stream().filter(WatchEvent.Connected.class::isInstance)
                    .map(e -> ((WatchEvent.Connected) e).entry()).toList());

            first.close();
            List<WatchEvent> gone = step(stepped, events);
            assertEquals(List.of("Disconnected"), kinds(gone), gone::toString);
            assertEquals(placeholder(1, 1), ((WatchEvent.Disconnected) gone.get(0)).entry());
            assertEquals(List.of(), step(stepped, events));
            events.forEach(e -> assertEquals(data, e.query()));
        }
    }

    /**
     * A poll that takes longer than the interval (Samba frozen for 1.5 s) is only slow: no
     * Failed and no Disconnected, and the next polls go on from it.
     */
    @Test
    void aSlowPollGivesNoSpuriousDisconnected() throws Exception {
        ConnectionQuery<?> data = ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
        BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
        BlockingQueue<ConnectionWatch.Poll> polls = new LinkedBlockingQueue<>();
        try (Stepped stepped = new Stepped(admin());
             SambaServer.Held held = samba.connect(Account.PLAIN, "DATA");
             ConnectionWatch watch = ConnectionWatch.over(stepped).interval(Duration.ofMillis(100))
                     .start(List.of(data), listener(events, polls));
                 AutoCloseable ungated = stepped::open) {
            assertEquals(List.of("Snapshot"), kinds(step(stepped, events)));
            samba.pause();
            Thread slow = new Thread(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                samba.unpause();
            });
            slow.start();
            try {
                assertEquals(List.of(), step(stepped, events), "a slow poll is no event");
            } finally {
                slow.join();
            }
            ConnectionWatch.Poll slowPoll = List.copyOf(polls).get(1);
            assertTrue(slowPoll.succeeded(), slowPoll::toString);
            assertTrue(slowPoll.took().compareTo(Duration.ofSeconds(1)) > 0, () -> "took " + slowPoll.took());
            assertEquals(List.of(), step(stepped, events));
        }
    }

    private static ConnectionWatch.Listener listener(BlockingQueue<WatchEvent> events,
                                                     BlockingQueue<ConnectionWatch.Poll> polls) {
        return new ConnectionWatch.Listener() {
            @Override
            public void event(WatchEvent event) {
                events.add(event);
            }

            @Override
            public void polled(ConnectionWatch.Poll poll) {
                polls.add(poll);
            }
        };
    }

    /**
     * Samba goes away and comes back: one Failed while it is down (however many polls fail),
     * then Recovered and the diff: the tree connect the restart cut is Disconnected, the two
     * made since are Connected (one new one would look like the old: Samba's placeholder id
     * is the count). The watch logs on afresh (its session died with the server).
     */
    @Test
    void aServerThatRestartsIsFailedThenRecoveredAndPickedUpAgain() throws Exception {
        try (SambaServer own = SambaServer.start()) {
            ConnectionQuery<?> data = ConnectionQuery.on(own.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
            BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
            try (Stepped stepped = new Stepped(admin());
                 ConnectionWatch watch = ConnectionWatch.over(stepped).interval(Duration.ofMillis(1))
                         .start(List.of(data), events::add);
                 AutoCloseable ungated = stepped::open) {
                SambaServer.Held before = own.connect(Account.PLAIN, "DATA");
                try {
                    assertEquals(List.of("Snapshot"), kinds(step(stepped, events)));
                    own.stop();
                    List<WatchEvent> down = step(stepped, events);
                    assertEquals(List.of("Failed"), kinds(down));
                    assertInstanceOf(HostUnreachableException.class, ((WatchEvent.Failed) down.get(0)).failure());
                    assertEquals(List.of(), step(stepped, events), "the same failure again is no event");
                    own.restart();
                } finally {
                    try {
                        before.close();
                    } catch (java.io.IOException expected) {
                        // its server went away
                    }
                }
                try (SambaServer.Held after = own.connect(Account.PLAIN, "DATA");
                     SambaServer.Held another = own.connect(Account.ADMIN, "DATA")) {
                    List<WatchEvent> back = step(stepped, events);
                    assertEquals(List.of("Recovered", "Disconnected", "Connected", "Connected"), kinds(back),
                            back::toString);
                    WatchEvent.Recovered recovered = (WatchEvent.Recovered) back.get(0);
                    assertEquals(2, recovered.failures());
                    assertEquals(placeholder(1, 0), ((WatchEvent.Disconnected) back.get(1)).entry());
                    assertEquals(placeholder(2, 0), ((WatchEvent.Connected) back.get(2)).entry());
                }
            }
        }
    }

    /**
     * The scripted server honours the page size: with 2-entry pages (about 100 bytes each
     * here) a changing list of 5 to 12 connections gives exactly the events of one-shot
     * answers, over the same sequence of lists.
     */
    @Test
    void aPagingServerGivesTheSameEventsAsOneShotAnswers() throws Exception {
        List<Scenario> lists = IntStream.range(0, 6).mapToObj(round -> Scenario.empty().withShares("DATA")
                .withConnections(IntStream.range(0, 5 + round * round % 8)
                        .mapToObj(i -> Scenario.Connection.of((i * 5L + round) % 13 + 1, "user" + i % 4, "WS" + i, "DATA")
                                .withCounts(0, (i + round) % 3, 1, 60))
                        .toList()))
                .toList();
        try (ScriptedServer server = ScriptedServer.start()) {
            ConnectionQuery<?> data = ConnectionQuery.on(server.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
            List<List<String>> seen = new ArrayList<>();
            List<Integer> pages = new ArrayList<>();
            for (PageSize pageSize : List.of(PageSize.ALL, PageSize.ofBytes(120))) {
                BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
                List<String> described = new ArrayList<>();
                try (Stepped stepped = new Stepped(admin());
                     ConnectionWatch watch = ConnectionWatch.over(stepped).interval(Duration.ofMillis(1))
                             .pageSize(pageSize).start(List.of(data), events::add);
                 AutoCloseable ungated = stepped::open) {
                    for (Scenario list : lists) {
                        server.loadJson(list.toJson());
                        for (WatchEvent e : step(stepped, events)) {
                            described.add(describe(e));
                        }
                    }
                    pages.add(stepped.pages.get());
                }
                seen.add(described);
            }
            assertTrue(seen.get(0).size() > 20, seen.get(0)::toString);
            assertEquals(seen.get(0), seen.get(1));
            assertEquals(lists.size(), pages.get(0), "one page per poll");
            assertTrue(pages.get(1) > 3 * lists.size(), () -> pages.get(1) + " pages of 120 bytes");
        }
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
}
