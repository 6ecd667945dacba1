package io.github.netconn.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an enumeration (C7 of {@link ConnectionEnumerator}; S7 and F7 of the sibling ports).
 *
 * @param entries      the entries, in the order the server sent them (C6)
 * @param totalEntries the server's hint of how many entries could have been enumerated
 *                     from the resume position; only a hint
 * @param resumeHandle the handle to pass for the next page; meaningless when
 *                     {@code moreData} is false (servers may send any value, C8)
 * @param moreData     whether the server answered ERROR_MORE_DATA
 * @param security     what protected this page on the wire; empty where the adapter leaves
 *                     the wire to the operating system (see {@link Enumerator#security})
 * @param <T>          the entries' type, as the query's level says
 */
public record Page<T>(List<T> entries, long totalEntries,
                      ResumeHandle resumeHandle, boolean moreData, Optional<SessionSecurity> security) {

    public Page {
        entries = List.copyOf(entries);
        Dword.check(totalEntries, "totalEntries");
        Objects.requireNonNull(resumeHandle, "resumeHandle");
        Objects.requireNonNull(security, "security");
    }

    /**
     * This page with its entries as {@code level}'s: for code that builds a page before it
     * knows the query's entry type.
     *
     * @throws IllegalStateException if an entry is of another level
     */
    public <U> Page<U> as(InfoLevel<U> level) {
        return new Page<>(level.cast(entries), totalEntries, resumeHandle, moreData, security);
    }

    /** A page with no security record, as the native adapter returns it. */
    public Page(List<T> entries, long totalEntries, ResumeHandle resumeHandle, boolean moreData) {
        this(entries, totalEntries, resumeHandle, moreData, Optional.empty());
    }
}
