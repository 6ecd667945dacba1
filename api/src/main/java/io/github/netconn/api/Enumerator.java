package io.github.netconn.api;

import java.util.Optional;

/**
 * What the three ports share: an enumerator of connections ({@link ConnectionEnumerator}),
 * sessions ({@link SessionEnumerator}) or open files ({@link FileEnumerator}) holds sessions
 * to servers, can say what protects them, give up those of one server, and be closed. An
 * adapter that implements several ports holds one pool of sessions for all of them.
 */
public interface Enumerator extends AutoCloseable {

    /**
     * What protects the session this enumerator holds to a server now ({@link SessionSecurity}):
     * the session that carried the last answer from it, since a session keeps its dialect,
     * keys and cipher for life. Empty when the enumerator holds no session to that server
     * (none yet, or released), or when the adapter leaves the wire to the operating system (the
     * native adapter).
     *
     * @param serverName the server as in a query's {@code server()}
     */
    default Optional<SessionSecurity> security(String serverName) {
        return Optional.empty();
    }

    /**
     * Releases the sessions and connections held for this server; the next call to it
     * logs on again. A no-op for adapters that hold none (the default). Never throws for
     * a server the adapter does not know or holds nothing for.
     *
     * @param serverName the server as in a query's {@code server()}: {@code name} or
     *                   {@code host:port}, without backslashes
     */
    default void release(String serverName) {
    }

    /** Releases every session, handle and thread the enumerator holds (C10). Idempotent. */
    @Override
    void close();
}
