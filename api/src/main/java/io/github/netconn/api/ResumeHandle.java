package io.github.netconn.api;

/**
 * The resume handle of a paged enumeration (C7): {@link #START} for the first call, then
 * the value the server returned with the previous page, unchanged. What the number means
 * is the server's business; MS-SRVS calls it implementation-specific.
 *
 * @param value the unsigned DWORD sent as {@code *ResumeHandle}
 */
public record ResumeHandle(long value) {

    /** Zero: start from the first entry. */
    public static final ResumeHandle START = new ResumeHandle(0);

    public ResumeHandle {
        Dword.check(value, "resume handle");
    }
}
