package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** C7 and C8: the paging loop of enumerateAll and stream, against in-memory page sources. */
class PagingTest {

    private static final ConnectionQuery<ConnectionInfo.Level0> QUERY = ConnectionQuery.on("fs01",
            Qualifier.of("DATA"), ConnectionLevel.LEVEL_0);

    /** Answers from a list of entries, honouring the page size as 4 bytes per entry; records each call. */
    private static final class Paged implements ConnectionEnumerator {
        final List<ConnectionInfo> entries;
        final List<Long> handlesSeen = new ArrayList<>();
        boolean ignorePageSize;
        long resumeAtEnd;

        Paged(int count) {
            entries = LongStream.rangeClosed(1, count).mapToObj(ConnectionInfo.Level0::new)
                    .collect(Collectors.toList());
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume) {
            handlesSeen.add(resume.value());
            int start = (int) Math.min(resume.value(), entries.size());
            int fit = ignorePageSize || pageSize.isAll() ? entries.size()
                    : (int) Math.max(1, pageSize.preferredMaximumLength() / 4);
            int end = Math.min(entries.size(), start + fit);
            boolean more = end < entries.size();
            return new Page<>(query.level().cast(entries.subList(start, end)), entries.size() - start,
                    new ResumeHandle(more ? end : resumeAtEnd), more);
        }

        @Override
        public void close() {
        }
    }

    /** Answers the pages given, in turn; fails the test if asked for more. */
    private static final class Scripted implements ConnectionEnumerator {
        final Iterator<Page<?>> pages;
        final List<Long> handlesSeen = new ArrayList<>();

        Scripted(Page<?>... pages) {
            this.pages = List.of(pages).iterator();
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume) {
            handlesSeen.add(resume.value());
            assertTrue(pages.hasNext(), "the loop asked for a page after the last one");
            return pages.next().as(query.level());
        }

        @Override
        public void close() {
        }
    }

    private static Page<?> page(long resume, boolean more, long... ids) {
        List<ConnectionInfo> entries = LongStream.of(ids).mapToObj(ConnectionInfo.Level0::new)
                .collect(Collectors.toList());
        return new Page<>(entries, ids.length, new ResumeHandle(resume), more);
    }

    private static List<Long> ids(List<? extends ConnectionInfo> entries) {
        return entries.stream().map(ConnectionInfo::id).collect(Collectors.toList());
    }

    @Test
    void severalPagesUnionToTheOneShotResult() throws NetConnException {
        Paged server = new Paged(10);
        List<? extends ConnectionInfo> oneShot = server.enumerateAll(QUERY);
        assertEquals(List.of(0L), server.handlesSeen);

        server.handlesSeen.clear();
        List<? extends ConnectionInfo> paged = server.enumerateAll(QUERY, PageSize.ofBytes(12));
        assertEquals(oneShot, paged);
        assertEquals(List.of(0L, 3L, 6L, 9L), server.handlesSeen);
        assertEquals(LongStream.rangeClosed(1, 10).boxed().collect(Collectors.toList()), ids(paged));
    }

    @Test
    void theResultIsUnmodifiable() throws NetConnException {
        List<ConnectionInfo.Level0> all = new Paged(2).enumerateAll(QUERY);
        assertThrows(UnsupportedOperationException.class, () -> all.add(new ConnectionInfo.Level0(3)));
    }

