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
public record ConnectionQuery<T extends ConnectionInfo>(String server, Qualifier qualifier, InfoLevel<T> level) {
    // Every check here throws IllegalArgumentException naming the value, when the query is built.

    /** The longest server name accepted, as for a qualifier. */
    public static final int MAX_SERVER_LENGTH = 1_023;

    public ConnectionQuery {
        Objects.requireNonNull(qualifier, "qualifier");
        Objects.requireNonNull(level, "level");
        if (server != null) {
            server = normaliseServer(server);
        }
    }

    /** A query on the local computer (native adapter only, C2). */
    public static <T extends ConnectionInfo> ConnectionQuery<T> local(Qualifier qualifier, InfoLevel<T> level) {
        return new ConnectionQuery<>(null, qualifier, level);
    }

    /** A query on {@code server} ({@code name}, {@code \\name}, or for the network adapter {@code host:port}). */
    public static <T extends ConnectionInfo> ConnectionQuery<T> on(String server, Qualifier qualifier,
            InfoLevel<T> level) {
        return new ConnectionQuery<>(Objects.requireNonNull(server, "server"), qualifier, level);
    }

    /** The server, or empty for the local computer. */
    public Optional<String> serverName() {
        return Optional.ofNullable(server);
    }

    private static String normaliseServer(String server) {
        String name = server.startsWith("\\\\") ? server.substring(2) : server;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("server '" + server + "' names no host");
        }
        if (name.length() > MAX_SERVER_LENGTH) {
            throw new IllegalArgumentException("server name is " + name.length()
                    + " characters long; the limit is " + MAX_SERVER_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isWhitespace(c) || c == '\\' || c == '/') {
                throw new IllegalArgumentException(String.format(
                        "server name contains %s at index %d", describe(c), i));
            }
        }
        int colon = name.indexOf(':');
        if (name.startsWith("[") || colon >= 0 && name.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("server '" + server + "': IPv6 literals are not supported;"
                    + " give the host's name or its IPv4 address");
        }
        if (colon >= 0) {
            String port = name.substring(colon + 1);
            if (colon == 0 || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("server '" + server + "' is not host:port with a port from 1 to 65535");
            }
        }
        return name;
    }

    static String describe(char c) {
        return c == 0 ? "a NUL character" : String.format("the character U+%04X", (int) c);
    }
}
