package io.github.netconn.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A configured time-out ran out: connecting, waiting for a response, or a deadline on a
 * whole query.
 */
public final class NetConnTimeoutException extends NetConnException {

    private static final long serialVersionUID = 1L;

    /** Which wait ran out. */
    public enum Phase {
        /** Connecting to the server. */
        CONNECT,
        /** Waiting for one response. */
        RESPONSE,
        /**
         * The whole query to one server — connect, logon and every page together — ran past
         * a deadline: the adapter's own limit on one call, or one its caller set (a sweep's or a
         * watch's, which {@link ConnectionEnumerator#release releases} the server to end the
         * call); the cause, if any, is what the call threw when it was ended.
         */
        DEADLINE
    }

    private final Phase phase;
    private final Duration limit;

    public NetConnTimeoutException(Phase phase, Duration limit, String context, Throwable cause) {
        super(Objects.requireNonNull(phase, "phase").name().toLowerCase(java.util.Locale.ROOT)
                + " time-out of " + Objects.requireNonNull(limit, "limit").toMillis() + " ms ran out"
                + (context == null ? "" : " (" + context + ")"), cause);
        this.phase = phase;
        this.limit = limit;
    }

    public Phase phase() {
        return phase;
    }

    public Duration limit() {
        return limit;
    }
}
