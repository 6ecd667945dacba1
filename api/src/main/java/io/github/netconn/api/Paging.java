package io.github.netconn.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The paging loop of C7, written once for every adapter. */
final class Paging {

    private Paging() {
    }

    static <T extends ConnectionInfo> List<T> collect(ConnectionEnumerator enumerator, ConnectionQuery<T> query,
                                                      PageSize pageSize) throws NetConnException {
        Cursor<T> cursor = new Cursor<>(enumerator, query, pageSize);
        List<T> all = new ArrayList<>();
        for (ConnectionPage<T> page = cursor.next(); page != null; page = cursor.next()) {
            all.addAll(page.entries());
        }
        return Collections.unmodifiableList(all);
    }

    static <T extends ConnectionInfo> Stream<T> stream(ConnectionEnumerator enumerator, ConnectionQuery<T> query,
                                                       PageSize pageSize) {
        Cursor<T> cursor = new Cursor<>(enumerator, query, pageSize);
        Spliterator<T> entries = new Spliterators.AbstractSpliterator<>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            private final ArrayDeque<T> buffered = new ArrayDeque<>();

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                while (buffered.isEmpty()) {
                    ConnectionPage<T> page;
                    try {
                        page = cursor.next();
                    } catch (NetConnException e) {
                        throw new UncheckedNetConnException(e);
                    }
                    if (page == null) {
                        return false;
                    }
                    buffered.addAll(page.entries());
                }
                action.accept(buffered.poll());
                return true;
            }
        };
        return StreamSupport.stream(entries, false);
    }

    /**
     * Walks the pages of one enumeration. A resume handle that was already sent means the
     * server made no progress: sending it again would repeat a page for ever, so it ends
     * the walk with a protocol error instead. That catches a stuck handle (the same one
     * back, with or without entries) and any longer cycle. A server that keeps sending new
     * handles with no entries is cut off after {@value #MAX_EMPTY_PAGES_IN_A_ROW} such pages.
     */
    static final class Cursor<T extends ConnectionInfo> {
        static final int MAX_EMPTY_PAGES_IN_A_ROW = 16;

        private final ConnectionEnumerator enumerator;
        private final ConnectionQuery<T> query;
        private final PageSize pageSize;
        /** The values sent: a record's own hashCode would cost a fresh JVM its method-handle set-up (BENCHMARKS.md). */
        private final Set<Long> sent = new HashSet<>();
        private ResumeHandle next = ResumeHandle.START;
        private int emptyPagesInARow;
        private boolean done;

        Cursor(ConnectionEnumerator enumerator, ConnectionQuery<T> query, PageSize pageSize) {
            this.enumerator = enumerator;
            this.query = query;
            this.pageSize = pageSize;
        }

        /** The next page, or null when the previous one was the last. */
        ConnectionPage<T> next() throws NetConnException {
            if (done) {
                return null;
            }
            sent.add(next.value());
            ConnectionPage<T> page = enumerator.enumeratePage(query, pageSize, next);
            if (!page.moreData()) {
                done = true;
                return page;
            }
            emptyPagesInARow = page.entries().isEmpty() ? emptyPagesInARow + 1 : 0;
            if (sent.contains(page.resumeHandle().value())) {
                throw noProgress(page, "resume handle " + page.resumeHandle().value() + ", which was already sent");
            }
            if (emptyPagesInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
                throw noProgress(page, "no entries for the " + emptyPagesInARow + "th page in a row");
            }
            next = page.resumeHandle();
            return page;
        }

        private ProtocolViolationException noProgress(ConnectionPage<T> page, String what) {
            done = true;
            return new ProtocolViolationException(String.format(
                    "paging made no progress: the server answered ERROR_MORE_DATA with %s"
                            + " (page %d for qualifier '%s', %d entries in it)",
                    what, sent.size(), query.qualifier().wireValue(), page.entries().size()), null);
        }
    }
}
