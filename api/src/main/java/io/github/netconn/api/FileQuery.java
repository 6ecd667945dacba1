package io.github.netconn.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What open files to list, and where: a server (F2), optional base-path and user filters
 * (F1) and a level (F3). Built with {@link #on} or {@link #local}, narrowed with
 * {@link #under} and {@link #ofUser}; every check throws an {@link IllegalArgumentException}
 * naming the value, when the query is built.
 *
 * @param server   the host as in {@link ConnectionQuery#server()}; {@code null} for the local computer
 * @param basePath only files whose path starts with it (Windows: {@code C:\data}); empty for all
 * @param user     only files opened by this user; empty for all
 * @param level    how much each entry carries, and so the type of the entries
 * @param <T>      the entries' type
 */
public record FileQuery<T extends FileInfo>(String server, Optional<String> basePath, Optional<String> user,
                                            FileLevel<T> level) {

    public FileQuery {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(level, "level");
        if (server != null) {
            server = ServerName.normalise(server);
        }
        basePath = Filter.check(basePath.orElse(null), "base path");
        user = Filter.check(user.orElse(null), "user name");
    }

    /** Every open file on {@code server} ({@code name}, {@code \\name}, or for the network adapter {@code host:port}). */
    public static <T extends FileInfo> FileQuery<T> on(String server, FileLevel<T> level) {
        return new FileQuery<>(Objects.requireNonNull(server, "server"), Optional.empty(), Optional.empty(), level);
    }

    /** Every open file on the local computer (native adapter only, F2). */
    public static <T extends FileInfo> FileQuery<T> local(FileLevel<T> level) {
        return new FileQuery<>(null, Optional.empty(), Optional.empty(), level);
    }

    /** Only the files whose path starts with {@code path}. */
    public FileQuery<T> under(String path) {
        return new FileQuery<>(server, Optional.of(Objects.requireNonNull(path, "base path")), user, level);
    }

    /** Only the files opened by {@code userName}. */
    public FileQuery<T> ofUser(String userName) {
        return new FileQuery<>(server, basePath, Optional.of(Objects.requireNonNull(userName, "user name")), level);
    }

    /** The same filters and server at another level. */
    public <U extends FileInfo> FileQuery<U> at(FileLevel<U> other) {
        return new FileQuery<>(server, basePath, user, other);
    }

    /** The server, or empty for the local computer. */
    public Optional<String> serverName() {
        return Optional.ofNullable(server);
    }

    /** The query in a few words, for messages: {@code base path C:\data, user alice, level 3}. */
    String describe() {
        return basePath.map(p -> "base path " + p).orElse("every path") + user.map(u -> ", user " + u).orElse("")
                + ", level " + level.value();
    }
}
