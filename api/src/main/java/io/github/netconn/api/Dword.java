package io.github.netconn.api;

/** Range checks for unsigned 32-bit values held in a {@code long}. */
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
}
