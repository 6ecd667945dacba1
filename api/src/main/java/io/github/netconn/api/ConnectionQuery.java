package io.github.netconn.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What to enumerate, and where: a server (C2), a qualifier (C1) and a level (C3).
 *
 * @param server    the host, without leading backslashes; {@code null} for the local
 *                  computer. {@code \\name} is accepted and stored as {@code name}.
 * @param qualifier the share or computer whose connections are listed
 * @param level     how much information each entry carries
 */
public record ConnectionQuery(String server, Qualifier qualifier, InfoLevel level) {

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
    public static ConnectionQuery local(Qualifier qualifier, InfoLevel level) {
        return new ConnectionQuery(null, qualifier, level);
    }

    /** A query on {@code server} ({@code name}, {@code \\name}, or for the network adapter {@code host:port}). */
    public static ConnectionQuery on(String server, Qualifier qualifier, InfoLevel level) {
        return new ConnectionQuery(Objects.requireNonNull(server, "server"), qualifier, level);
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
        return name;
    }

    static String describe(char c) {
        return c == 0 ? "a NUL character" : String.format("the character U+%04X", (int) c);
    }
}
