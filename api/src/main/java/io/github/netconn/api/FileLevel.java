package io.github.netconn.api;

import java.util.List;

/**
 * The information level of an open-file query (F3): {@link #LEVEL_2} gives
 * {@link FileInfo.Level2}, {@link #LEVEL_3} gives {@link FileInfo.Level3}. Only these two exist.
 *
 * @param <T> the entries of this level
 */
public final class FileLevel<T extends FileInfo> extends InfoLevel<T> {

    /** FILE_INFO_2: the id only. Samba refuses it (ERROR_INVALID_LEVEL). */
    public static final FileLevel<FileInfo.Level2> LEVEL_2 = new FileLevel<>(2, FileInfo.Level2.class);
    /** FILE_INFO_3: id, permissions, locks, path and user. Samba answers it. */
    public static final FileLevel<FileInfo.Level3> LEVEL_3 = new FileLevel<>(3, FileInfo.Level3.class);

    private FileLevel(int value, Class<T> type) {
        super(value, type);
    }

    /** Both levels, 2 then 3. */
    public static List<FileLevel<?>> values() {
        return List.of(LEVEL_2, LEVEL_3);
    }

    /**
     * The level for a raw number, as typed by a user.
     *
     * @throws IllegalArgumentException for anything but 2 or 3, naming the number
     */
    public static FileLevel<?> of(long level) {
        return of(level, values(), "NetFileEnum");
    }
}
