package io.github.netconn.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One open file of a NetFileEnum answer (F5): {@link Level2} or {@link Level3}, as the query's
 * {@link FileLevel} says. Every DWORD is unsigned; a NULL string is an empty {@code Optional}.
 */
public sealed interface FileInfo {

    /** {@code fi2_id} / {@code fi3_id}: the id the server gave the open file. */
    long id();

    /** FILE_INFO_2. */
    record Level2(long id) implements FileInfo {
        public Level2 {
            Dword.check(id, "id");
        }
    }

    /**
     * FILE_INFO_3.
     *
     * @param id          {@code fi3_id}
     * @param permissions {@code fi3_permissions}: how the file was opened
     * @param lockCount   {@code fi3_num_locks}: the locks held on it
     * @param pathName    {@code fi3_pathname}: the path as the server names it (Windows:
     *                    {@code C:\share\dir\file}); empty when NULL
     * @param userName    {@code fi3_username}: who opened it; empty when NULL
     */
    record Level3(long id, FilePermissions permissions, long lockCount, Optional<String> pathName,
                  Optional<String> userName) implements FileInfo {
        public Level3 {
            Dword.check(id, "id");
            Objects.requireNonNull(permissions, "permissions");
            Dword.check(lockCount, "lockCount");
            Objects.requireNonNull(pathName, "pathName");
            Objects.requireNonNull(userName, "userName");
        }

        /** Convenience for decoders: {@code null} strings become empty. */
        public static Level3 of(long id, long permissions, long lockCount, String pathName, String userName) {
            return new Level3(id, FilePermissions.of(permissions), lockCount, Optional.ofNullable(pathName),
                    Optional.ofNullable(userName));
        }
    }
}
