package io.github.netconn.api;

import java.util.List;

/**
 * The information level of a connection query (C3): {@link #LEVEL_0} gives
 * {@link ConnectionInfo.Level0}, {@link #LEVEL_1} gives {@link ConnectionInfo.Level1}.
 * Only these two levels exist.
 *
 * @param <T> the entries of this level
 */
public final class ConnectionLevel<T extends ConnectionInfo> extends InfoLevel<T> {

    /** CONNECTION_INFO_0: the connection id only. */
    public static final ConnectionLevel<ConnectionInfo.Level0> LEVEL_0 =
            new ConnectionLevel<>(0, ConnectionInfo.Level0.class);
    /** CONNECTION_INFO_1: id, share type, counts, time, user name and net name. */
    public static final ConnectionLevel<ConnectionInfo.Level1> LEVEL_1 =
            new ConnectionLevel<>(1, ConnectionInfo.Level1.class);

    private ConnectionLevel(int value, Class<T> type) {
        super(value, type);
    }

    /** Both levels, 0 then 1. */
    public static List<ConnectionLevel<?>> values() {
        return List.of(LEVEL_0, LEVEL_1);
    }

    /**
     * The level for a raw number, as typed by a user.
     *
     * @throws IllegalArgumentException for anything but 0 or 1, naming the number; where the
     *                                  Win32 function's answer is wanted (a command line), that
     *                                  is ERROR_INVALID_LEVEL (124), before any I/O
     */
    public static ConnectionLevel<?> of(long level) {
        return of(level, values(), "NetConnectionEnum");
    }
}
