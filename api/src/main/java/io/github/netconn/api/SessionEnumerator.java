package io.github.netconn.api;

import java.util.List;
import java.util.stream.Stream;

/**
 * The sessions port: lists the sessions a server holds — who is logged on, from which
 * computer, for how long, with how many files open — the Win32 {@code NetSessionEnum}
 * function (lmshare.h) and the MS-SRVS {@code NetrSessionEnum} call (opnum 12) behind it.
 *
 * <p>Shaped like {@link ConnectionEnumerator}: an adapter implements only
 * {@link #enumeratePage}; {@link #enumerateAll} and {@link #stream} are written once, here.
 * Every adapter obeys the rules below, and the testkit's contract suite checks each one by its
 * number (a test named {@code s07_...} checks S7). A rule that says "as C<i>n</i>" is
 * {@link ConnectionEnumerator}'s rule of that number, read for sessions.
 *
 * <h2>Inputs</h2>
 * <dl>
 * <dt>S1 Filters</dt>
 * <dd>Optional: a client computer ({@link SessionQuery#fromClient}, sent as {@code \\name}) and
 * a user name ({@link SessionQuery#ofUser}). Absent means every client and every user. An empty
 * filter, one longer than 1,023 characters or one holding a NUL is refused with an
 * {@link IllegalArgumentException} when the query is built. Samba ignores both.</dd>
 * <dt>S2 Server</dt>
 * <dd>As C2.</dd>
 * <dt>S3 Level</dt>
 * <dd>0, 1, 2, 10 or 502, chosen with {@link SessionLevel}; {@link SessionLevel#of(long)}
 * refuses any other number with an {@link IllegalArgumentException}. A server that does not
 * serve a level answers ERROR_INVALID_LEVEL (124), which surfaces as a
 * {@link NetApiStatusException} of kind {@code INVALID_LEVEL} (Samba serves 0 and 1 only).</dd>
 * <dt>S4 Page size</dt>
 * <dd>As C4.</dd>
 * </dl>
 *
 * <h2>Results</h2>
 * <dl>
 * <dt>S5 Fields</dt>
 * <dd>Each level gives its {@link SessionInfo} record with every field of its SESSION_INFO
 * structure. Every DWORD is unsigned; the two times are {@link java.time.Duration}s of the
 * seconds sent (0 to 4294967295); the user flags are a {@link SessionFlags} set with the raw
 * value kept; strings are exact, and a NULL string is an empty {@code Optional}.</dd>
 * <dt>S6 Order</dt>
 * <dd>Entries come in the order the server sent them.</dd>
 * <dt>S7 Paging</dt>
 * <dd>As C7: one page per {@link #enumeratePage} call with its resume handle; the union of the
 * pages equals the one-shot result; a server that answers "more data" without progress ends the
 * loop with a {@link ProtocolViolationException}.</dd>
 * <dt>S8 Server quirks</dt>
 * <dd>As C8.</dd>
 * </dl>
 *
 * <h2>Failures</h2>
 * <dl>
 * <dt>S9 One exception family</dt>
 * <dd>As C9. The statuses a caller tells apart: NERR_ClientNameNotFound (2312, no session
 * from that client) and NERR_UserNotFound (2221, none of that user) are of kind
 * {@code NOT_FOUND}; ERROR_ACCESS_DENIED (5: on Windows since 10 1607 and Server 2019, the
 * {@code SrvsvcSessionInfo} security descriptor admits administrators only; on Samba,
 * BUILTIN\Administrators only) of kind {@code ACCESS_DENIED}; ERROR_INVALID_LEVEL of kind
 * {@code INVALID_LEVEL}. ERROR_MORE_DATA is not an error (S7).</dd>
 * <dt>S10 Nothing is lost or leaked</dt>
 * <dd>As C10.</dd>
 * <dt>S11 Secrets</dt>
 * <dd>As C11.</dd>
 * </dl>
 *
 * <h2>Concurrency, reuse and agreement</h2>
 * <dl>
 * <dt>S12</dt>
 * <dd>As C12; an adapter that implements several ports reuses one session per server for all
 * of them.</dd>
 * <dt>S13</dt>
 * <dd>As C13: the native and the network adapter agree, apart from values that change between
 * two calls (the times; an adapter's own session and the files it holds open).</dd>
 * </dl>
 */
public interface SessionEnumerator extends Enumerator {

    /**
     * Makes one call and returns one page (S7).
     *
     * @param <T>      the entries' type, as the query's level says ({@link SessionLevel})
     * @param query    what to enumerate, and where
     * @param pageSize the preferred maximum length handed to the server (S4)
     * @param resume   {@link ResumeHandle#START} for the first page, then the handle of the previous page
     * @return the page; {@link Page#moreData()} says whether another call would return more
     * @throws IllegalArgumentException if the query cannot be served by this adapter (S2), before any I/O
     * @throws NetConnException         for anything that goes wrong after validation (S9)
     */
    <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException;

    /** All sessions, asking the server for everything at once ({@link PageSize#ALL}). */
    default <T extends SessionInfo> List<T> enumerateAll(SessionQuery<T> query) throws NetConnException {
        return enumerateAll(query, PageSize.ALL);
    }

    /**
     * All sessions, fetched page by page until no more data remains (S7).
     *
     * @return an unmodifiable list, in the order the server sent the entries (S6)
     * @throws ProtocolViolationException if the server reports more data without progress
     */
    default <T extends SessionInfo> List<T> enumerateAll(SessionQuery<T> query, PageSize pageSize)
            throws NetConnException {
        return Paging.collect(resume -> enumeratePage(query, pageSize, resume), query.describe());
    }

    /**
     * All sessions as a lazy stream: each page is fetched when the stream reaches it (S7). A
     * failure while fetching is thrown from the terminal operation as an
     * {@link UncheckedNetConnException} whose cause is the {@link NetConnException}.
     */
    default <T extends SessionInfo> Stream<T> stream(SessionQuery<T> query, PageSize pageSize) {
        return Paging.stream(resume -> enumeratePage(query, pageSize, resume), query.describe());
    }
}
