package io.github.netconn.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an enumeration (C7).
 *
 * @param entries      the entries, in the order the server sent them (C6)
 * @param totalEntries the server's hint of how many entries could have been enumerated
 *                     from the resume position; only a hint
 * @param resumeHandle the handle to pass for the next page; meaningless when
 *                     {@code moreData} is false (servers may send any value, C8)
 * @param moreData     whether the server answered ERROR_MORE_DATA
 * @param security     what protected this page on the wire; empty where the adapter leaves
 *                     the wire to the operating system (see {@link ConnectionEnumerator#security})
 */
public record ConnectionPage(List<ConnectionInfo> entries, long totalEntries,
                             ResumeHandle resumeHandle, boolean moreData, Optional<SessionSecurity> security) {

    public ConnectionPage {
        entries = List.copyOf(entries);
        Dword.check(totalEntries, "totalEntries");
        Objects.requireNonNull(resumeHandle, "resumeHandle");
        Objects.requireNonNull(security, "security");
    }

    /** A page with no security record, as the native adapter returns it. */
    public ConnectionPage(List<ConnectionInfo> entries, long totalEntries, ResumeHandle resumeHandle, boolean moreData) {
        this(entries, totalEntries, resumeHandle, moreData, Optional.empty());
    }
}
