package io.github.netconn.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** Range checks for unsigned 32-bit values held in a {@code long}, and for durations of DWORD seconds. */
final class Dword {

    static final long MAX = 0xFFFF_FFFFL;

    private Dword() {
    }

    static long check(long value, String what) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(what + " must be an unsigned 32-bit value (0 to "
                    + MAX + "), not " + value);
        }
        return value;
    }

    /** {@code seconds} as a duration, checked as a DWORD. */
    static Duration duration(long seconds, String what) {
        return Duration.ofSeconds(checkSeconds(seconds, what));
    }

    /** Checks that {@code duration} is a whole number of seconds that a DWORD holds. */
    static Duration seconds(Duration duration, String what) {
        if (duration == null) {
            throw new NullPointerException(what);
        }
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException(what + " must be whole seconds, not " + duration);
        }
        checkSeconds(duration.getSeconds(), what);
        return duration;
    }

    // Decoders check every entry's times: the message's name is joined only when it is needed.
    private static long checkSeconds(long seconds, String what) {
        return seconds >= 0 && seconds <= MAX ? seconds : check(seconds, what + " seconds");
    }

    /** The constants of {@code type} whose mask has a bit set in {@code raw}, in declaration order. */
    static <E extends Enum<E>> Set<E> bitsSet(Class<E> type, long raw, ToLongFunction<E> mask) {
        Set<E> set = EnumSet.noneOf(type);
        for (E constant : type.getEnumConstants()) {
            if ((raw & mask.applyAsLong(constant)) != 0) {
                set.add(constant);
            }
        }
        return set;
    }

    /** {@code A|B (0x00000003)}, or {@code 0x00000000} with no flag set. */
    static String describe(Set<? extends Enum<?>> flags, long raw) {
        String names = flags.stream().map(Enum::name).collect(Collectors.joining("|"));
        return names.isEmpty() ? String.format("0x%08X", raw) : String.format("%s (0x%08X)", names, raw);
    }
}
