package io.github.netconn.api;

import java.util.Objects;

/**
 * Carries a {@link NetConnException} out of a lazy {@link ConnectionEnumerator#stream},
 * whose operations cannot throw checked exceptions — as {@code UncheckedIOException}
 * does for {@code Files.lines}.
 */
public final class UncheckedNetConnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UncheckedNetConnException(NetConnException cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
    }

    @Override
    public synchronized NetConnException getCause() {
        return (NetConnException) super.getCause();
    }
}
