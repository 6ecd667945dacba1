package io.github.netconn.api;

import java.util.Optional;

/** The optional string filters of NetSessionEnum and NetFileEnum (S1, F1), checked as a qualifier is. */
final class Filter {

    private Filter() {
    }

    /**
     * {@code value}, or empty for null.
     *
     * @throws IllegalArgumentException if it is empty, longer than {@value Qualifier#MAX_LENGTH}
     *                                  characters or holds a NUL, naming {@code what}
     */
    static Optional<String> check(String value, String what) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty; leave it out to list all");
        }
        if (value.length() > Qualifier.MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is " + value.length()
                    + " characters long; the limit is " + Qualifier.MAX_LENGTH);
        }
        int nul = value.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character at index " + nul);
        }
        return Optional.of(value);
    }
}
