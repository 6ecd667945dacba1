package io.github.netconn.api;

import java.util.List;
import java.util.Objects;

/**
 * One page of an enumeration (C7).
 *
 * @param entries      the entries, in the order the server sent them (C6)
 * @param totalEntries the server's hint of how many entries could have been enumerated
 *                     from the resume position; only a hint
 * @param resumeHandle the handle to pass for the next page; meaningless when
 *                     {@code moreData} is false (servers may send any value, C8)
 * @param moreData     whether the server answered ERROR_MORE_DATA
 */
public record ConnectionPage(List<ConnectionInfo> entries, long totalEntries,
                             ResumeHandle resumeHandle, boolean moreData) {

    public ConnectionPage {
        entries = List.copyOf(entries);
        Dword.check(totalEntries, "totalEntries");
        Objects.requireNonNull(resumeHandle, "resumeHandle");
    }
}
