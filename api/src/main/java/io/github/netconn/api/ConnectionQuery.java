package io.github.netconn.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What to enumerate, and where: a server (C2), a qualifier (C1) and a level (C3).
 *
 * @param server    the host, without leading backslashes: a name or an IPv4 address,
 *                  optionally with {@code :port} (1 to 65535); {@code null} for the local
 *                  computer. {@code \\name} is accepted and stored as {@code name}. IPv6
 *                  literals are refused (no adapter supports them).
 * @param qualifier the share or computer whose connections are listed
 * @param level     how much information each entry carries, and so the type of the entries
 * @param <T>       the entries' type: {@link ConnectionInfo.Level0} or {@link ConnectionInfo.Level1}
 */
public record ConnectionQuery<T extends ConnectionInfo>(String server, Qualifier qualifier, ConnectionLevel<T> level) {
    // Every check here throws IllegalArgumentException naming the value, when the query is built.

    /** The longest server name accepted, as for a qualifier. */
    public static final int MAX_SERVER_LENGTH = ServerName.MAX_LENGTH;

    public ConnectionQuery {
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(level, "level");
        if (server != null) {
            server = ServerName.normalise(server);
        }
    }

    /** A query on the local computer (native adapter only, C2). */
    public static <T extends ConnectionInfo> ConnectionQuery<T> local(Qualifier qualifier, ConnectionLevel<T> level) {
        return new ConnectionQuery<>(null, qualifier, level);
    }

    /** A query on {@code server} ({@code name}, {@code \\name}, or for the network adapter {@code host:port}). */
    public static <T extends ConnectionInfo> ConnectionQuery<T> on(String server, Qualifier qualifier,
            ConnectionLevel<T> level) {
        return new ConnectionQuery<>(Objects.requireNonNull(server, "server"), qualifier, level);
    }

    /** The server, or empty for the local computer. */
    public Optional<String> serverName() {
        return Optional.ofNullable(server);
    }
}
