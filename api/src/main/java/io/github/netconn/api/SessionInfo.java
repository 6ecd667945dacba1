package io.github.netconn.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One session of a NetSessionEnum answer (S5): {@link Level0}, {@link Level1}, {@link Level2},
 * {@link Level10} or {@link Level502}, as the query's {@link SessionLevel} says. Every DWORD is
 * unsigned; a NULL string is an empty {@code Optional}; times are durations of whole seconds
 * (0 to 4294967295).
 */
public sealed interface SessionInfo {

    /**
     * {@code sesiN_cname}: the computer the session comes from, as the server names it (a
     * NetBIOS name, or an address: Samba gives the client's IP address); empty when NULL.
     */
    Optional<String> clientName();

    /** SESSION_INFO_0. */
    record Level0(Optional<String> clientName) implements SessionInfo {
        public Level0 {
            Objects.requireNonNull(clientName, "clientName");
        }

        /** Convenience for decoders: a {@code null} string becomes empty. */
        public static Level0 of(String clientName) {
            return new Level0(Optional.ofNullable(clientName));
        }
    }

    /**
     * SESSION_INFO_1.
     *
     * @param clientName {@code sesi1_cname}
     * @param userName   {@code sesi1_username}: the account that made the session
     * @param openCount  {@code sesi1_num_opens}: files, devices and pipes open in the session
     * @param active     {@code sesi1_time}: how long the session has been established (Samba
     *                   rounds the logon time to the nearest second, so a session younger than
     *                   half a second can show 4294967295 seconds, -1 as a DWORD)
     * @param idle       {@code sesi1_idle_time}: how long it has been idle (Samba: always 0)
     * @param flags      {@code sesi1_user_flags}
     */
    record Level1(Optional<String> clientName, Optional<String> userName, long openCount, Duration active,
                  Duration idle, SessionFlags flags) implements SessionInfo {
        public Level1 {
            check(clientName, userName, openCount, active, idle, flags);
        }

        /** Convenience for decoders: {@code null} strings become empty, seconds become durations. */
        public static Level1 of(String clientName, String userName, long openCount, long activeSeconds,
                                long idleSeconds, long flags) {
            return new Level1(Optional.ofNullable(clientName), Optional.ofNullable(userName), openCount,
                    Dword.duration(activeSeconds, "active"), Dword.duration(idleSeconds, "idle"),
                    SessionFlags.of(flags));
        }
    }

    /**
     * SESSION_INFO_2: {@link Level1}'s fields and the client's type.
     *
     * @param clientType {@code sesi2_cltype_name}: the type of client that made the session
     */
    record Level2(Optional<String> clientName, Optional<String> userName, long openCount, Duration active,
                  Duration idle, SessionFlags flags, Optional<String> clientType) implements SessionInfo {
        public Level2 {
            check(clientName, userName, openCount, active, idle, flags);
            Objects.requireNonNull(clientType, "clientType");
        }

        /** Convenience for decoders: {@code null} strings become empty, seconds become durations. */
        public static Level2 of(String clientName, String userName, long openCount, long activeSeconds,
                                long idleSeconds, long flags, String clientType) {
            Level1 one = Level1.of(clientName, userName, openCount, activeSeconds, idleSeconds, flags);
            return new Level2(one.clientName(), one.userName(), openCount, one.active(), one.idle(), one.flags(),
                    Optional.ofNullable(clientType));
        }
    }

    /**
     * SESSION_INFO_10: who, from where, for how long.
     *
     * @param clientName {@code sesi10_cname}
     * @param userName   {@code sesi10_username}
     * @param active     {@code sesi10_time}
     * @param idle       {@code sesi10_idle_time}
     */
    record Level10(Optional<String> clientName, Optional<String> userName, Duration active, Duration idle)
            implements SessionInfo {
        public Level10 {
            Objects.requireNonNull(clientName, "clientName");
            Objects.requireNonNull(userName, "userName");
            Dword.seconds(active, "active");
            Dword.seconds(idle, "idle");
        }

        /** Convenience for decoders: {@code null} strings become empty, seconds become durations. */
        public static Level10 of(String clientName, String userName, long activeSeconds, long idleSeconds) {
            return new Level10(Optional.ofNullable(clientName), Optional.ofNullable(userName),
                    Dword.duration(activeSeconds, "active"), Dword.duration(idleSeconds, "idle"));
        }
    }

    /**
     * SESSION_INFO_502: {@link Level2}'s fields and the transport.
     *
     * @param transport {@code sesi502_transport}: the transport the client is connected on
     */
    record Level502(Optional<String> clientName, Optional<String> userName, long openCount, Duration active,
                    Duration idle, SessionFlags flags, Optional<String> clientType, Optional<String> transport)
            implements SessionInfo {
        public Level502 {
            check(clientName, userName, openCount, active, idle, flags);
            Objects.requireNonNull(clientType, "clientType");
            Objects.requireNonNull(transport, "transport");
        }

        /** Convenience for decoders: {@code null} strings become empty, seconds become durations. */
        public static Level502 of(String clientName, String userName, long openCount, long activeSeconds,
                                  long idleSeconds, long flags, String clientType, String transport) {
            Level2 two = Level2.of(clientName, userName, openCount, activeSeconds, idleSeconds, flags, clientType);
            return new Level502(two.clientName(), two.userName(), openCount, two.active(), two.idle(), two.flags(),
                    two.clientType(), Optional.ofNullable(transport));
        }
    }

    /** The checks of the fields levels 1, 2 and 502 share. */
    private static void check(Optional<String> clientName, Optional<String> userName, long openCount, Duration active,
                              Duration idle, SessionFlags flags) {
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(userName, "userName");
        Dword.check(openCount, "openCount");
        Dword.seconds(active, "active");
        Dword.seconds(idle, "idle");
        Objects.requireNonNull(flags, "flags");
    }
}
