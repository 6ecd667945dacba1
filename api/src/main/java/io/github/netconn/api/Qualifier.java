package io.github.netconn.api;

/**
 * The qualifier of a query (C1): a share, whose connections are listed, or a computer,
 * from which the listed connections come. Both records validate themselves, so an invalid
 * qualifier cannot reach an adapter.
 */
public sealed interface Qualifier {

    /** The longest qualifier accepted, in UTF-16 code units (MS-SRVS: 1,024 with its NUL). */
    int MAX_LENGTH = 1_023;

    /**
     * Parses a qualifier as {@code NetConnectionEnum} does: {@code \\name} is a computer,
     * anything else a share.
     *
     * @throws IllegalArgumentException if {@code text} is null, empty, {@code \\} alone,
     *                                  longer than {@value #MAX_LENGTH} characters or
     *                                  contains a NUL; the message says which
     */
    static Qualifier of(String text) {
        check(text);
        return text.startsWith("\\\\") ? new Computer(text.substring(2)) : new Share(text);
    }

    /**
     * Connections to the share {@code name}.
     *
     * @throws IllegalArgumentException as {@link #of}, and for a name starting with {@code \\}
     */
    static Qualifier share(String name) {
        return new Share(name);
    }

    /**
     * Connections from the computer {@code name}, given with or without its leading {@code \\}.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    static Qualifier computer(String name) {
        if (name == null) {
            throw new IllegalArgumentException("qualifier must not be null");
        }
        return new Computer(name.startsWith("\\\\") ? name.substring(2) : name);
    }

    /** The qualifier exactly as it goes to the server ({@code \\name} for a computer). */
    String wireValue();

    /** Connections to the share {@code name}; the net name of each entry is the client computer. */
    record Share(String name) implements Qualifier {
        public Share {
            check(name);
            if (name.startsWith("\\\\")) {
                throw new IllegalArgumentException("share name '" + name + "' starts with \\\\, which makes it a computer");
            }
        }

        @Override
        public String wireValue() {
            return name;
        }
    }

    /** Connections from the computer {@code name} (given without backslashes); the net name of each entry is the share. */
    record Computer(String name) implements Qualifier {
        public Computer {
            if (name == null) {
                throw new IllegalArgumentException("qualifier must not be null");
            }
            check("\\\\" + name);
        }

        @Override
        public String wireValue() {
            return "\\\\" + name;
        }
    }

    private static void check(String text) {
        if (text == null) {
            throw new IllegalArgumentException("qualifier must not be null");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("qualifier must not be empty");
        }
        if (text.equals("\\\\")) {
            throw new IllegalArgumentException("qualifier '\\\\' names no computer");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("qualifier is " + text.length()
                    + " characters long; the limit is " + MAX_LENGTH);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException("qualifier contains a NUL character at index " + nul);
        }
    }
}
