package io.github.netconn.api;

/** The information level of a query (C3). */
public enum InfoLevel {
    /** CONNECTION_INFO_0: the connection id only. */
    LEVEL_0(0),
    /** CONNECTION_INFO_1: id, share type, counts, time, user name and net name. */
    LEVEL_1(1);

    private final int value;

    InfoLevel(int value) {
        this.value = value;
    }

    /** The level's number on the wire and in the Win32 call. */
    public int value() {
        return value;
    }

    /**
     * The level for a raw number, as typed by a user.
     *
     * @throws IllegalArgumentException for anything but 0 or 1, naming the number; where the
     *                                  Win32 function's answer is wanted (a command line), that
     *                                  is ERROR_INVALID_LEVEL (124), before any I/O
     */
    public static InfoLevel of(long level) {
        if (level == 0) {
            return LEVEL_0;
        }
        if (level == 1) {
            return LEVEL_1;
        }
        throw new IllegalArgumentException("level " + level + " was asked for; only 0 and 1 exist");
    }
}
