package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.MemoryServer;
import io.github.netconn.testkit.ReferenceFileEnumerator;
import io.github.netconn.testkit.ReferenceSessionEnumerator;
import io.github.netconn.testkit.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sessions and open files through the real JNA binding over the native stand-in, held page by page
 * to the testkit's reference adapters ({@link ReferenceSessionEnumerator}, {@link ReferenceFileEnumerator}
 * over a {@link MemoryServer}), which answer from the same scenario with no native code in between:
 * every level, the filters, page sizes from one byte to all, Samba's quirks and failing statuses. Equal
 * pages (entries, total, resume handle, more data) or equal statuses, and every buffer freed exactly once.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the native stand-in is a Linux library")
class Netapi32SessionsFilesTest {

    static StandIn standIn;
    static MemoryServer memory;
    static Netapi32ConnectionEnumerator netapi32;
    static ReferenceSessionEnumerator referenceSessions;
    static ReferenceFileEnumerator referenceFiles;

    @BeforeAll
    static void start() {
        standIn = new StandIn();
        memory = new MemoryServer();
        netapi32 = Netapi32ConnectionEnumerator.builder().library(StandIn.library()).build();
        referenceSessions = new ReferenceSessionEnumerator(memory, Account.ADMIN, Duration.ofSeconds(5));
        referenceFiles = new ReferenceFileEnumerator(memory, Account.ADMIN, Duration.ofSeconds(5));
        assertEquals(StandIn.CALLER, Account.ADMIN.user(), "both sides call as the same user");
    }

    @AfterAll
    static void stop() {
        netapi32.close();
        referenceSessions.close();
        referenceFiles.close();
        memory.close();
        standIn.close();
    }

