package io.github.netconn.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
 * <p>TODO(#17): the rules (identity, threads, overlap, failures, restarts, listener calls).
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
    public record Poll(ConnectionQuery query, Instant at, Duration took, List<ConnectionInfo> entries,
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

        private Builder(ConnectionEnumerator enumerator) {
            this.enumerator = Objects.requireNonNull(enumerator, "enumerator");
        }

        /** How often each query is polled, from the start of one poll to the start of the next; 30 s unless set. */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the interval must be positive, not " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** The page size of every poll (C4); {@link PageSize#ALL} unless set. */
        public Builder pageSize(PageSize pageSize) {
            this.pageSize = Objects.requireNonNull(pageSize, "pageSize");
            return this;
        }

        /** Starts polling {@code queries} and returns the running watch; close it to stop. */
        public ConnectionWatch start(Collection<ConnectionQuery> queries, Listener listener) {
            throw new UnsupportedOperationException("TODO(#17)");
        }
    }

    /** A watch with {@code enumerator}. */
    public static Builder over(ConnectionEnumerator enumerator) {
        return new Builder(enumerator);
    }

    /** Blocks until {@link #close()} has been called (from another thread, a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        throw new UnsupportedOperationException("TODO(#17)");
    }

    /** Stops polling, waits for the polls running to end, and returns. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO(#17)");
    }
}
