package io.github.netconn.api;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The port: lists the connections made to a share on a server, or the connections made
 * from one computer to that server — the Win32 {@code NetConnectionEnum} function
 * (lmshare.h) and the MS-SRVS {@code NetrConnectionEnum} call (opnum 8) behind it.
 *
 * <p>An adapter implements only {@link #enumeratePage}; {@link #enumerateAll} and
 * {@link #stream} are written once, here, on top of it. Every adapter obeys the rules
 * below, and the testkit's contract suite checks each one by its number (a test named
 * {@code c07_...} checks C7). Where these rules and the Win32 function disagree, the
 * function wins unless a rule says why not.
 *
 * <h2>Inputs</h2>
 * <dl>
 * <dt>C1 Qualifier</dt>
 * <dd>Required. Starting with {@code \\} it names a computer (connections <em>from</em>
 * that client); anything else names a share (connections <em>to</em> that share). Null,
 * empty, {@code \\} alone, longer than 1,023 characters, or containing a NUL is rejected
 * with an {@link IllegalArgumentException} before any I/O, the same way in every adapter:
 * {@link Qualifier#of} does it. <em>If this fails:</em> the adapter accepted a raw string
 * somewhere instead of a {@link Qualifier}, or sent the request before validating.</dd>
 * <dt>C2 Server</dt>
 * <dd>Optional. Absent means the local computer for the native adapter; the network
 * adapter needs a host (a name or IPv4 address, optionally with a port) and rejects a query
 * without one with an {@link IllegalArgumentException}. {@code \\name} and {@code name}
 * mean the same host ({@link ConnectionQuery} strips the backslashes, and refuses a port
 * outside 1 to 65535 or an IPv6 literal when the query is built).</dd>
 * <dt>C3 Level</dt>
 * <dd>0 (ids only) or 1 (full information), chosen with {@link ConnectionLevel}, so no other
 * level can be asked for through the typed API. Where a raw number enters,
 * {@link ConnectionLevel#of(long)} refuses anything but 0 or 1 with an
 * {@link IllegalArgumentException}; a command line answers it as the Win32 function does,
 * ERROR_INVALID_LEVEL (124), before any I/O.</dd>
 * <dt>C4 Page size</dt>
 * <dd>{@link PageSize#ALL} (MAX_PREFERRED_LENGTH) or a positive byte count, handed to the
 * server unchanged as its preferred maximum length.</dd>
 * </dl>
 *
 * <h2>Results</h2>
 * <dl>
 * <dt>C5 Fields</dt>
 * <dd>Level 0 gives {@link ConnectionInfo.Level0} (the id); level 1 gives
 * {@link ConnectionInfo.Level1} (id, share type with base type, flags and raw value,
 * open count, user count, seconds connected, user name, net name). Every DWORD is
 * unsigned: 0xFFFFFFFF is 4294967295, never -1. Strings are exact: any Unicode,
 * characters outside the BMP included, round-trips; a NULL string is an empty
 * {@code Optional}, never the text "null". <em>If this fails:</em> look for a signed
 * {@code int} widened without {@code Integer.toUnsignedLong}, a decoder that assumes
 * UCS-2 or stops at the wrong length, or {@code String.valueOf(null)}.</dd>
 * <dt>C6 Order</dt>
 * <dd>Entries come in the order the server sent them.</dd>
 * <dt>C7 Paging</dt>
 * <dd>One call of {@link #enumeratePage} returns one page: its entries, the
 * total-entries hint, a resume handle and whether more data remains (ERROR_MORE_DATA is
 * not an error at this level). Feeding the resume handle back returns the next page.
 * {@link #enumerateAll} and {@link #stream} loop until no more data remains; when the
 * server's list does not change meanwhile, the union of the pages equals the one-shot
 * result, with no duplicates and nothing missing. A server that answers "more data"
 * without progress (a resume handle already used) ends the loop with a
 * {@link ProtocolViolationException}, never an endless loop.</dd>
 * <dt>C8 Server quirks</dt>
 * <dd>Servers that ignore the page size (Samba), return a non-zero resume handle with
 * the last page, or send a NULL instead of an empty array give the same results as
 * servers that do not.</dd>
 * </dl>
 *
 * <h2>Failures</h2>
 * <dl>
 * <dt>C9 One exception family</dt>
 * <dd>Everything that can go wrong after validation surfaces as a
 * {@link NetConnException}, never as a JNA, jcifs, NDR, socket or runtime exception from
 * below. Its kinds: {@link NetApiStatusException} (the server returned a status; the raw
 * code and its symbolic name are kept, see {@link StatusCode}),
 * {@link AuthenticationException}, {@link HostUnreachableException},
 * {@link NetConnTimeoutException} (each time-out bounded by a configurable duration) and
 * {@link ProtocolViolationException} (malformed, truncated or oversized reply, DCE/RPC
 * fault). Messages carry enough detail to debug and never a secret.</dd>
 * <dt>C10 Nothing is lost or leaked</dt>
 * <dd>After any call, successful or failed: a native buffer is freed exactly once (also
 * on ERROR_MORE_DATA and when copying fails); SMB file, tree and session handles opened
 * for the call are closed or returned to a pool that {@link #close()} empties; no thread
 * is left behind. A failed call leaves the enumerator usable for the next one.</dd>
 * <dt>C11 Secrets</dt>
 * <dd>Passwords and hashes never appear in {@code toString}, log lines, exception
 * messages or command-line output.</dd>
 * </dl>
 *
 * <h2>Concurrency and reuse</h2>
 * <dl>
 * <dt>C12</dt>
 * <dd>Every adapter of this port is safe to use from several threads at once. Calls to
 * the same server reuse the authenticated session rather than logging in again.</dd>
 * <dt>Release</dt>
 * <dd>{@link #release(String)} gives up what the adapter holds for one server (its
 * sessions and connections), so that a caller working through many servers holds no more
 * than it is working on. The next call to that server logs on again. A call to that server
 * running at the same moment may fail as on a broken connection. A caller that releases a
 * server on purpose to end a call that ran past its deadline gets one of two behaviours,
 * and each adapter's Javadoc says which: the running call fails at once, or it ends within
 * the adapter's own per-response time-outs (an adapter that holds nothing, or whose
 * library offers no way to cut a call short).</dd>
 * </dl>
 *
 * <h2>Agreement</h2>
 * <dl>
 * <dt>C13</dt>
 * <dd>For the same server and the same query, the native and the network adapter return
 * equal results (same entries, same order, same statuses), apart from values that change
 * between two calls (seconds connected; an adapter's own connection, which shows up in
 * queries on IPC$ or on its own computer name).</dd>
 * </dl>
 */
public interface ConnectionEnumerator extends Enumerator {

    /**
     * Makes one call and returns one page (C7).
     *
     * @param <T>      the entries' type, as the query's level says ({@link ConnectionLevel})
     * @param query    what to enumerate, and where
     * @param pageSize the preferred maximum length handed to the server (C4)
     * @param resume   {@link ResumeHandle#START} for the first page, then the handle of the
     *                 previous page
     * @return the page; {@link Page#moreData()} says whether another call would
     *         return more
     * @throws IllegalArgumentException if the query cannot be served by this adapter
     *                                  (C2), before any I/O
     * @throws NetConnException         for anything that goes wrong after validation (C9)
     */
    <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                                                     ResumeHandle resume) throws NetConnException;

    /** All entries, asking the server for everything at once ({@link PageSize#ALL}). */
    default <T extends ConnectionInfo> List<T> enumerateAll(ConnectionQuery<T> query) throws NetConnException {
        return enumerateAll(query, PageSize.ALL);
    }

    /**
     * All entries, fetched page by page until no more data remains (C7).
     *
     * @return an unmodifiable list, in the order the server sent the entries (C6)
     * @throws ProtocolViolationException if the server reports more data without progress
     */
    default <T extends ConnectionInfo> List<T> enumerateAll(ConnectionQuery<T> query, PageSize pageSize)
            throws NetConnException {
        return Paging.collect(resume -> enumeratePage(query, pageSize, resume),
                "qualifier '" + query.qualifier().wireValue() + "'");
    }

    /**
     * All entries as a lazy stream: each page is fetched when the stream reaches it (C7).
     * A failure while fetching is thrown from the terminal operation as an
     * {@link UncheckedNetConnException} whose cause is the {@link NetConnException}.
     */
    default <T extends ConnectionInfo> Stream<T> stream(ConnectionQuery<T> query, PageSize pageSize) {
        return Paging.stream(resume -> enumeratePage(query, pageSize, resume),
                "qualifier '" + query.qualifier().wireValue() + "'");
    }
}
