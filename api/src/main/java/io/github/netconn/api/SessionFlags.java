package io.github.netconn.api;

import java.util.Set;

/**
 * {@code sesiN_user_flags} (lmshare.h {@code SESS_*}): how the user logged on, as a set of
 * the flags known here, with the raw value kept so that bits this class does not know are
 * not lost.
 *
 * @param raw the unsigned DWORD as the server sent it
 */
public record SessionFlags(long raw) {

    /** The flags lmshare.h defines. */
    public enum Flag {
        /** SESS_GUEST: the user logged on as a guest. */
        GUEST(1),
        /** SESS_NOENCRYPTION: the user logged on without a password encrypted on the wire. */
        NO_ENCRYPTION(2);

        private final long mask;

        Flag(long mask) {
            this.mask = mask;
        }

        public long mask() {
            return mask;
        }
    }

    public SessionFlags {
        Dword.check(raw, "session flags");
    }

    public static SessionFlags of(long raw) {
        return new SessionFlags(raw);
    }

    /** The known flags that are set. */
    public Set<Flag> set() {
        return Dword.bitsSet(Flag.class, raw, Flag::mask);
    }

    public boolean has(Flag flag) {
        return (raw & flag.mask) != 0;
    }

    @Override
    public String toString() {
        return Dword.describe(set(), raw);
    }
}
