package io.github.netconn.fleet;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.PageSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls one or many queries at an interval, with any adapter of the port, and tells a
 * {@link Listener} who connected, who left and what changed ({@link WatchEvent}).
 *
 * <pre>{@code
 * try (ConnectionWatch watch = ConnectionWatch.over(enumerator)
 *         .interval(Duration.ofSeconds(30))
 *         .start(queries, event -> System.out.println(event))) {
 *     watch.awaitClose();
 * }
 * }</pre>
 *
 * <p>The rules:
 * <ul>
 * <li><b>Identity.</b> A connection is the same from one poll to the next when its
 * (id, userName, netName) are equal (level 0: its id). Entries are matched as a multiset:
 * duplicates are paired by occurrence. Samba numbers every level-1 entry with the count of
 * entries (placeholders: id = count, {@code dummy_user}, {@code IPC$}), so when the count
 * changes every entry looks new: N {@link WatchEvent.Disconnected} then M
 * {@link WatchEvent.Connected}; with an unchanged count, open-count changes appear as
 * {@link WatchEvent.Changed}.</li>
 * <li><b>Changed.</b> Same identity, another openCount or userCount; secondsConnected alone
 * is not a change.</li>
 * <li><b>Order per poll.</b> Disconnected (in the previous poll's order), then Connected,
 * then Changed (in the server's order).</li>
 * <li><b>Failures.</b> {@link WatchEvent.Failed} at the first failure after a good poll (or
 * before the first good one) and when the failure's kind changes (its class and status
 * code); {@link WatchEvent.Recovered} at the next good poll, then the diff against the last
 * good state (a Snapshot if there was none). A failed or slow poll never produces
 * Disconnected. After a failed poll the server is {@link ConnectionEnumerator#release
 * released}, so a restarted server is logged on afresh; otherwise its session is reused
 * (C12).</li>
 * <li><b>Threads.</b> One task per server polls that server's queries one after another,
 * never overlapping, on min(servers, {@link Builder#parallel parallel}, 16 by default)
 * daemon threads named {@code netconn-watch-W-N}. A server's next poll starts
 * {@code interval} after its previous one started, or right after it ended if it overran
 * (no pile-up). A slow server occupies only its own thread. With a
 * {@link Builder#deadline deadline}, a poll still running after it is ended by releasing
 * its server (thread {@code netconn-watch-W-deadline}), as in a {@link FleetSweep}.</li>
 * <li><b>Listener.</b> Calls are serialized (one lock); a query's events come in order;
 * {@link Listener#polled} is called for every poll, before that poll's events. A listener
 * (or adapter) throwing a RuntimeException or an Error — an
 * {@link IllegalArgumentException} for a query the adapter cannot serve included (found
 * at its first poll: the port has no way to ask before) — stops the watch, and
 * {@link #awaitClose()} rethrows it wrapped in an {@link IllegalStateException}.</li>
 * <li><b>Close.</b> Stops scheduling, releases the servers of polls in progress, waits (a
 * bounded time) for the threads; idempotent; safe from a shutdown hook, another thread or
 * the listener (which then does not wait for its own thread). Nothing reaches the
 * listener once close has begun: a poll that ends meanwhile is dropped.</li>
 * <li><b>Memory.</b> Only the last good entries of each query are kept.</li>
 * </ul>
 */
public final class ConnectionWatch implements AutoCloseable {

    /** Receives a watch's events; see the class for when and on which thread. */
    public interface Listener {

        /** One event. */
        void event(WatchEvent event);

        /** Every poll, good or failed (for metrics); nothing unless overridden. */
        default void polled(Poll poll) {
        }
    }

    /**
     * One poll of one query.
     *
     * @param query   what was polled
     * @param at      when the poll started
     * @param took    how long it took, every page together
     * @param entries the entries, in the server's order; empty when the poll failed
     * @param failure why it failed, or null
     */
    public record Poll(ConnectionQuery<?> query, Instant at, Duration took, List<ConnectionInfo> entries,
                       NetConnException failure) {
        public Poll {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(took, "took");
            entries = List.copyOf(entries);
            if (failure != null && !entries.isEmpty()) {
                throw new IllegalArgumentException("a failed poll has no entries");
            }
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    /** How to watch: the enumerator, the interval, the page size and the per-poll deadline. */
    public static final class Builder {
        private final ConnectionEnumerator enumerator;
        private Duration interval = Duration.ofSeconds(30);
        private PageSize pageSize = PageSize.ALL;
        private Duration deadline;
        private int parallel = 16;

        private Builder(ConnectionEnumerator enumerator) {
            this.enumerator = Objects.requireNonNull(enumerator, "enumerator");
        }

        /** How often each query is polled, from the start of one poll to the start of the next; 30 s unless set. */
        public Builder interval(Duration interval) {
            this.interval = FleetSweep.positive(interval, "interval");
            return this;
        }

        /** The page size of every poll (C4); {@link PageSize#ALL} unless set. */
        public Builder pageSize(PageSize pageSize) {
            this.pageSize = Objects.requireNonNull(pageSize, "pageSize");
            return this;
        }

        /** A poll still running {@code deadline} after it started is ended by releasing its server; none unless set. */
        public Builder deadline(Duration deadline) {
            this.deadline = FleetSweep.positive(deadline, "deadline");
            return this;
        }

        /** The most servers polled at once; 16 unless set. */
        public Builder parallel(int parallel) {
            this.parallel = FleetSweep.checkParallel(parallel);
            return this;
        }

        /** Starts polling {@code queries} and returns the running watch; close it to stop. */
        public ConnectionWatch start(Collection<? extends ConnectionQuery<?>> queries, Listener listener) {
            Objects.requireNonNull(listener, "listener");
            Map<String, List<Watched>> servers = new LinkedHashMap<>();
            for (ConnectionQuery<?> query : List.copyOf(queries)) {
                String key = query.serverName().map(n -> n.toLowerCase(Locale.ROOT)).orElse("");
                servers.computeIfAbsent(key, k -> new ArrayList<>()).add(new Watched(query));
            }
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("nothing to watch");
            }
            ConnectionWatch watch = new ConnectionWatch(this, listener, Math.min(servers.size(), parallel));
            servers.values().forEach(watch::schedule);
            return watch;
        }
    }

    /** A watch with {@code enumerator}. */
    public static Builder over(ConnectionEnumerator enumerator) {
        return new Builder(enumerator);
    }

    private static final AtomicInteger WATCHES = new AtomicInteger();

    /** One query's state: the last good entries and the current run of failures. */
    private static final class Watched {
        final ConnectionQuery<?> query;
        List<ConnectionInfo> last;
        Instant downSince;
        long failures;
        List<Object> failureKind;

        Watched(ConnectionQuery<?> query) {
            this.query = query;
        }
    }

    private final ConnectionEnumerator enumerator;
    private final Duration interval;
    private final PageSize pageSize;
    private final Listener listener;
    private final Object lock = new Object();
    private final ScheduledThreadPoolExecutor executor;
    private final Deadlines deadlines;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Throwable defect;

    private ConnectionWatch(Builder builder, Listener listener, int threadCount) {
        this.enumerator = builder.enumerator;
        this.interval = builder.interval;
        this.pageSize = builder.pageSize;
        this.listener = listener;
        int w = WATCHES.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threadCount, r -> {
            Thread t = new Thread(r, "netconn-watch-" + w + "-" + n.incrementAndGet());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.deadlines = new Deadlines(enumerator, builder.deadline, "netconn-watch-" + w);
    }

    private void schedule(List<Watched> server) {
        executor.execute(() -> pollServer(server));
    }

    /** Polls one server's queries one after another, then schedules the next round. */
    private void pollServer(List<Watched> server) {
        long started = System.nanoTime();
        try {
            for (Watched watched : server) {
                if (closing) {
                    return;
                }
                poll(watched);
            }
        } catch (RuntimeException | Error e) {
            if (defect == null) {
                defect = e;
            }
            close();
            return;
        }
        long delay = interval.toNanos() - (System.nanoTime() - started);
        if (!closing) {
            try {
                executor.schedule(() -> pollServer(server), Math.max(0, delay), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void poll(Watched watched) {
        ConnectionQuery<?> query = watched.query;
        String server = query.serverName().orElse(null);
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        List<ConnectionInfo> entries = List.of();
        NetConnException failure = null;
        if (server != null) {
            busy.add(server);
        }
        Deadlines.Call call = deadlines.start(server);
        boolean expired;
        try {
            entries = List.copyOf(enumerator.enumerateAll(query, pageSize));
        } catch (NetConnException e) {
            failure = e;
        } catch (OutOfMemoryError | StackOverflowError e) {
            failure = FleetSweep.exhausted(query, e);
        } finally {
            expired = call.finish();
            if (server != null) {
                busy.remove(server);
            }
        }
        if (expired) {
            failure = new NetConnTimeoutException(NetConnTimeoutException.Phase.DEADLINE, deadlines.deadline(),
                    "poll of " + server, failure);
            entries = List.of();
        }
        if (failure != null && server != null && !closing && !expired) { // the deadline released it already
            deadlines.release(server);
        }
        Poll poll = new Poll(query, at, Duration.ofNanos(System.nanoTime() - t0), entries, failure);
        List<WatchEvent> events = failure == null ? good(watched, at, entries) : failed(watched, at, failure);
        synchronized (lock) {
            if (closing) {
                return;
            }
            listener.polled(poll);
            for (WatchEvent event : events) {
                if (closing) {
                    return;
                }
                listener.event(event);
            }
        }
    }

    private static List<WatchEvent> failed(Watched w, Instant at, NetConnException failure) {
        List<Object> kind = List.of(failure.getClass(),
                failure instanceof NetApiStatusException s ? s.code() : -1L);
        boolean first = w.failures == 0;
        if (first) {
            w.downSince = at;
        }
        w.failures++;
        boolean report = first || !kind.equals(w.failureKind);
        w.failureKind = kind;
        return report ? List.of(new WatchEvent.Failed(at, w.query, failure)) : List.of();
    }

    private static List<WatchEvent> good(Watched w, Instant at, List<ConnectionInfo> entries) {
        List<WatchEvent> events = new ArrayList<>();
        if (w.failures > 0) {
            events.add(new WatchEvent.Recovered(at, w.query, Duration.between(w.downSince, at), w.failures));
            w.failures = 0;
            w.failureKind = null;
            w.downSince = null;
        }
        if (w.last == null) {
            events.add(new WatchEvent.Snapshot(at, w.query, entries));
        } else {
            diff(w.query, at, w.last, entries, events);
        }
        w.last = entries;
        return events;
    }

    /** Disconnected (previous order), Connected, Changed (server order), matching identities as a multiset. */
    static void diff(ConnectionQuery<?> query, Instant at, List<ConnectionInfo> before, List<ConnectionInfo> now,
                     List<WatchEvent> events) {
        Map<List<Object>, ArrayDeque<Integer>> previous = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            previous.computeIfAbsent(identity(before.get(i)), k -> new ArrayDeque<>()).add(i);
        }
        boolean[] matched = new boolean[before.size()];
        List<WatchEvent> connected = new ArrayList<>();
        List<WatchEvent> changed = new ArrayList<>();
        for (ConnectionInfo entry : now) {
            ArrayDeque<Integer> same = previous.get(identity(entry));
            Integer i = same == null ? null : same.poll();
            if (i == null) {
                connected.add(new WatchEvent.Connected(at, query, entry));
                continue;
            }
            matched[i] = true;
            if (before.get(i) instanceof ConnectionInfo.Level1 a && entry instanceof ConnectionInfo.Level1 b
                    && (a.openCount() != b.openCount() || a.userCount() != b.userCount())) {
                changed.add(new WatchEvent.Changed(at, query, a, b));
            }
        }
        for (int i = 0; i < before.size(); i++) {
            if (!matched[i]) {
                events.add(new WatchEvent.Disconnected(at, query, before.get(i)));
            }
        }
        events.addAll(connected);
        events.addAll(changed);
    }

    private static List<Object> identity(ConnectionInfo entry) {
        if (entry instanceof ConnectionInfo.Level1 e) {
            return List.of(e.id(), e.userName(), e.netName());
        }
        return List.of(((ConnectionInfo.Level0) entry).id());
    }

    /**
     * Blocks until {@link #close()} has been called (from another thread, a shutdown hook).
     *
     * @throws IllegalStateException if the listener or the adapter threw and so stopped the watch
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
        Throwable e = defect;
        if (e != null) {
            throw new IllegalStateException("the watch stopped: " + e, e);
        }
    }

    /** Stops polling, releases the servers of the polls running, waits for them to end, and returns. Idempotent. */
    @Override
    public void close() {
        closing = true;
        executor.shutdown();
        deadlines.close();
        List.copyOf(busy).forEach(deadlines::release);
        closed.countDown();
        if (threads.contains(Thread.currentThread())) {
            return;
        }
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
