package io.github.netconn.api;

import java.util.List;
import java.util.Objects;

/**
 * An information level, typed by the entries it gives: {@link ConnectionLevel} for
 * NetConnectionEnum, {@link SessionLevel} for NetSessionEnum, {@link FileLevel} for
 * NetFileEnum. A query at a level returns that level's entries with no cast, and only the
 * levels these classes hold can be asked for through the typed API.
 *
 * @param <T> the entries of this level
 */
public abstract sealed class InfoLevel<T> permits ConnectionLevel, SessionLevel, FileLevel {

    private final int value;
    private final Class<T> type;
    private final String name;

    InfoLevel(int value, Class<T> type) {
        this.value = value;
        this.type = type;
        this.name = "LEVEL_" + value;
    }

    /** The level's number on the wire and in the Win32 call. */
    public final int value() {
        return value;
    }

    /** The class of this level's entries. */
    public final Class<T> type() {
        return type;
    }

    /**
     * {@code entry} as this level's entry, for an adapter that decoded it.
     *
     * @throws IllegalStateException if it is of another level: a defect of the adapter
     */
    public final T cast(Object entry) {
        Objects.requireNonNull(entry, "entry");
        if (!type.isInstance(entry)) {
            throw new IllegalStateException("a " + entry.getClass().getSimpleName() + " entry for a " + this + " query");
        }
        return type.cast(entry);
    }

    /**
     * {@code entries} as this level's, in their order (an unmodifiable copy).
     *
     * @throws IllegalStateException if one is of another level: a defect of the adapter
     */
    public final List<T> cast(List<?> entries) {
        return entries.stream().map(this::cast).toList();
    }

    /** The level for {@code value} among {@code levels}, or an exception naming what exists. */
    static <L extends InfoLevel<?>> L of(long value, List<L> levels, String function) {
        for (L level : levels) {
            if (level.value() == value) {
                return level;
            }
        }
        throw new IllegalArgumentException("level " + value + " was asked for; " + function + " has levels "
                + levels.stream().map(level -> String.valueOf(level.value())).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    /** {@code LEVEL_} and the number, as the constant is named. */
    @Override
    public final String toString() {
        return name;
    }
}
