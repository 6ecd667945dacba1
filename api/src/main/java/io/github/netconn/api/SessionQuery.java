package io.github.netconn.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What sessions to list, and where: a server (S2), optional client and user filters (S1) and
 * a level (S3). Built with {@link #on} or {@link #local}, narrowed with {@link #fromClient} and
 * {@link #ofUser}; every check throws an {@link IllegalArgumentException} naming the value,
 * when the query is built.
 *
 * @param server the host as in {@link ConnectionQuery#server()}; {@code null} for the local computer
 * @param client the client computer whose sessions are listed, without {@code \\}; empty for all
 * @param user   the user whose sessions are listed; empty for all
 * @param level  how much each entry carries, and so the type of the entries
 * @param <T>    the entries' type
 */
public record SessionQuery<T extends SessionInfo>(String server, Optional<String> client, Optional<String> user,
                                                  SessionLevel<T> level) {

    public SessionQuery {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(level, "level");
        if (server != null) {
            server = ServerName.normalise(server);
        }
        client = Filter.check(client.map(c -> c.startsWith("\\\\") ? c.substring(2) : c).orElse(null),
                "client name");
        user = Filter.check(user.orElse(null), "user name");
    }

    /** Every session on {@code server} ({@code name}, {@code \\name}, or for the network adapter {@code host:port}). */
    public static <T extends SessionInfo> SessionQuery<T> on(String server, SessionLevel<T> level) {
        return new SessionQuery<>(Objects.requireNonNull(server, "server"), Optional.empty(), Optional.empty(), level);
    }

    /** Every session on the local computer (native adapter only, S2). */
    public static <T extends SessionInfo> SessionQuery<T> local(SessionLevel<T> level) {
        return new SessionQuery<>(null, Optional.empty(), Optional.empty(), level);
    }

    /** Only the sessions from {@code computer}, given with or without its leading {@code \\}. */
    public SessionQuery<T> fromClient(String computer) {
        return new SessionQuery<>(server, Optional.of(Objects.requireNonNull(computer, "client name")), user, level);
    }

    /** Only the sessions of {@code userName}. */
    public SessionQuery<T> ofUser(String userName) {
        return new SessionQuery<>(server, client, Optional.of(Objects.requireNonNull(userName, "user name")), level);
    }

    /** The same filters and server at another level. */
    public <U extends SessionInfo> SessionQuery<U> at(SessionLevel<U> other) {
        return new SessionQuery<>(server, client, user, other);
    }

    /** The server, or empty for the local computer. */
    public Optional<String> serverName() {
        return Optional.ofNullable(server);
    }

    /** The client filter as it goes to the server, {@code \\name}, or null for none. */
    public String clientWireValue() {
        return client.map(c -> "\\\\" + c).orElse(null);
    }

    /** The query in a few words, for messages: {@code client \\WS01, user alice}. */
    String describe() {
        String filters = client.map(c -> "client \\\\" + c).orElse("every client")
                + user.map(u -> ", user " + u).orElse("");
        return filters + ", level " + level.value();
    }
}
