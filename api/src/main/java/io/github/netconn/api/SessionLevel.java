package io.github.netconn.api;

import java.util.List;

/**
 * The information level of a session query (S3), typed by its entries: {@link #LEVEL_0} gives
 * {@link SessionInfo.Level0}, and so on. Only these five levels exist.
 *
 * @param <T> the entries of this level
 */
public final class SessionLevel<T extends SessionInfo> extends InfoLevel<T> {

    /** SESSION_INFO_0: the client computer only. Samba answers it. */
    public static final SessionLevel<SessionInfo.Level0> LEVEL_0 = new SessionLevel<>(0, SessionInfo.Level0.class);
    /** SESSION_INFO_1: client, user, open count, times, flags. Samba answers it. */
    public static final SessionLevel<SessionInfo.Level1> LEVEL_1 = new SessionLevel<>(1, SessionInfo.Level1.class);
    /** SESSION_INFO_2: level 1 and the client type. Samba refuses it (ERROR_INVALID_LEVEL). */
    public static final SessionLevel<SessionInfo.Level2> LEVEL_2 = new SessionLevel<>(2, SessionInfo.Level2.class);
    /** SESSION_INFO_10: client, user, times. Samba refuses it (ERROR_INVALID_LEVEL). */
    public static final SessionLevel<SessionInfo.Level10> LEVEL_10 =
            new SessionLevel<>(10, SessionInfo.Level10.class);
    /** SESSION_INFO_502: level 2 and the transport. Samba refuses it (ERROR_INVALID_LEVEL). */
    public static final SessionLevel<SessionInfo.Level502> LEVEL_502 =
            new SessionLevel<>(502, SessionInfo.Level502.class);

    private SessionLevel(int value, Class<T> type) {
        super(value, type);
    }

    /** The five levels, in increasing number. */
    public static List<SessionLevel<?>> values() {
        return List.of(LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_10, LEVEL_502);
    }

    /**
     * The level for a raw number, as typed by a user.
     *
     * @throws IllegalArgumentException for a number that is not a level, naming it
     */
    public static SessionLevel<?> of(long level) {
        return of(level, values(), "NetSessionEnum");
    }
}
