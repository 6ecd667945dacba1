package io.github.netconn.api;

import java.util.List;
import java.util.stream.Stream;

/**
 * The open-files port: lists the files open on a server — which file, opened by whom,
 * how, holding how many locks — the Win32 {@code NetFileEnum}
 * function (lmshare.h) and the MS-SRVS {@code NetrFileEnum} call (opnum 9) behind it.
 *
 * <p>Shaped like {@link ConnectionEnumerator}: an adapter implements only
 * {@link #enumeratePage}; {@link #enumerateAll} and {@link #stream} are written once, here.
 * Every adapter obeys the rules below, and the testkit's contract suite checks each one by its
 * number (a test named {@code f07_...} checks F7). A rule that says "as C<i>n</i>" is
 * {@link ConnectionEnumerator}'s rule of that number, read for open files.
 *
 * <h2>Inputs</h2>
 * <dl>
 * <dt>F1 Filters</dt>
 * <dd>Optional: a base path ({@link FileQuery#under}: only files whose path starts with it) and
 * a user name ({@link FileQuery#ofUser}: only files that user opened). Absent means every file.
 * An empty filter, one longer than 1,023 characters or one holding a NUL is refused with an
 * {@link IllegalArgumentException} when the query is built. Samba ignores the base path and
 * honours the user.</dd>
 * <dt>F2 Server</dt>
 * <dd>As C2.</dd>
 * <dt>F3 Level</dt>
 * <dd>2 or 3, chosen with {@link FileLevel}; {@link FileLevel#of(long)} refuses any other
 * number with an {@link IllegalArgumentException}. A server that does not serve a level
 * answers ERROR_INVALID_LEVEL (124), a {@link NetApiStatusException} of kind
 * {@code INVALID_LEVEL} (Samba serves level 3 only).</dd>
 * <dt>F4 Page size</dt>
 * <dd>As C4.</dd>
 * </dl>
 *
 * <h2>Results</h2>
 * <dl>
 * <dt>F5 Fields</dt>
 * <dd>Level 2 gives {@link FileInfo.Level2} (the id); level 3 gives {@link FileInfo.Level3}
 * (id, permissions as a {@link FilePermissions} set with the raw value kept, lock count, path
 * and user). Every DWORD is unsigned; strings are exact, and a NULL string is an empty
 * {@code Optional}.</dd>
 * <dt>F6 Order</dt>
 * <dd>Entries come in the order the server sent them.</dd>
 * <dt>F7 Paging</dt>
 * <dd>As C7: one page per {@link #enumeratePage} call with its resume handle; the union of the
 * pages equals the one-shot result; a server that answers "more data" without progress ends the
 * loop with a {@link ProtocolViolationException}.</dd>
 * <dt>F8 Server quirks</dt>
 * <dd>As C8; and a server that ignores the resume handle (Samba: every page starts at the
 * first file, with handle 0 back) gives its whole list once, as it never answers "more data".</dd>
 * </dl>
 *
 * <h2>Failures</h2>
 * <dl>
 * <dt>F9 One exception family</dt>
 * <dd>As C9. The statuses a caller tells apart: ERROR_ACCESS_DENIED (5: on Windows,
 * Administrators and Server Operators may enumerate files; on Samba, BUILTIN\Administrators
 * only) of kind {@code ACCESS_DENIED}; ERROR_INVALID_LEVEL of kind {@code INVALID_LEVEL};
 * ERROR_MORE_DATA is not an error (F7). A filter that matches no file is not an error either: the
 * answer is empty (MS-SRVS lists no not-found status for NetrFileEnum).</dd>
 * <dt>F10 Nothing is lost or leaked</dt>
 * <dd>As C10.</dd>
 * <dt>F11 Secrets</dt>
 * <dd>As C11.</dd>
 * </dl>
 *
 * <h2>Concurrency, reuse and agreement</h2>
 * <dl>
 * <dt>F12</dt>
 * <dd>As C12; an adapter that implements several ports reuses one session per server for all
 * of them.</dd>
 * <dt>F13</dt>
 * <dd>As C13: the native and the network adapter agree, apart from values that change between
 * two calls (an adapter's own open pipe, where the server lists it).</dd>
 * </dl>
 */
public interface FileEnumerator extends Enumerator {

    /**
     * Makes one call and returns one page (F7).
     *
     * @param <T>      the entries' type, as the query's level says ({@link FileLevel})
     * @param query    what to enumerate, and where
     * @param pageSize the preferred maximum length handed to the server (F4)
     * @param resume   {@link ResumeHandle#START} for the first page, then the handle of the previous page
     * @return the page; {@link Page#moreData()} says whether another call would return more
     * @throws IllegalArgumentException if the query cannot be served by this adapter (F2), before any I/O
     * @throws NetConnException         for anything that goes wrong after validation (F9)
     */
    <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException;

    /** All open files, asking the server for everything at once ({@link PageSize#ALL}). */
    default <T extends FileInfo> List<T> enumerateAll(FileQuery<T> query) throws NetConnException {
        return enumerateAll(query, PageSize.ALL);
    }

    /**
     * All open files, fetched page by page until no more data remains (F7).
     *
     * @return an unmodifiable list, in the order the server sent the entries (F6)
     * @throws ProtocolViolationException if the server reports more data without progress
     */
    default <T extends FileInfo> List<T> enumerateAll(FileQuery<T> query, PageSize pageSize)
            throws NetConnException {
        return Paging.collect(resume -> enumeratePage(query, pageSize, resume), query.describe());
    }

    /**
     * All open files as a lazy stream: each page is fetched when the stream reaches it (F7). A
     * failure while fetching is thrown from the terminal operation as an
     * {@link UncheckedNetConnException} whose cause is the {@link NetConnException}.
     */
    default <T extends FileInfo> Stream<T> stream(FileQuery<T> query, PageSize pageSize) {
        return Paging.stream(resume -> enumeratePage(query, pageSize, resume), query.describe());
    }
}
