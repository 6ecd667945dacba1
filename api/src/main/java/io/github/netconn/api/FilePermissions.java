package io.github.netconn.api;

import java.util.Set;

/**
 * {@code fi3_permissions} (lmshare.h {@code PERM_FILE_*}): how a file was opened, as a set of
 * the permissions known here, with the raw value kept so that bits this class does not know
 * are not lost.
 *
 * @param raw the unsigned DWORD as the server sent it
 */
public record FilePermissions(long raw) {

    /** The permissions lmshare.h defines. */
    public enum Permission {
        /** PERM_FILE_READ: opened for reading (or running). */
        READ(1),
        /** PERM_FILE_WRITE: opened for writing. */
        WRITE(2),
        /** PERM_FILE_CREATE: created by this open. */
        CREATE(4);

        private final long mask;

        Permission(long mask) {
            this.mask = mask;
        }

        public long mask() {
            return mask;
        }
    }

    public FilePermissions {
        Dword.check(raw, "file permissions");
    }

    public static FilePermissions of(long raw) {
        return new FilePermissions(raw);
    }

    /** The known permissions that are set. */
    public Set<Permission> set() {
        return Dword.bitsSet(Permission.class, raw, Permission::mask);
    }

    public boolean has(Permission permission) {
        return (raw & permission.mask) != 0;
    }

    @Override
    public String toString() {
        return Dword.describe(set(), raw);
    }
}