    @Test
    void anEmptyLastPageEndsTheLoop() throws NetConnException {
        Scripted server = new Scripted(page(2, true, 1, 2), page(4, true, 3, 4), page(4, false));
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(server.enumerateAll(QUERY, PageSize.ofBytes(8))));
        assertEquals(List.of(0L, 2L, 4L), server.handlesSeen);
    }

    @Test
    void aServerThatIgnoresThePageSizeGivesTheSameResult() throws NetConnException {
        Paged honouring = new Paged(7);
        Paged ignoring = new Paged(7);
        ignoring.ignorePageSize = true;
        ignoring.resumeAtEnd = 7; // Samba returns the count, not 0, with the last page
        assertEquals(honouring.enumerateAll(QUERY, PageSize.ofBytes(4)),
                ignoring.enumerateAll(QUERY, PageSize.ofBytes(4)));
        assertEquals(List.of(0L), ignoring.handlesSeen);
    }

    @Test
    void aNonZeroHandleWithTheLastPageIsIgnored() throws NetConnException {
        Scripted server = new Scripted(page(0xFFFF_FFFFL, false, 5));
        assertEquals(List.of(5L), ids(server.enumerateAll(QUERY)));
    }

    @Test
    void aStuckResumeHandleWithoutEntriesEndsInAProtocolError() {
        Scripted server = new Scripted(page(7, true, 1), page(7, true));
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                () -> server.enumerateAll(QUERY, PageSize.ofBytes(4)));
        assertEquals("paging made no progress: the server answered ERROR_MORE_DATA with resume handle 7,"
                + " which was already sent (page 2 for qualifier 'DATA', 0 entries in it)", e.getMessage());
        assertEquals(List.of(0L, 7L), server.handlesSeen);
    }

    @Test
    void aStuckResumeHandleWithEntriesEndsInAProtocolErrorToo() {
        Scripted server = new Scripted(page(3, true, 1, 2, 3), page(3, true, 1, 2, 3));
        assertThrows(ProtocolViolationException.class, () -> server.enumerateAll(QUERY, PageSize.ofBytes(12)));
    }

    @Test
    void moreDataWithTheStartHandleIsNoProgress() {
        Scripted server = new Scripted(page(0, true));
        assertThrows(ProtocolViolationException.class, () -> server.enumerateAll(QUERY));
        assertEquals(List.of(0L), server.handlesSeen);
    }

    @Test
    void aCycleOfHandlesIsCaught() {
        Scripted server = new Scripted(page(1, true, 1), page(2, true, 2), page(1, true, 3));
        assertThrows(ProtocolViolationException.class, () -> server.enumerateAll(QUERY));
        assertEquals(List.of(0L, 1L, 2L), server.handlesSeen);
    }

    @Test
    void endlessEmptyPagesWithNewHandlesAreCutOff() {
        ConnectionEnumerator server = new ConnectionEnumerator() {
            int calls;

            @Override
            public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                    PageSize pageSize, ResumeHandle resume) {
                assertTrue(++calls <= Paging.Cursor.MAX_EMPTY_PAGES_IN_A_ROW, "not cut off");
                return page(resume.value() + 1, true).as(query.level());
            }

            @Override
            public void close() {
            }
        };
        ProtocolViolationException e = assertThrows(ProtocolViolationException.class, () -> server.enumerateAll(QUERY));
        assertTrue(e.getMessage().contains("no entries for the 16th page in a row"), e.getMessage());
    }

    @Test
    void afewEmptyPagesBetweenEntriesAreAllowed() throws NetConnException {
        Scripted server = new Scripted(page(1, true), page(2, true, 1), page(3, true), page(3, false, 2));
        assertEquals(List.of(1L, 2L), ids(server.enumerateAll(QUERY)));
    }

    @Test
    void theStreamFetchesEachPageOnlyWhenItIsReached() {
        Paged server = new Paged(10);
        Stream<ConnectionInfo.Level0> stream = server.stream(QUERY, PageSize.ofBytes(12));
        assertEquals(List.of(), server.handlesSeen, "nothing is fetched before a terminal operation");
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(stream.limit(4).collect(Collectors.toList())));
        assertEquals(List.of(0L, 3L), server.handlesSeen);
    }

    @Test
    void theStreamGivesEverythingInOrder() throws NetConnException {
        Paged server = new Paged(100);
        assertEquals(server.enumerateAll(QUERY), server.stream(QUERY, PageSize.ofBytes(28)).collect(Collectors.toList()));
    }

    @Test
    void aFailureInTheStreamArrivesUncheckedWithTheCause() {
        NetApiStatusException denied = new NetApiStatusException(5, null);
        ConnectionEnumerator server = new ConnectionEnumerator() {
            @Override
            public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                    PageSize pageSize, ResumeHandle resume)
                    throws NetConnException {
                if (resume.value() == 0) {
                    return page(1, true, 1).as(query.level());
                }
                throw denied;
            }

            @Override
            public void close() {
            }
        };
        Iterator<ConnectionInfo.Level0> entries = server.stream(QUERY, PageSize.ALL).iterator();
        assertEquals(1, entries.next().id());
        UncheckedNetConnException e = assertThrows(UncheckedNetConnException.class, entries::hasNext);
        assertSame(denied, e.getCause());
        NetApiStatusException thrown = assertThrows(NetApiStatusException.class, () -> server.enumerateAll(QUERY));
        assertSame(denied, thrown);
    }
}
