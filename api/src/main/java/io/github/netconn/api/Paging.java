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

/** The paging loop of C7 (S7, F7), written once for every port and adapter. */
final class Paging {

    private Paging() {
    }

    /** One call of a port's {@code enumeratePage} for one query and page size. */
    @FunctionalInterface
    interface Fetch<T> {
        Page<T> page(ResumeHandle resume) throws NetConnException;
    }

    /**
     * @param what the query, for the message of a paging error ({@code qualifier 'DATA'})
     */
    static <T> List<T> collect(Fetch<T> fetch, String what) throws NetConnException {
        Cursor<T> cursor = new Cursor<>(fetch, what);
        List<T> all = new ArrayList<>();
        for (Page<T> page = cursor.next(); page != null; page = cursor.next()) {
            all.addAll(page.entries());
        }
        return Collections.unmodifiableList(all);
    }

    static <T> Stream<T> stream(Fetch<T> fetch, String what) {
        Cursor<T> cursor = new Cursor<>(fetch, what);
        Spliterator<T> entries = new Spliterators.AbstractSpliterator<>(
                Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            private final ArrayDeque<T> buffered = new ArrayDeque<>();

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                while (buffered.isEmpty()) {
                    Page<T> page;
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
    static final class Cursor<T> {
        static final int MAX_EMPTY_PAGES_IN_A_ROW = 16;

        private final Fetch<T> fetch;
        private final String what;
        /** The values sent: a record's own hashCode would cost a fresh JVM its method-handle set-up (BENCHMARKS.md). */
        private final Set<Long> sent = new HashSet<>();
        private ResumeHandle next = ResumeHandle.START;
        private int emptyPagesInARow;
        private boolean done;

        Cursor(Fetch<T> fetch, String what) {
            this.fetch = fetch;
            this.what = what;
        }

        /** The next page, or null when the previous one was the last. */
        Page<T> next() throws NetConnException {
            if (done) {
                return null;
            }
            sent.add(next.value());
            Page<T> page = fetch.page(next);
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

        private ProtocolViolationException noProgress(Page<T> page, String problem) {
            done = true;
            return new ProtocolViolationException(String.format(
                    "paging made no progress: the server answered ERROR_MORE_DATA with %s"
                            + " (page %d for %s, %d entries in it)",
                    problem, sent.size(), what, page.entries().size()), null);
        }
    }
}
