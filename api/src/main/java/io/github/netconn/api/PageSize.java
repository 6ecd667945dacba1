package io.github.netconn.api;

/**
 * The preferred maximum length of one page, in bytes (C4): {@link #ALL}
 * (MAX_PREFERRED_LENGTH, 0xFFFFFFFF) or a positive byte count below it. The server
 * decides what fits; Samba ignores it (C8).
 *
 * @param preferredMaximumLength the unsigned DWORD sent as {@code PreferedMaximumLength}
 */
public record PageSize(long preferredMaximumLength) {

    /** MAX_PREFERRED_LENGTH: as many entries as the server has. */
    public static final PageSize ALL = new PageSize(Dword.MAX);

    public PageSize {
        if (preferredMaximumLength < 1 || preferredMaximumLength > Dword.MAX) {
            throw new IllegalArgumentException("page size must be between 1 and " + Dword.MAX
                    + " bytes (" + Dword.MAX + " meaning all), not " + preferredMaximumLength);
        }
    }

    /** A page of at most about {@code bytes} bytes; {@code bytes} must be positive. */
    public static PageSize ofBytes(long bytes) {
        return new PageSize(bytes);
    }

    /** Whether this is MAX_PREFERRED_LENGTH. */
    public boolean isAll() {
        return preferredMaximumLength == Dword.MAX;
    }

    @Override
    public String toString() {
        return isAll() ? "PageSize[ALL]" : "PageSize[" + preferredMaximumLength + " bytes]";
    }
}
