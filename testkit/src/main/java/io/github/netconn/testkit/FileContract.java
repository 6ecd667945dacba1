package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FilePermissions;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetApiStatusException.Kind;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scenario rules of the {@link FileEnumerator} contract (F1-F13 in its Javadoc): each
 * loads a {@link Scenario} with open files into a {@link ScenarioServer} (the scripted server,
 * the native stand-in of Netapi32, or {@link MemoryServer}), queries it through the adapter
 * under test and compares with what {@link Scenario#answerFiles} says (SCENARIO.md rules
 * 15-18). An adapter's test subclasses this class and implements
 * {@link #startScenarioServer()} and {@link #enumerator}; the Samba rules of the port are
 * {@link SambaFileContract}'s. What this part shares with the other ports' is in
 * {@link ScenarioPart}. A rule this class cannot check for an adapter is skipped with the
 * reason, never passed.
 *
 * <p>Each test is named after its rule ({@code f07_...} checks F7) and says in its Javadoc
 * what to look at when it fails.
 */
public abstract class FileContract extends ScenarioPart<FileEnumerator> {

    // ---------------------------------------------------------------- helpers

    private <T extends FileInfo> FileQuery<T> query(FileLevel<T> level) {
        return new FileQuery<>(server().serverName(), Optional.empty(), Optional.empty(), level);
    }

    /** {@code level}'s query with a base-path and a user filter, each null for none. */
    private <T extends FileInfo> FileQuery<T> query(FileLevel<T> level, String basePath, String user) {
        FileQuery<T> q = query(level);
        q = basePath == null ? q : q.under(basePath);
        return user == null ? q : q.ofUser(user);
    }

    /** What the scenario says a full enumeration returns, or the status it fails with. */
    static Object expected(Scenario scenario, FileQuery<?> query) {
        return expected(ask(scenario, query), ReferenceFileEnumerator::entries);
    }

    /** The pages the scenario says come back with {@code pageSize}. */
    static List<Page<?>> expectedPages(Scenario scenario, FileQuery<?> query, PageSize pageSize) {
        return expectedPages(ask(scenario, query), ReferenceFileEnumerator::entries, pageSize);
    }

    private static Ask<Scenario.OpenFile> ask(Scenario scenario, FileQuery<?> query) {
        return (prefMaxLen, resume) -> scenario.answerFiles(Account.ADMIN.user(), query.level().value(),
                query.basePath().orElse(null), query.user().orElse(null), prefMaxLen, resume);
    }

    private static List<FileInfo> all(FileEnumerator e, FileQuery<?> q) throws NetConnException {
        return List.copyOf(e.enumerateAll(q));
    }

    /** The query in a few words, for messages. */
    static String what(FileQuery<?> q) {
        return q.basePath().map(p -> "base path " + p).orElse("every path") + ", "
                + q.user().map(u -> "user " + u).orElse("every user") + ", " + q.level();
    }

    private static Refusal<FileEnumerator> refusal(FileQuery<?> q, long code, Kind kind) {
        return new Refusal<>(what(q), e -> e.enumerateAll(q), code, kind);
    }

    /**
     * {@code count} open files in three directories of {@code C:\data}, opened by alice, bob and
     * carol in turn, with every field varying and some paths and users NULL.
     */
    static List<Scenario.OpenFile> many(int count) {
        List<Scenario.OpenFile> list = new ArrayList<>(count);
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < count; i++) {
            list.add(new Scenario.OpenFile(1000 + i, 1 + i % 7, i % 3,
                    i % 8 == 7 ? null : String.format("C:\\data\\dir%d\\file%04d.txt", i % 3, i),
                    i % 9 == 8 ? null : users[i % 3]));
        }
        return list;
    }

    /** Forty open files and a few unusual ones: another drive, all-ones values with strings outside the BMP, NULLs. */
    static List<Scenario.OpenFile> richFiles() {
        List<Scenario.OpenFile> list = new ArrayList<>(many(40));
        list.add(new Scenario.OpenFile(7, 3, 1, "D:\\other\\report.txt", "admin"));
        list.add(new Scenario.OpenFile(0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL,
                "C:\\DATA\\\u00E9t\u00E9\\\uD83D\uDE00.txt", "\uD83D\uDE00 \u00E9t\u00E9 \u4E2D\u6587"));
        list.add(new Scenario.OpenFile(3, 0, 0, null, null));
        return list;
    }

    /** The sessions' rich scenario, which holds {@link #richFiles()}. */
    static Scenario rich() {
        return SessionContract.rich();
    }

    // ---------------------------------------------------------------- F1, F2

    /**
     * F1: the base-path and user filters reach the server, each alone and both together, and
     * each at the limit of 1,023 characters, whole; one character more cannot even be made. A
     * filter that matches nothing is an empty list, not a failure. <em>If this fails:</em> look
     * at which filter goes in which parameter (BasePath first, then UserName), and at strings
     * cut or re-validated on the way out.
     */
    @Test
    public void f01_filtersReachTheServer() throws Exception {
        Scenario scenario = rich();
        serve(scenario);
        String[][] filters = {{null, null}, {"C:\\data\\dir1", null}, {"c:\\DATA", null}, {"C:\\da", null},
                              {"D:\\", null}, {null, "alice"}, {null, "ALICE"}, {"C:\\data\\dir2", "bob"},
                              {"Q:\\none", null}, {null, "nobody"}};
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String[] filter : filters) {
                FileQuery<?> q = query(FileLevel.LEVEL_3, filter[0], filter[1]);
                assertEquals(expected(scenario, q), all(e, q), what(q));
            }
        }
        String path = "C:\\" + "p".repeat(1018) + "\uD83D\uDE00";
        String user = "u".repeat(1023);
        Scenario longNames = Scenario.empty().withFiles(List.of(Scenario.OpenFile.of(1, "C:\\x", "alice"),
                Scenario.OpenFile.of(2, path, user), Scenario.OpenFile.of(3, path.substring(0, 1010) + "X", "bob")));
        serve(longNames);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (FileQuery<?> q : List.of(query(FileLevel.LEVEL_3, path, null), query(FileLevel.LEVEL_3, null, user),
                    query(FileLevel.LEVEL_3, path, user))) {
                List<FileInfo> found = all(e, q);
                assertEquals(expected(longNames, q), found, "1,023-character filters");
                assertEquals(1, found.size(), "files under the 1,023-character path and of the 1,023-character user");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> query(FileLevel.LEVEL_2).under("C:\\" + "p".repeat(1021)),
                "the port refuses a 1,024-character base path before any adapter sees it");
        assertThrows(IllegalArgumentException.class, () -> query(FileLevel.LEVEL_2).ofUser("u".repeat(1024)),
                "the port refuses a 1,024-character user before any adapter sees it");
    }

    /**
     * F2: {@code \\name} and {@code name} reach the same server. <em>If this fails:</em> the
     * adapter uses {@code FileQuery.server()} raw somewhere it should not, or adds backslashes
     * twice.
     */
    @Test
    public void f02_backslashedServerNameIsTheSameHost() throws Exception {
        assertBackslashedServerNameIsTheSameHost(rich(), server -> e -> all(e, FileQuery.on(server,
                FileLevel.LEVEL_3)));
    }

    // ---------------------------------------------------------------- F3, F4, F5, F6

    /**
     * F3: level 2 gives ids only, level 3 every field, with and without filters; a server that
     * does not serve level 2 (Samba) answers ERROR_INVALID_LEVEL, of kind INVALID_LEVEL, and
     * still serves level 3. <em>If this fails:</em> look at the level switch of the decoder and
     * at the level number sent.
     */
    @Test
    public void f03_levelsGiveIdsOrEverything() throws Exception {
        Scenario scenario = rich();
        serve(scenario);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (FileLevel<?> level : FileLevel.values()) {
                for (FileQuery<?> q : List.of(query(level), query(level, "C:\\data\\dir0", null),
                        query(level, null, "carol"))) {
                    List<FileInfo> actual = all(e, q);
                    assertEquals(expected(scenario, q), actual, what(q));
                    actual.forEach(entry -> assertInstanceOf(level.type(), entry, what(q)));
                }
            }
        }
        Scenario samba = scenario.withQuirks(Scenario.Quirks.NONE.withSambaSessionsFiles(true));
        serve(samba);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            FileQuery<?> three = query(FileLevel.LEVEL_3);
            assertEquals(expected(samba, three), all(e, three), "level 3 on a server serving level 3 only");
            refusal(query(FileLevel.LEVEL_2), 124, Kind.INVALID_LEVEL).check(e);
        }
    }

    /**
     * F4: the page size reaches the server as PreferedMaximumLength: a small page size gives
     * exactly the first page the server computes, with ERROR_MORE_DATA. <em>If this fails:</em>
     * the adapter sends MAX_PREFERRED_LENGTH or another constant instead of
     * {@code PageSize.preferredMaximumLength()}.
     */
    @Test
    public void f04_pageSizeReachesTheServer() throws Exception {
        Scenario scenario = rich();
        FileQuery<?> q = query(FileLevel.LEVEL_3);
        assertPageSizeReachesTheServer(scenario, (e, size) -> e.enumeratePage(q, size, ResumeHandle.START),
                size -> expectedPages(scenario, q, size).get(0));
    }

    /**
     * F5: every field round-trips exactly: 0xFFFFFFFF stays 4294967295 (id, lock count, and the
     * permissions, whose raw value is kept with bits no flag names), strings outside the BMP
     * survive, NULL strings stay absent, empty strings stay empty, 1,023-character paths arrive
     * whole. <em>If this fails:</em> look for signed ints, permissions masked to the known bits,
     * UCS-2 assumptions, {@code String.valueOf(null)}, or a length off by the NUL.
     */
    @Test
    public void f05_fieldsRoundTripExactly() throws Exception {
        long max = 0xFFFF_FFFFL;
        String longPath = "C:\\" + "n".repeat(1018) + "\uD83D\uDE00";
        String odd = "\uD83D\uDE00\uD834\uDD1E \u00E9\u4E2D";
        Scenario scenario = Scenario.empty().withFiles(List.of(
                new Scenario.OpenFile(max, max, max, "C:\\" + odd, odd),
                new Scenario.OpenFile(0, 0, 0, null, null),
                new Scenario.OpenFile(1, 4, 1, "", ""),
                new Scenario.OpenFile(2, 0x8000_0003L, 2, longPath, longPath.substring(3)),
                new Scenario.OpenFile(3, 7, 3, "\\\\?\\C:\\x", "x")));
        serve(scenario);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (FileLevel<?> level : FileLevel.values()) {
                FileQuery<?> q = query(level);
                assertEquals(expected(scenario, q), all(e, q), level.toString());
            }
            FileInfo.Level3 first = e.enumerateAll(query(FileLevel.LEVEL_3)).get(0);
            assertEquals(new FileInfo.Level3(max, FilePermissions.of(max), max, Optional.of("C:\\" + odd),
                    Optional.of(odd)), first, "the all-ones file at level 3");
        }
    }

    /**
     * F6: entries come in the order the server sent them, not sorted. <em>If this fails:</em>
     * the adapter collects entries into a hash or sorted collection.
     */
    @Test
    public void f06_entriesComeInServerOrder() throws Exception {
        long[] ids = {42, 7, 0xFFFF_FFFFL, 0, 99, 7, 13};
        List<Scenario.OpenFile> list = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            list.add(Scenario.OpenFile.of(ids[i], "C:\\Z" + i, "u" + (ids.length - i)));
        }
        serve(Scenario.empty().withFiles(list));
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            List<Long> order = all(e, query(FileLevel.LEVEL_2)).stream().map(FileInfo::id)
                    .collect(Collectors.toList());
            assertEquals(List.of(42L, 7L, 0xFFFF_FFFFL, 0L, 99L, 7L, 13L), order);
        }
    }

    // ---------------------------------------------------------------- F7, F8

    /**
     * F7: with small pages, each page is the one the server computes (entries, hint, resume
     * handle, more-data flag), and the union of the pages, by list and by stream, equals the
     * one-shot result, with and without a filter. <em>If this fails:</em> look at how the resume
     * handle is encoded and decoded in NetrFileEnum, and at ERROR_MORE_DATA being treated as a
     * failure.
     */
    @Test
    public void f07_pagesUnionToFullResult() throws Exception {
        Scenario scenario = Scenario.empty().withFiles(many(2_000));
        serve(scenario);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (FileQuery<?> q : List.of(query(FileLevel.LEVEL_3),
                    query(FileLevel.LEVEL_3, "C:\\data\\dir1", "bob"))) {
                List<FileInfo> oneShot = all(e, q);
                assertEquals(expected(scenario, q), oneShot, "one-shot result of " + what(q));
                PageSize small = PageSize.ofBytes(1_024);
                assertPages(expectedPages(scenario, q, small), resume -> e.enumeratePage(q, small, resume));
                assertEquals(oneShot, e.enumerateAll(q, small), "enumerateAll with small pages, " + what(q));
                assertEquals(oneShot, e.stream(q, small).collect(Collectors.toList()),
                        "stream with small pages, " + what(q));
            }
            FileQuery<?> ids = query(FileLevel.LEVEL_2);
            assertEquals(all(e, ids), e.enumerateAll(ids, PageSize.ofBytes(40)), "level 2 in pages of ten");
        }
    }

    /**
     * F7: a server that answers ERROR_MORE_DATA without progress ends the loop with a
     * ProtocolViolationException, quickly. <em>If this fails:</em> the adapter overrides
     * enumerateAll or stream without the port's no-progress guard.
     */
    @Test
    public void f07_noProgressEndsInAProtocolError() throws Exception {
        assertNoProgressEndsInAProtocolError(rich(),
                e -> e.enumerateAll(query(FileLevel.LEVEL_3), PageSize.ofBytes(100)));
    }

    /**
     * F8: server quirks give the same results as a server without them: a server that ignores
     * the page size, sends the count as the resume handle of its last page and a NULL array for
     * no entries; and Samba's way with files (level 3 only, the user filter honoured, the base
     * path, the page size and the resume handle ignored: every call lists every file from the
     * first and sends the handle back as it came, never with "more data"), whose answer to a
     * query without a base path is the plain server's, and to one with a base path every file of
     * its user filter. <em>If this fails:</em> the decoder rejects a NULL buffer, the loop trusts
     * the last handle, or the adapter drops files the server sent.
     */
    @Test
    public void f08_serverQuirksGiveTheSameResult() throws Exception {
        Scenario plain = rich();
        Map<String, List<FileInfo>> withoutQuirks = new LinkedHashMap<>();
        List<FileQuery<?>> queries = List.of(query(FileLevel.LEVEL_3), query(FileLevel.LEVEL_3, null, "alice"),
                query(FileLevel.LEVEL_3, null, "nobody"));
        serve(plain);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (FileQuery<?> q : queries) {
                withoutQuirks.put(what(q), List.copyOf(e.enumerateAll(q, PageSize.ofBytes(300))));
            }
        }
        List<Expectation<FileEnumerator>> same = new ArrayList<>();
        List<Expectation<FileEnumerator>> sambas = new ArrayList<>();
        for (FileQuery<?> q : queries) {
            FileQuery<?> under = query(FileLevel.LEVEL_3, "C:\\data\\dir1", q.user().orElse(null));
            for (PageSize size : List.of(PageSize.ofBytes(300), PageSize.ALL)) {
                Call<FileEnumerator> call = e -> List.copyOf(e.enumerateAll(q, size));
                same.add(new Expectation<>(what(q) + ", " + size, call, withoutQuirks.get(what(q))));
                sambas.add(new Expectation<>(what(q) + ", " + size, call, withoutQuirks.get(what(q))));
                sambas.add(new Expectation<>(what(under) + " (a base path Samba ignores), " + size,
                        e -> List.copyOf(e.enumerateAll(under, size)), withoutQuirks.get(what(q))));
            }
        }
        assertQuirkyServerGives(plain.withQuirks(PAGING_QUIRKS),
                "with the page size ignored, the count as the last handle and NULL for no entries", same);
        Scenario samba = plain.withQuirks(Scenario.Quirks.samba());
        assertQuirkyServerGives(samba, "with Samba's quirks", sambas);
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            Page<?> none = e.enumeratePage(query(FileLevel.LEVEL_3, null, "nobody"), PageSize.ALL, ResumeHandle.START);
            assertEquals(List.of(), none.entries(), "a NULL array is an empty page");
            assertFalse(none.moreData());
            Page<?> again = e.enumeratePage(query(FileLevel.LEVEL_3), PageSize.ofBytes(300), new ResumeHandle(2));
            assertEquals(withoutQuirks.get(what(query(FileLevel.LEVEL_3))), again.entries(),
                    "from resume handle 2, which Samba ignores: every file");
            assertFalse(again.moreData(), "more data from Samba");
            assertEquals(new ResumeHandle(2), again.resumeHandle(), "the handle Samba sends back as it came");
        }
    }

    // ---------------------------------------------------------------- F9

    /**
     * F9: every status the server returns arrives as a NetApiStatusException with the raw code
     * and the right kind: ERROR_ACCESS_DENIED for a denied account, ERROR_INVALID_LEVEL for a
     * level the server does not serve, and any other code by its number (NERR_UserNotFound and
     * NERR_ClientNameNotFound among them, which a server may send though MS-SRVS lists no
     * not-found status for this call; a filter that matches nothing is an empty answer, F1).
     * <em>If this fails:</em> the adapter maps statuses to other exception types, loses the code,
     * takes a not-found status for an empty answer, or lets a runtime exception out.
     */
    @Test
    public void f09_statusesKeepTheirCodeAndKind() throws Exception {
        Scenario scenario = rich();
        FileQuery<?> every = query(FileLevel.LEVEL_3);
        Map<Long, Kind> statuses = statuses(2221L, Kind.NOT_FOUND, 2312L, Kind.NOT_FOUND);
        statuses.putAll(STATUSES);
        assertStatusesKeepTheirCodeAndKind(scenario, what(every), e -> e.enumerateAll(every), List.of(), statuses);
        serve(scenario.withQuirks(Scenario.Quirks.samba()));
        try (FileEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            refusal(query(FileLevel.LEVEL_2, null, "alice"), 124, Kind.INVALID_LEVEL).check(e);
        }
    }

    /**
     * F9: a wrong password is an AuthenticationException, not a status or an I/O error.
     * <em>If this fails:</em> look at how the logon failure from below is mapped.
     */
    @Test
    public void f09_wrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertWrongPasswordIsAnAuthenticationFailure(rich(), e -> e.enumerateAll(query(FileLevel.LEVEL_3)));
    }

    /**
     * F9: a host that does not answer is a HostUnreachableException. <em>If this fails:</em>
     * look at how connection refusal from below is mapped.
     */
    @Test
    public void f09_unreachableHostIsHostUnreachable() throws Exception {
        FileQuery<?> q = new FileQuery<>(server().unreachableServerName(), Optional.empty(), Optional.empty(),
                FileLevel.LEVEL_3);
        assertUnreachableHostIsHostUnreachable(rich(), e -> e.enumerateAll(q));
    }

    /**
     * F9: a server slower than the response time-out gives a NetConnTimeoutException within the
     * time-out plus a small margin. <em>If this fails:</em> the time-out is not passed down to
     * this call, or the call waits for the server regardless.
     */
    @Test
    public void f09_slowServerTimesOut() throws Exception {
        assertSlowServerTimesOut(rich(), e -> e.enumerateAll(query(FileLevel.LEVEL_2)));
    }

    // ---------------------------------------------------------------- F10, F11

    /**
     * F10: a failed call leaves the enumerator usable; handles the server counts go back to
     * where they were; threads the enumerator started end after close. The failure is Samba's
     * ERROR_INVALID_LEVEL for level 2 (NetrFileEnum has no not-found status of its own).
     * <em>If this fails:</em> look for a handle or buffer not released on the failure path, or a
     * thread pool that close() does not shut down.
     */
    @Test
    public void f10_failuresLeakNothingAndLeaveTheEnumeratorUsable() throws Exception {
        Scenario scenario = rich().withQuirks(Scenario.Quirks.samba());
        FileQuery<?> good = query(FileLevel.LEVEL_3);
        assertFailuresLeakNothing(scenario, new Expectation<>(what(good), e -> all(e, good), expected(scenario, good)),
                e -> e.enumerateAll(good, PageSize.ofBytes(200)),
                refusal(query(FileLevel.LEVEL_2), 124, Kind.INVALID_LEVEL));
    }

    /**
     * F11: the password never shows: not in the enumerator's toString, not in any message or
     * trace of a failure. <em>If this fails:</em> look at toString of the options or
     * credentials, and at messages built from them.
     */
    @Test
    public void f11_secretsNeverShown() throws Exception {
        assertSecretsNeverShown(rich(), List.of(e -> e.enumerateAll(query(FileLevel.LEVEL_3)),
                e -> e.enumerateAll(query(FileLevel.LEVEL_2, "Q:\\none", null))));
    }

    // ---------------------------------------------------------------- F12, F13

    /**
     * F12: calls from several threads at once each get their own, correct answer. <em>If this
     * fails:</em> the adapter shares per-call state (a buffer, a pipe, a call id, the level)
     * between threads without locking.
     */
    @Test
    public void f12_concurrentCallsGetCorrectAnswers() throws Exception {
        Scenario scenario = rich();
        List<FileQuery<?>> queries = List.of(query(FileLevel.LEVEL_3), query(FileLevel.LEVEL_2),
                query(FileLevel.LEVEL_3, "C:\\data\\dir1", null), query(FileLevel.LEVEL_3, null, "alice"),
                query(FileLevel.LEVEL_2, "C:\\data", "bob"));
        assertConcurrentCallsGetCorrectAnswers(scenario, queries, FileContract::what,
                (e, q, size) -> e.enumerateAll(q, size), q -> expected(scenario, q));
    }

    /**
     * F12: repeated calls through one enumerator log on once, and so do calls of the other
     * ports it implements. <em>If this fails:</em> the adapter opens a new session per call, or
     * one per port, instead of reusing it.
     */
    @Test
    public void f12_repeatedCallsReuseTheSession() throws Exception {
        assertRepeatedCallsReuseTheSession(rich(), e -> all(e, query(FileLevel.LEVEL_3)), true);
    }

    /**
     * F13: the adapter agrees with the reference adapter on every query of the agreement check
     * (both levels; no filter, a base path, a user, both, ones that match nothing; three page
     * sizes). <em>If this fails:</em> the report names each query and field that differ.
     */
    @Test
    public void f13_agreesWithTheReference() throws Exception {
        assertAgreesWithTheReference(rich().withFiles(many(120)),
                memory -> new ReferenceFileEnumerator(memory, Account.ADMIN, TIMEOUT),
                AgreementCheck.standardFileQueries("C:\\data\\dir1", "alice"));
    }
}
