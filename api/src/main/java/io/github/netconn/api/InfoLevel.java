package io.github.netconn.api;

import java.util.List;
import java.util.Objects;

/**
 * The information level of a query (C3), typed by the entries it gives: a query at
 * {@link #LEVEL_1} returns {@link ConnectionInfo.Level1} entries, with no cast. Only these two
 * levels exist.
 *
 * @param <T> the entries of this level
 */
public final class InfoLevel<T extends ConnectionInfo> {

    /** CONNECTION_INFO_0: the connection id only. */
    public static final InfoLevel<ConnectionInfo.Level0> LEVEL_0 =
            new InfoLevel<>(0, ConnectionInfo.Level0.class, "LEVEL_0");
    /** CONNECTION_INFO_1: id, share type, counts, time, user name and net name. */
    public static final InfoLevel<ConnectionInfo.Level1> LEVEL_1 =
            new InfoLevel<>(1, ConnectionInfo.Level1.class, "LEVEL_1");

    private final int value;
    private final Class<T> type;
    private final String name;

    private InfoLevel(int value, Class<T> type, String name) {
        this.value = value;
        this.type = type;
        this.name = name;
    }

    /** The level's number on the wire and in the Win32 call. */
    public int value() {
        return value;
    }

    /** The class of this level's entries. */
    public Class<T> type() {
        return type;
    }

    /**
     * {@code entry} as this level's entry, for an adapter that decoded it.
     *
     * @throws IllegalStateException if it is of the other level: a defect of the adapter
     */
    public T cast(ConnectionInfo entry) {
        Objects.requireNonNull(entry, "entry");
        if (!type.isInstance(entry)) {
            throw new IllegalStateException("a " + entry.getClass().getSimpleName() + " entry for a " + name + " query");
        }
        return type.cast(entry);
    }

    /**
     * {@code entries} as this level's, in their order (an unmodifiable copy).
     *
     * @throws IllegalStateException if one is of the other level: a defect of the adapter
     */
    public List<T> cast(List<? extends ConnectionInfo> entries) {
        return entries.stream().map(this::cast).toList();
    }

    /** Both levels, 0 then 1. */
    public static List<InfoLevel<?>> values() {
        return List.of(LEVEL_0, LEVEL_1);
    }

    /**
     * The level for a raw number, as typed by a user.
     *
     * @throws IllegalArgumentException for anything but 0 or 1, naming the number; where the
     *                                  Win32 function's answer is wanted (a command line), that
     *                                  is ERROR_INVALID_LEVEL (124), before any I/O
     */
    public static InfoLevel<?> of(long level) {
        if (level == 0) {
            return LEVEL_0;
        }
        if (level == 1) {
            return LEVEL_1;
        }
        throw new IllegalArgumentException("level " + level + " was asked for; only 0 and 1 exist");
    }

    /** {@code LEVEL_0} or {@code LEVEL_1}. */
    @Override
    public String toString() {
        return name;
    }
}
