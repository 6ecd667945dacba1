package io.github.netconn.fleet;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ConnectionWatch} saw change between two polls of one query. Every event
 * has the time of the poll that produced it and the query (server, qualifier, level).
 *
 * <p>In the order a watched query produces them: one {@link Snapshot} (its first good
 * answer); then, after each later good poll, a {@link Disconnected} for each connection no
 * longer listed, a {@link Connected} for each new one and a {@link Changed} for each one
 * whose counts moved, in the server's order; a {@link Failed} when a poll fails after a
 * good one (or before the first), and a {@link Recovered} at the next good poll, followed
 * by what changed meanwhile. See {@link ConnectionWatch} for how a connection is known
 * from one poll to the next.
 */
public sealed interface WatchEvent {

    /** When the poll that produced this event started. */
    Instant at();

    /** The query polled: its server, qualifier and level. */
    ConnectionQuery<?> query();

    /** The first good answer of a query: every entry, in the server's order. */
    record Snapshot(Instant at, ConnectionQuery<?> query, List<ConnectionInfo> entries) implements WatchEvent {
        public Snapshot {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            entries = List.copyOf(entries);
        }
    }

    /** A connection listed now and not at the previous good poll. */
    record Connected(Instant at, ConnectionQuery<?> query, ConnectionInfo entry) implements WatchEvent {
        public Connected {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** A connection listed at the previous good poll and not now; {@code entry} is as last seen. */
    record Disconnected(Instant at, ConnectionQuery<?> query, ConnectionInfo entry) implements WatchEvent {
        public Disconnected {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * The same connection (level 1) with another open count or user count than at the
     * previous good poll; seconds connected alone is not a change.
     */
    record Changed(Instant at, ConnectionQuery<?> query, ConnectionInfo.Level1 before, ConnectionInfo.Level1 entry)
            implements WatchEvent {
        public Changed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * A poll failed: the first failure after a good poll (or before the first good one),
     * or a failure of another kind than the previous one. Repeats of the same failure are
     * not events (a {@link ConnectionWatch.Listener#polled} sees every poll).
     */
    record Failed(Instant at, ConnectionQuery<?> query, NetConnException failure) implements WatchEvent {
        public Failed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The first good poll after failures.
     *
     * @param down     from the first failed poll to this one
     * @param failures how many polls failed in a row
     */
    record Recovered(Instant at, ConnectionQuery<?> query, Duration down, long failures) implements WatchEvent {
        public Recovered {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(down, "down");
        }
    }
}
