package io.github.netconn.api;

import java.util.Optional;
import java.util.Set;

/**
 * A share type ({@code coni1_type}, lmshare.h {@code STYPE_*}): the base type in the low
 * byte plus flags, with the raw value kept so that bits this class does not know are not
 * lost.
 *
 * @param raw the unsigned DWORD as the server sent it
 */
public record ShareType(long raw) {

    /** STYPE_MASK: the bits holding the base type. */
    public static final long STYPE_MASK = 0xFFL;

    /** The base types (STYPE_DISKTREE, STYPE_PRINTQ, STYPE_DEVICE, STYPE_IPC). */
    public enum BaseType {
        DISKTREE(0), PRINTQ(1), DEVICE(2), IPC(3);

        private final int value;

        BaseType(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }
    }

    /** The flags that may be OR'ed into a share type. */
    public enum Flag {
        SPECIAL(0x8000_0000L), TEMPORARY(0x4000_0000L),
        CLUSTER_FS(0x0200_0000L), CLUSTER_SOFS(0x0400_0000L), CLUSTER_DFS(0x0800_0000L);

        private final long mask;

        Flag(long mask) {
            this.mask = mask;
        }

        public long mask() {
            return mask;
        }
    }

    public ShareType {
        Dword.check(raw, "share type");
    }

    public static ShareType of(long raw) {
        return new ShareType(raw);
    }

    /** The low byte, whatever it holds. */
    public int baseTypeValue() {
        return (int) (raw & STYPE_MASK);
    }

    /** The base type, or empty if the low byte holds a value lmshare.h does not define. */
    public Optional<BaseType> baseType() {
        int value = baseTypeValue();
        for (BaseType type : BaseType.values()) {
            if (type.value == value) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The known flags that are set. */
    public Set<Flag> flags() {
        return Dword.bitsSet(Flag.class, raw, Flag::mask);
    }

    public boolean has(Flag flag) {
        return (raw & flag.mask) != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(baseType().map(Enum::name)
                .orElse("TYPE_" + baseTypeValue()));
        flags().forEach(flag -> text.append('|').append(flag));
        return String.format("%s (0x%08X)", text, raw);
    }
}
