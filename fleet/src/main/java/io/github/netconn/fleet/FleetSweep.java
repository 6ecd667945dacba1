package io.github.netconn.fleet;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.SessionSecurity;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One query against many servers, at most {@code parallel} at a time, with any adapter of
 * the port. Each query's {@link Result} — its entries, or its typed failure — is delivered
 * as soon as it completes, so a sweep of 10,000 servers holds no more than about
 * {@code parallel} results at any moment:
 *
 * <pre>{@code
 * List<ConnectionQuery> queries = servers.stream()
 *         .map(server -> ConnectionQuery.on(server, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1))
 *         .toList();
 * FleetSweep.over(enumerator).parallel(32).run(queries, result -> {
 *     if (result.succeeded()) {
 *         result.entries().forEach(entry -> System.out.println(result.query().server() + " " + entry));
 *     } else {
 *         System.out.println(result.query().server() + " failed: " + result.error().getMessage());
 *     }
 * });
 * }</pre>
 *
 * <p>The rules:
 * <ul>
 * <li><b>Threads.</b> The queries run on at most {@code parallel} threads of the sweep's
 * own (daemon threads named {@code netconn-sweep-S-N}; no more
 * than there are queries when they are a {@link java.util.Collection}), plus one watchdog
 * ({@code netconn-sweep-S-deadline}) when a {@link Builder#deadline deadline} is set; they
 * end when the sweep ends, and {@link Builder#run}, {@link #cancel()}, {@link #abort()} and
 * {@link #close()} return only after they have.</li>
 * <li><b>Deadline.</b> With {@link Builder#deadline(Duration) deadline(d)}, a query still
 * running {@code d} after it started — connect, logon and every page together — is ended:
 * the watchdog calls {@link ConnectionEnumerator#release} for its server (whatever
 * {@link Builder#releaseEach} says), and its result is a {@link NetConnTimeoutException}
 * of {@link NetConnTimeoutException.Phase#DEADLINE phase DEADLINE}, whatever the call then
 * threw or returned. Only that server is released; the others go on. How soon the call
 * really ends depends on the adapter (its Javadoc says): one whose release interrupts a
 * running call frees the slot at once for the next server; otherwise the call ends within
 * the adapter's own connect and per-response time-outs, and the slot is held until then;
 * the result is still the deadline's time-out. So with k servers that never answer and an
 * interrupting adapter, a sweep takes about {@code ceil(k / parallel) × d} plus the time of
 * the healthy ones.</li>
 * <li><b>One result per query</b>, in the order of completion. A failure is the
 * {@link NetConnException} the adapter threw (C9); a query the adapter cannot serve
 * (the {@link IllegalArgumentException} of C2) is a result too, with
 * {@link Result#rejection()}. A failure never stops the other queries. Any other exception
 * from the adapter is a defect (C9): it ends the sweep, and {@link #hasNext()} throws it
 * as the cause of an {@link IllegalStateException}.</li>
 * <li><b>Duplicates.</b> A query equal to an earlier one of the same sweep (server names
 * compared without regard to case) is skipped and has no result: a server is asked once.
 * To do that the sweep keeps the queries it has started — a few dozen bytes each.</li>
 * <li><b>Release.</b> When a server's query is done, the sweep calls
 * {@link ConnectionEnumerator#release} for it (unless {@link Builder#releaseEach(boolean)
 * releaseEach(false)}), so the sessions held stay within {@code parallel}.</li>
 * <li><b>Bounded hand-off.</b> A worker that finishes while {@code parallel} results wait
 * for the consumer waits too, so a slow consumer slows the sweep instead of filling the
 * heap. A sweep that is {@link Builder#start started} must therefore be consumed or cancelled.</li>
 * <li><b>Cancel.</b> {@link #cancel()} (or closing the iterator's stream) starts no new
 * query, delivers no further result, lets the running calls end within their own
 * time-outs (and the deadline) and returns when they have. {@link #abort()} does the same
 * but first releases the servers of the running calls, so that they end at once where the
 * adapter can (for Ctrl-C). Both may be called from any thread, the consumer's callback
 * included.</li>
 * </ul>
 *
 * <p>The queries are read lazily from the {@link Iterable}, one at a time as a thread
 * becomes free, so they need not all be in memory either.
 */
public final class FleetSweep implements Iterator<FleetSweep.Result>, AutoCloseable {

    /** The most threads one sweep may use. */
    public static final int MAX_PARALLEL = 256;

    /** {@code parallel}, if from 1 to {@link #MAX_PARALLEL} (a sweep's and a watch's). */
    static int checkParallel(int parallel) {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new IllegalArgumentException("parallel must be from 1 to " + MAX_PARALLEL + ", not " + parallel);
        }
        return parallel;
    }

    /** {@code duration}, if positive; {@code what} names it in the error (a sweep's and a watch's). */
    static Duration positive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, not " + duration);
        }
        return duration;
    }

    /**
     * One query's outcome: exactly one of the three is present — the entries (possibly
     * none), a {@link NetConnException}, or the {@link IllegalArgumentException} of a query
     * the adapter cannot serve.
     *
     * @param query     what was asked
     * @param entries   the entries in the server's order; empty when the query failed
     * @param failure   why it failed after validation, or null
     * @param rejection why the adapter refused the query before any I/O, or null
     * @param security  what protected the answer on the wire ({@link ConnectionEnumerator#security}),
     *                  taken before the server is released; empty when it failed or the adapter
     *                  does not say
     */
    public record Result(ConnectionQuery<?> query, List<ConnectionInfo> entries, NetConnException failure,
                         IllegalArgumentException rejection, Optional<SessionSecurity> security) {

        public Result {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(security, "security");
            entries = List.copyOf(entries);
            if (failure != null && rejection != null) {
                throw new IllegalArgumentException("a result is a failure or a rejection, not both");
            }
            if ((failure != null || rejection != null) && !entries.isEmpty()) {
                throw new IllegalArgumentException("a failed result has no entries");
            }
        }

        public static Result answered(ConnectionQuery<?> query, List<? extends ConnectionInfo> entries) {
            return answered(query, entries, Optional.empty());
        }

        public static Result answered(ConnectionQuery<?> query, List<? extends ConnectionInfo> entries,
                                      Optional<SessionSecurity> security) {
            return new Result(query, List.copyOf(entries), null, null, security);
        }

        public static Result failed(ConnectionQuery<?> query, NetConnException failure) {
            return new Result(query, List.of(), Objects.requireNonNull(failure, "failure"), null, Optional.empty());
        }

        public static Result rejected(ConnectionQuery<?> query, IllegalArgumentException rejection) {
            return new Result(query, List.of(), null, Objects.requireNonNull(rejection, "rejection"), Optional.empty());
        }

        /** Whether the server answered (with entries or without). */
        public boolean succeeded() {
            return failure == null && rejection == null;
        }

        /** The failure or the rejection; null when the query succeeded. */
        public Exception error() {
            return failure != null ? failure : rejection;
        }
    }

    /** How to sweep: the enumerator, the page size, the parallelism, and whether to release each server. */
    public static final class Builder {
        private final ConnectionEnumerator enumerator;
        private PageSize pageSize = PageSize.ALL;
        private int parallel = 8;
        private boolean releaseEach = true;
        private Duration deadline;

        private Builder(ConnectionEnumerator enumerator) {
            this.enumerator = Objects.requireNonNull(enumerator, "enumerator");
        }

        /** The page size of every query (C4); {@link PageSize#ALL} unless set. */
        public Builder pageSize(PageSize pageSize) {
            this.pageSize = Objects.requireNonNull(pageSize, "pageSize");
            return this;
        }

        /** How many queries run at once, 1 to {@value #MAX_PARALLEL}; 8 unless set. */
        public Builder parallel(int parallel) {
            this.parallel = checkParallel(parallel);
            return this;
        }

        /** Whether to {@link ConnectionEnumerator#release release} each server once its query is done; true unless set. */
        public Builder releaseEach(boolean releaseEach) {
            this.releaseEach = releaseEach;
            return this;
        }

        /**
         * The most one query may take, connect, logon and every page together; no limit
         * unless set (then each call is bounded only by the adapter's own time-outs). See the
         * class's rule <b>Deadline</b> for what happens when a query passes it.
         *
         * @param deadline positive, or null for none
         */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline == null ? null : positive(deadline, "deadline");
            return this;
        }

        /**
         * Starts the sweep and returns it; read its results with {@link FleetSweep#hasNext()} and
         * {@link FleetSweep#next()} or {@link FleetSweep#stream()}, and close it when done.
         */
        public FleetSweep start(Iterable<? extends ConnectionQuery<?>> queries) {
            return new FleetSweep(this, queries);
        }

        /**
         * Runs the sweep, handing each result to {@code consumer} on the calling thread, one
         * at a time, as it completes; returns when every query is done (or the sweep was
         * cancelled, or the consumer threw, which cancels it).
         */
        public void run(Iterable<? extends ConnectionQuery<?>> queries, Consumer<? super Result> consumer) {
            Objects.requireNonNull(consumer, "consumer");
            try (FleetSweep sweep = start(queries)) {
                sweep.forEachRemaining(consumer);
            }
        }
    }

    /** A sweep with {@code enumerator}. */
    public static Builder over(ConnectionEnumerator enumerator) {
        return new Builder(enumerator);
    }

    private static final AtomicInteger SWEEPS = new AtomicInteger();

    private final ConnectionEnumerator enumerator;
    private final PageSize pageSize;
    private final boolean releaseEach;
    private final int capacity;
    private final Iterator<? extends ConnectionQuery<?>> queries;
    private final Set<List<Object>> started = new HashSet<>();
    private final List<Thread> threads = new ArrayList<>();

    private final Deadlines deadlines;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** The queries running now (for {@link #abort()}); guarded by lock. */
    private final Map<Running, Running> inFlight = new IdentityHashMap<>();
    private final ArrayDeque<Result> ready = new ArrayDeque<>();
    private int running;
    private boolean cancelled;
    private Throwable defect;

    private FleetSweep(Builder builder, Iterable<? extends ConnectionQuery<?>> source) {
        this.enumerator = builder.enumerator;
        this.pageSize = builder.pageSize;
        this.releaseEach = builder.releaseEach;
        this.capacity = builder.parallel;
        this.queries = Objects.requireNonNull(source, "queries").iterator();
        int sweep = SWEEPS.incrementAndGet();
        int workers = source instanceof Collection<?> known ? Math.max(1, Math.min(builder.parallel, known.size()))
                : builder.parallel;
        running = workers;
        deadlines = new Deadlines(enumerator, builder.deadline, "netconn-sweep-" + sweep);
        for (int i = 1; i <= workers; i++) {
            Thread thread = new Thread(this::work, "netconn-sweep-" + sweep + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** A query in flight, under the deadline if there is one. */
    private record Running(ConnectionQuery<?> query, Deadlines.Call call) {
    }

    private void work() {
        try {
            ConnectionQuery<?> query;
            while ((query = nextQuery()) != null) {
                Running flight = begin(query);
                Result result = ask(query);
                if (finish(flight) && result.rejection() == null) {
                    String what = query.server() + ": the whole query, connect, logon and every page; the sweep"
                            + " released the server" + (result.failure() == null ? ""
                            : ", and the call then failed: " + result.failure().getMessage());
                    result = Result.failed(query, new NetConnTimeoutException(NetConnTimeoutException.Phase.DEADLINE,
                            deadlines.deadline(), what, result.failure()));
                }
                if (releaseEach) {
                    query.serverName().ifPresent(enumerator::release);
                }
                if (!handOff(result)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // Only a defect below the port gets here (C9 allows nothing else): end the sweep with it.
            lock.lock();
            try {
                if (defect == null) {
                    defect = e;
                }
                cancelled = true;
                ready.clear();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            boolean last;
            try {
                last = --running == 0;
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
            if (last) {
                deadlines.close();
            }
        }
    }

    private Running begin(ConnectionQuery<?> query) {
        Running running = new Running(query, deadlines.start(query.serverName().orElse(null)));
        lock.lock();
        try {
            inFlight.put(running, running);
        } finally {
            lock.unlock();
        }
        return running;
    }

    /** Ends the query's time in flight; true if its deadline ended it first. */
    private boolean finish(Running running) {
        lock.lock();
        try {
            inFlight.remove(running);
        } finally {
            lock.unlock();
        }
        return running.call().finish();
    }

    /** The next query not asked before, or null when there is none or the sweep was cancelled. */
    private ConnectionQuery<?> nextQuery() {
        synchronized (queries) {
            while (!isCancelled() && queries.hasNext()) {
                ConnectionQuery<?> query = Objects.requireNonNull(queries.next(), "a query of the sweep is null");
                String server = query.serverName().map(name -> name.toLowerCase(Locale.ROOT)).orElse(null);
                if (started.add(Arrays.asList(server, query.qualifier(), query.level()))) {
                    return query;
                }
            }
            return null;
        }
    }

    private Result ask(ConnectionQuery<?> query) {
        try {
            List<ConnectionInfo> entries = List.copyOf(enumerator.enumerateAll(query, pageSize));
            return Result.answered(query, entries, enumerator.security(query.server()));
        } catch (NetConnException e) {
            return Result.failed(query, e);
        } catch (IllegalArgumentException e) {
            return Result.rejected(query, e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return Result.failed(query, exhausted(query, e));
        }
    }

    /**
     * An answer the adapter could not hold: the failure of that server, of kind protocol
     * violation, not the end of the sweep. (With the adapter's bounds, see its Javadoc, a
     * hostile server runs into a limit long before; this is what is left when one does not.)
     */
    static ProtocolViolationException exhausted(ConnectionQuery<?> query, Error e) {
        return new ProtocolViolationException(query.server() + ": the answer could not be held (" + e
                + "); lower the adapter's limits on what one answer may hold", e);
    }

    /** Waits for room and queues the result; false if the sweep was cancelled meanwhile. */
    private boolean handOff(Result result) {
        lock.lock();
        try {
            while (ready.size() >= capacity && !cancelled) {
                notFull.awaitUninterruptibly();
            }
            if (cancelled) {
                return false;
            }
            ready.add(result);
            notEmpty.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isCancelled() {
        lock.lock();
        try {
            return cancelled;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether another result will come; waits for it. False once every query is done or
     * the sweep was cancelled. An interrupt while waiting cancels the sweep (without
     * waiting for the running calls) and keeps the thread's interrupt flag.
     */
    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (ready.isEmpty() && running > 0 && !cancelled) {
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    ready.clear();
                    notFull.signalAll();
                }
            }
            if (defect != null) {
                throw new IllegalStateException("a query of the sweep failed unexpectedly: " + defect, defect);
            }
            return !cancelled && !ready.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The next result, in the order of completion; waits for it. */
    @Override
    public Result next() {
        lock.lock();
        try {
            if (!hasNext()) {
                throw new NoSuchElementException("the sweep has no more results");
            }
            Result result = ready.poll();
            notFull.signalAll();
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** The remaining results as a sequential stream; closing it cancels the sweep. */
    public Stream<Result> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.NONNULL), false)
                .onClose(this::cancel);
    }

    /**
     * Starts no new query, delivers no further result, and returns when the running calls
     * have ended (within their own time-outs) and the sweep's threads are gone. Idempotent.
     */
    public void cancel() {
        lock.lock();
        try {
            cancelled = true;
            ready.clear();
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        awaitThreads();
    }

    /**
     * As {@link #cancel()}, but first releases the servers of the calls running now (the
     * watchdog's way of ending a call, see <b>Deadline</b>), so that on an adapter whose
     * release interrupts them they end at once instead of within their time-outs. Their
     * results are not delivered. For a person who pressed Ctrl-C.
     */
    public void abort() {
        List<ConnectionQuery<?>> busy = new ArrayList<>();
        lock.lock();
        try {
            cancelled = true;
            ready.clear();
            inFlight.keySet().forEach(r -> busy.add(r.query()));
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        busy.forEach(query -> query.serverName().ifPresent(deadlines::release));
        awaitThreads();
    }

    /** Whether {@link #cancel()} or {@link #abort()} was called (or the consumer was interrupted). */
    public boolean cancelled() {
        return isCancelled();
    }

    /** Ends the sweep: {@link #cancel()} if results remain, then waits for the threads. */
    @Override
    public void close() {
        lock.lock();
        boolean done;
        try {
            done = running == 0 && ready.isEmpty();
        } finally {
            lock.unlock();
        }
        if (done) {
            awaitThreads();
        } else {
            cancel();
        }
    }

    private void awaitThreads() {
        boolean interrupted = false;
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        deadlines.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
