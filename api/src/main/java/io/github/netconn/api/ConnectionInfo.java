package io.github.netconn.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an enumeration (C5): {@link Level0} for level 0, {@link Level1} for level 1.
 * Every number is an unsigned DWORD held in a {@code long} (0 to 4294967295).
 */
public sealed interface ConnectionInfo {

    /** {@code coni0_id} / {@code coni1_id}: the connection id. */
    long id();

    /** CONNECTION_INFO_0. */
    record Level0(long id) implements ConnectionInfo {
        public Level0 {
            Dword.check(id, "id");
        }
    }

    /**
     * CONNECTION_INFO_1.
     *
     * @param id               {@code coni1_id}
     * @param shareType        {@code coni1_type}
     * @param openCount        {@code coni1_num_opens}: files open on the connection
     * @param userCount        {@code coni1_num_users}
     * @param secondsConnected {@code coni1_time}: seconds since the connection was made
     * @param userName         {@code coni1_username}; empty when the server sent a NULL string
     * @param netName          {@code coni1_netname}: the client computer when the qualifier
     *                         is a share, the share when it is a computer; empty when NULL
     */
    record Level1(long id, ShareType shareType, long openCount, long userCount, long secondsConnected,
                  Optional<String> userName, Optional<String> netName) implements ConnectionInfo {
        public Level1 {
            Dword.check(id, "id");
            Objects.requireNonNull(shareType, "shareType");
            Dword.check(openCount, "openCount");
            Dword.check(userCount, "userCount");
            Dword.check(secondsConnected, "secondsConnected");
            Objects.requireNonNull(userName, "userName (use Optional.empty() for a NULL string)");
            Objects.requireNonNull(netName, "netName (use Optional.empty() for a NULL string)");
        }

        /** Convenience for decoders: {@code null} strings become empty. */
        public static Level1 of(long id, long shareType, long openCount, long userCount,
                                long secondsConnected, String userName, String netName) {
            return new Level1(id, ShareType.of(shareType), openCount, userCount, secondsConnected,
                    Optional.ofNullable(userName), Optional.ofNullable(netName));
        }

        /** {@link #secondsConnected()} as a duration. */
        public Duration connectedFor() {
            return Duration.ofSeconds(secondsConnected);
        }
    }
}