    static List<Scenario.Session> sessions(int count) {
        List<Scenario.Session> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Scenario.Session(i % 7 == 0 ? null : "WS" + i % 4, Netapi32AgreementTest.oddName(i), i % 11,
                    0xFFFF_FFFFL - i, i * 13L, i % 4, i % 3 == 0 ? null : "Windows " + i,
                    i % 6 == 0 ? null : "\\Device\\NetbiosSmb"));
        }
        return list;
    }

    static List<Scenario.OpenFile> files(int count) {
        List<Scenario.OpenFile> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = i % 9 == 0 ? null : (i % 2 == 0 ? "C:\\data\\" : "C:\\public\\") + "f" + i + "\uD83D\uDE00";
            list.add(new Scenario.OpenFile((long) i << 16 | i, i % 8, 0xFFFF_FFFFL - i, path,
                    i % 5 == 0 ? null : "user" + i % 3));
        }
        return list;
    }

    /** One query of either port: its label and how to ask for one page of it on either side. */
    record Query(String label, Asker netapi32, Asker reference) {
        @Override
        public String toString() {
            return label;
        }
    }

    @FunctionalInterface
    interface Asker {
        Page<?> page(PageSize size, ResumeHandle resume) throws NetConnException;
    }

    static Query sessionQuery(SessionQuery<?> query) {
        return new Query("sessions " + query, (size, resume) -> netapi32.enumeratePage(on(StandIn.SERVER, query),
                size, resume), (size, resume) -> referenceSessions.enumeratePage(on(MemoryServer.NAME, query), size,
                resume));
    }

    static Query fileQuery(FileQuery<?> query) {
        return new Query("files " + query, (size, resume) -> netapi32.enumeratePage(on(StandIn.SERVER, query), size,
                resume), (size, resume) -> referenceFiles.enumeratePage(on(MemoryServer.NAME, query), size, resume));
    }

    static <T extends SessionInfo> SessionQuery<T> on(String server, SessionQuery<T> query) {
        return new SessionQuery<>(server, query.client(), query.user(), query.level());
    }

    static <T extends FileInfo> FileQuery<T> on(String server, FileQuery<T> query) {
        return new FileQuery<>(server, query.basePath(), query.user(), query.level());
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (SessionLevel<?> level : SessionLevel.values()) {
            queries.add(sessionQuery(SessionQuery.local(level)));
            queries.add(sessionQuery(SessionQuery.local(level).fromClient("ws1")));
            queries.add(sessionQuery(SessionQuery.local(level).ofUser("USER5")));
            queries.add(sessionQuery(SessionQuery.local(level).fromClient("\\\\WS2").ofUser("nobody")));
            queries.add(sessionQuery(SessionQuery.local(level).fromClient("NO-SUCH-CLIENT")));
        }
        for (FileLevel<?> level : FileLevel.values()) {
            queries.add(fileQuery(FileQuery.local(level)));
            queries.add(fileQuery(FileQuery.local(level).under("c:\\DATA")));
            queries.add(fileQuery(FileQuery.local(level).ofUser("user1")));
            queries.add(fileQuery(FileQuery.local(level).under("C:\\public").ofUser("nobody")));
        }
        return queries;
    }

    static Stream<Arguments> scenarios() {
        Scenario base = Scenario.empty().withSessions(sessions(40)).withFiles(files(40));
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of("unusual strings", base));
        list.add(Arguments.of("Samba's quirks", base.withQuirks(Scenario.Quirks.samba())));
        list.add(Arguments.of("none", Scenario.empty()));
        list.add(Arguments.of("empty arrays as NULL", Scenario.empty().withQuirks(Scenario.Quirks.samba())));
        for (long status : new long[] {5, 8, 124, 2221, 2312, 0xC000_0022L}) {
            list.add(Arguments.of("status " + status, base.withStatus(status)));
        }
        list.add(Arguments.of("access denied", base.withDeniedUsers(StandIn.CALLER)));
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPageIsTheReferences(String name, Scenario scenario) throws Exception {
        standIn.load(scenario);
        memory.load(scenario);
        List<String> differences = new ArrayList<>();
        for (Query query : queries()) {
            for (PageSize size : List.of(PageSize.ALL, PageSize.ofBytes(1), PageSize.ofBytes(300))) {
                compare(query, size, differences);
            }
        }
        assertTrue(differences.isEmpty(), () -> differences.size() + " differences:\n" + String.join("\n",
                differences.subList(0, Math.min(10, differences.size()))));
        assertEquals(0, standIn.outstandingBuffers(), "buffers not freed");
        assertEquals(0, standIn.badFrees(), "buffers freed twice or never allocated");
    }

    /** Page after page while both say more data (at most 100), each compared; the first difference ends it. */
    private static void compare(Query query, PageSize size, List<String> differences) {
        ResumeHandle resume = ResumeHandle.START;
        for (int page = 0; page < 100; page++) {
            Object left = outcome(query.netapi32(), size, resume);
            Object right = outcome(query.reference(), size, resume);
            if (!left.equals(right)) {
                differences.add(query + ", page size " + size + ", page " + page + ":\n  netapi32:  " + left
                        + "\n  reference: " + right);
                return;
            }
            if (!(left instanceof Page<?> p) || !p.moreData()) {
                return;
            }
            resume = p.resumeHandle();
        }
    }

    /** The page, or the status (or the exception's class for anything else). */
    private static Object outcome(Asker asker, PageSize size, ResumeHandle resume) {
        try {
            return asker.page(size, resume);
        } catch (NetApiStatusException e) {
            return "status " + e.code();
        } catch (NetConnException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** The adapter's loops over the stand-in: every page of a level-502 query of one-byte pages, and a stream. */
    @Test
    void enumerateAllAndStreamGiveEveryEntryOnce() throws Exception {
        Scenario scenario = Scenario.empty().withSessions(sessions(40)).withFiles(files(40));
        standIn.load(scenario);
        memory.load(scenario);
        SessionQuery<?> sessions = SessionQuery.on(StandIn.SERVER, SessionLevel.LEVEL_502);
        assertEquals(40, netapi32.enumerateAll(sessions, PageSize.ofBytes(1)).size());
        assertEquals(netapi32.enumerateAll(sessions), netapi32.stream(sessions, PageSize.ofBytes(1)).toList());
        assertEquals(referenceSessions.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_502)),
                netapi32.enumerateAll(sessions));
        FileQuery<?> files = FileQuery.on(StandIn.SERVER, FileLevel.LEVEL_3).under("C:\\data");
        List<?> expected = referenceFiles.enumerateAll(on(MemoryServer.NAME, files));
        assertEquals(17, expected.size(), "the even files but 0, 18 and 36, which have no path");
        assertEquals(expected, netapi32.enumerateAll(files, PageSize.ofBytes(1)));
        assertEquals(expected, netapi32.stream(files, PageSize.ofBytes(100)).toList());
        assertEquals(0, standIn.outstandingBuffers(), "buffers not freed");
        assertEquals(0, standIn.badFrees(), "buffers freed twice or never allocated");
    }
}
