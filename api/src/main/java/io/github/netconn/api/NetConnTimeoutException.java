package io.github.netconn.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A configured time-out ran out: connecting, waiting for a response, or the deadline of a
 * whole query in a {@link FleetSweep}.
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
         * the deadline of a {@link FleetSweep.Builder#deadline sweep} or of a
         * {@link ConnectionWatch.Builder#deadline watch}; the cause, if any, is what the call
         * threw when the sweep or the watch released the server to end it.
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
