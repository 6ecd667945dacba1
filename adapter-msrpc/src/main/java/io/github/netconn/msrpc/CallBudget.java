package io.github.netconn.msrpc;

import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.ProtocolViolationException;
import java.time.Duration;

/**
 * What one call of the port may spend: one page, or a whole enumeration ({@code enumerateAll},
 * a {@code stream} while it is consumed). Time counts only while the adapter works on the call
 * — connect, logon, bind, every fragment and page — not while a stream's consumer handles
 * entries; entries and reply bytes are summed over the pages. Not thread-safe: a call runs on
 * one thread at a time.
 */
final class CallBudget {

    private final Duration time;
    private final long maxEntries;
    private final long maxBytes;
    private long leftNanos;
    private long entries;
    private long bytes;
    private long pageEnd;

    CallBudget(Duration time, long maxEntries, long maxBytes) {
        this.time = time;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.leftNanos = time.toNanos();
    }

    /** Starts the clock for one page; returns the {@link System#nanoTime} by which it must end. */
    long startPage() {
        pageEnd = System.nanoTime() + leftNanos;
        return pageEnd;
    }

    /** Stops the clock of the page started last. */
    void endPage() {
        leftNanos = pageEnd - System.nanoTime();
    }

    /** Whether the page started last passed its end. */
    boolean expired() {
        return System.nanoTime() - pageEnd >= 0;
    }

    NetConnTimeoutException timedOut(String where, Throwable cause) {
        return new NetConnTimeoutException(NetConnTimeoutException.Phase.DEADLINE, time, where
                + ": the whole call, connect, logon, bind and every fragment and page; raise it with callTimeout(...)"
                + " or --timeout", cause);
    }

    /** Counts one page's entries and reply bytes; refuses the answer once it holds more than the limits. */
    void count(int pageEntries, int pageBytes, String where) throws ProtocolViolationException {
        entries += pageEntries;
        bytes += pageBytes;
        if (entries > maxEntries) {
            throw new ProtocolViolationException("the answer holds more than " + maxEntries + " entries, the limit of"
                    + " one enumeration; raise it with maxEntries(...) if the server really has that many (" + where + ")",
                    null);
        }
        if (bytes > maxBytes) {
            throw new ProtocolViolationException("the answer holds more than " + maxBytes + " reply bytes, the limit of"
                    + " one enumeration; raise it with maxEnumerationBytes(...) if the server really sends that much ("
                    + where + ")", null);
        }
    }
}
