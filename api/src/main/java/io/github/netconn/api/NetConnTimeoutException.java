package io.github.netconn.api;

import java.time.Duration;
import java.util.Objects;

/** A configured time-out ran out: connecting, or waiting for a response. */
public final class NetConnTimeoutException extends NetConnException {

    private static final long serialVersionUID = 1L;

    /** Which wait ran out. */
    public enum Phase { CONNECT, RESPONSE }

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
