package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static io.github.netconn.testkit.ContractEnvironment.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.netconn.api.NetApiStatusException.Kind;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionFlags;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scenario rules of the {@link SessionEnumerator} contract (S1-S13 in its Javadoc): each
 * loads a {@link Scenario} with sessions into a {@link ScenarioServer} (the scripted server,
 * the native stand-in of Netapi32, or {@link MemoryServer}), queries it through the adapter
 * under test and compares with what {@link Scenario#answerSessions} says (SCENARIO.md rules
 * 10-14). An adapter's test subclasses this class and implements
 * {@link #startScenarioServer()} and {@link #enumerator}; the Samba rules of the port are
 * {@link SambaSessionContract}'s. What this part shares with the other ports' is in
 * {@link ScenarioPart}. A rule this class cannot check for an adapter is skipped with the
 * reason, never passed.
 *
 * <p>Each test is named after its rule ({@code s07_...} checks S7) and says in its Javadoc
 * what to look at when it fails.
 */
public abstract class SessionContract extends ScenarioPart<SessionEnumerator> {

    // ---------------------------------------------------------------- helpers

    private <T extends SessionInfo> SessionQuery<T> query(SessionLevel<T> level) {
        return new SessionQuery<>(server().serverName(), Optional.empty(), Optional.empty(), level);
    }

    /** {@code level}'s query with a client and a user filter, each null for none. */
    private <T extends SessionInfo> SessionQuery<T> query(SessionLevel<T> level, String client, String user) {
        SessionQuery<T> q = query(level);
        q = client == null ? q : q.fromClient(client);
        return user == null ? q : q.ofUser(user);
    }

    /** What the scenario says a full enumeration returns, or the status it fails with. */
    static Object expected(Scenario scenario, SessionQuery<?> query) {
        return expected(ask(scenario, query), ReferenceSessionEnumerator::entries);
    }

    /** The pages the scenario says come back with {@code pageSize}. */
    static List<Page<?>> expectedPages(Scenario scenario, SessionQuery<?> query, PageSize pageSize) {
        return expectedPages(ask(scenario, query), ReferenceSessionEnumerator::entries, pageSize);
    }

    private static Ask<Scenario.Session> ask(Scenario scenario, SessionQuery<?> query) {
        return (prefMaxLen, resume) -> scenario.answerSessions(Account.ADMIN.user(), query.level().value(),
                query.clientWireValue(), query.user().orElse(null), prefMaxLen, resume);
    }

    private static List<SessionInfo> all(SessionEnumerator e, SessionQuery<?> q) throws NetConnException {
        return List.copyOf(e.enumerateAll(q));
    }

    /** The query in a few words, for messages. */
    static String what(SessionQuery<?> q) {
        return q.client().map(c -> "client \\\\" + c).orElse("every client") + ", "
                + q.user().map(u -> "user " + u).orElse("every user") + ", " + q.level();
    }

    private static Refusal<SessionEnumerator> refusal(SessionQuery<?> q, long code, Kind kind) {
        return new Refusal<>(what(q), e -> e.enumerateAll(q), code, kind);
    }

    /**
     * {@code count} sessions from ten computers ({@code WS0000} to {@code WS0009}, each four
     * times), as alice, bob and carol in turn, with every field varying and some client types
     * and transports NULL.
     */
    static List<Scenario.Session> many(int count) {
        List<Scenario.Session> list = new ArrayList<>(count);
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < count; i++) {
            list.add(new Scenario.Session(String.format("WS%04d", i % 10), users[i % 3], i % 7, 60L * i, i % 5, i % 4,
                    i % 6 == 5 ? null : "Windows 10", i % 4 == 3 ? null : "\\Device\\NetbiosSmb"));
        }
        return list;
    }

    /**
     * Forty sessions and a few unusual ones: an administrator's, all-ones values with strings
     * outside the BMP, NULLs.
     */
    static List<Scenario.Session> richSessions() {
        List<Scenario.Session> list = new ArrayList<>(many(40));
        list.add(new Scenario.Session("WS0001", "admin", 0, 12, 0, 1, "Samba", ""));
        list.add(new Scenario.Session("WS0002", "\uD83D\uDE00 \u00E9t\u00E9 \u4E2D\u6587", 0xFFFF_FFFFL,
                0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL, "\uD83D\uDE00", "\uD834\uDD1E"));
        list.add(new Scenario.Session(null, null, 1, 2, 3, 0, null, null));
        return list;
    }

    /** The connections' rich scenario with {@link #richSessions()} and {@link FileContract#richFiles()}. */
    static Scenario rich() {
        return ScenarioContract.rich().withSessions(richSessions()).withFiles(FileContract.richFiles());
    }

    // ---------------------------------------------------------------- S1, S2

    /**
     * S1: the client and user filters reach the server: a client given with or without
     * {@code \\} is sent with it, the user as given, both together, and each at the limit of
     * 1,023 characters, whole; one character more cannot even be made. <em>If this fails:</em>
     * look at how the client's {@code \\} is added ({@code SessionQuery.clientWireValue()}; sent
     * without it the server answers ERROR_INVALID_PARAMETER), at which filter goes in which
     * parameter, and at strings cut or re-validated on the way out.
     */
    @Test
    public void s01_filtersReachTheServer() throws Exception {
        Scenario scenario = rich();
        serve(scenario);
        String[][] filters = {{null, null}, {"WS0003", null}, {"\\\\WS0003", null}, {"ws0003", null},
                              {null, "alice"}, {null, "ALICE"}, {"WS0003", "bob"}, {"\\\\WS0001", "admin"}};
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String[] filter : filters) {
                SessionQuery<?> q = query(SessionLevel.LEVEL_1, filter[0], filter[1]);
                assertEquals(expected(scenario, q), all(e, q), what(q));
            }
        }
        String client = "C".repeat(1023);
        String user = "\uD83D\uDE00" + "u".repeat(1021);
        Scenario longNames = Scenario.empty().withSessions(List.of(Scenario.Session.of("WS1", "alice"),
                Scenario.Session.of(client, user)));
        serve(longNames);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionQuery<?> q : List.of(query(SessionLevel.LEVEL_10, client, null),
                    query(SessionLevel.LEVEL_10, null, user), query(SessionLevel.LEVEL_10, "\\\\" + client, user))) {
                List<SessionInfo> found = all(e, q);
                assertEquals(expected(longNames, q), found, "1,023-character filters");
                assertEquals(1, found.size(), "sessions of the 1,023-character client and user");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> query(SessionLevel.LEVEL_0).fromClient("C".repeat(1024)),
                "the port refuses a 1,024-character client before any adapter sees it");
        assertThrows(IllegalArgumentException.class, () -> query(SessionLevel.LEVEL_0).ofUser("u".repeat(1024)),
                "the port refuses a 1,024-character user before any adapter sees it");
    }

    /**
     * S2: {@code \\name} and {@code name} reach the same server. <em>If this fails:</em> the
     * adapter uses {@code SessionQuery.server()} raw somewhere it should not, or adds
     * backslashes twice.
     */
    @Test
    public void s02_backslashedServerNameIsTheSameHost() throws Exception {
        assertBackslashedServerNameIsTheSameHost(rich(), server -> e -> all(e, SessionQuery.on(server,
                SessionLevel.LEVEL_1)));
    }

    // ---------------------------------------------------------------- S3, S4, S5, S6

    /**
     * S3: each of the five levels gives its own record with that level's fields, with and
     * without filters; a server that does not serve a level (Samba: 2, 10 and 502) answers
     * ERROR_INVALID_LEVEL, of kind INVALID_LEVEL, and still serves the others. <em>If this
     * fails:</em> look at the level switch of the decoder (which structure each level reads,
     * and the level number sent).
     */
    @Test
    public void s03_everyLevelGivesItsRecords() throws Exception {
        Scenario scenario = rich();
        serve(scenario);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionLevel<?> level : SessionLevel.values()) {
                for (SessionQuery<?> q : List.of(query(level), query(level, "WS0001", null),
                        query(level, null, "carol"))) {
                    List<SessionInfo> actual = all(e, q);
                    assertEquals(expected(scenario, q), actual, what(q));
                    actual.forEach(entry -> assertInstanceOf(level.type(), entry, what(q)));
                }
            }
        }
        Scenario samba = scenario.withQuirks(Scenario.Quirks.NONE.withSambaSessionsFiles(true));
        serve(samba);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionLevel<?> level : SessionLevel.values()) {
                SessionQuery<?> q = query(level);
                if (level == SessionLevel.LEVEL_0 || level == SessionLevel.LEVEL_1) {
                    assertEquals(expected(samba, q), all(e, q), what(q) + " on a server serving levels 0 and 1");
                } else {
                    assertStatus(what(q) + " on a server serving levels 0 and 1", () -> e.enumerateAll(q), 124,
                            Kind.INVALID_LEVEL);
                }
            }
        }
    }

    /**
     * S4: the page size reaches the server as PreferedMaximumLength: a small page size gives
     * exactly the first page the server computes, with ERROR_MORE_DATA. <em>If this fails:</em>
     * the adapter sends MAX_PREFERRED_LENGTH or another constant instead of
     * {@code PageSize.preferredMaximumLength()}.
     */
    @Test
    public void s04_pageSizeReachesTheServer() throws Exception {
        Scenario scenario = rich();
        SessionQuery<?> q = query(SessionLevel.LEVEL_502);
        assertPageSizeReachesTheServer(scenario, (e, size) -> e.enumeratePage(q, size, ResumeHandle.START),
                size -> expectedPages(scenario, q, size).get(0));
    }

    /**
     * S5: every field round-trips exactly at every level: 0xFFFFFFFF stays 4294967295 (open
     * count, flags) and 4294967295 seconds (the times), the flags keep their raw value, strings
     * outside the BMP survive, NULL strings stay absent, empty strings stay empty, 1,023-character
     * names arrive whole. <em>If this fails:</em> look for signed ints, times read from the wrong
     * field or as signed, UCS-2 assumptions, {@code String.valueOf(null)}, or a length off by the
     * NUL.
     */
    @Test
    public void s05_fieldsRoundTripExactly() throws Exception {
        long max = 0xFFFF_FFFFL;
        String longName = "n".repeat(1021) + "\uD83D\uDE00";
        Scenario scenario = Scenario.empty().withSessions(List.of(
                new Scenario.Session("WS1", "\uD83D\uDE00\uD834\uDD1E \u00E9\u4E2D", max, max, max, max,
                        "\u00C9T\u00C9-\uD83D\uDE00", "\\Device\\\uD83D\uDE00"),
                new Scenario.Session(null, null, 0, 0, 0, 0, null, null),
                new Scenario.Session("", "", 1, 1, 1, 2, "", ""),
                new Scenario.Session(longName, longName, 2, 2, 2, 0x8000_0003L, longName, longName),
                new Scenario.Session("WS1", "x", 3, 86_400, 3_600, 1, "Windows 10", "\\Device\\NetbiosSmb")));
        serve(scenario);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionLevel<?> level : SessionLevel.values()) {
                SessionQuery<?> q = query(level);
                assertEquals(expected(scenario, q), all(e, q), level.toString());
            }
            SessionInfo.Level502 first = e.enumerateAll(query(SessionLevel.LEVEL_502, "WS1", null)).get(0);
            assertEquals(new SessionInfo.Level502(Optional.of("WS1"),
                    Optional.of("\uD83D\uDE00\uD834\uDD1E \u00E9\u4E2D"),
                    max, Duration.ofSeconds(max), Duration.ofSeconds(max), SessionFlags.of(max),
                    Optional.of("\u00C9T\u00C9-\uD83D\uDE00"), Optional.of("\\Device\\\uD83D\uDE00")), first,
                    "the all-ones session at level 502");
        }
    }

    /**
     * S6: entries come in the order the server sent them, not sorted. <em>If this fails:</em>
     * the adapter collects entries into a hash or sorted collection.
     */
    @Test
    public void s06_entriesComeInServerOrder() throws Exception {
        List<String> clients = List.of("WS7", "AB", "ZZ", "WS1", "AB", "M");
        List<Scenario.Session> list = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            list.add(Scenario.Session.of(clients.get(i), "u" + (clients.size() - i)));
        }
        serve(Scenario.empty().withSessions(list));
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            List<String> order = all(e, query(SessionLevel.LEVEL_0)).stream()
                    .map(s -> s.clientName().orElse(null)).collect(Collectors.toList());
            assertEquals(clients, order);
        }
    }

    // ---------------------------------------------------------------- S7, S8

    /**
     * S7: with small pages, each page is the one the server computes (entries, hint, resume
     * handle, more-data flag), and the union of the pages, by list and by stream, equals the
     * one-shot result, at level 1 and with a filter at level 502. <em>If this fails:</em> look at
     * how the resume handle is encoded and decoded in NetrSessionEnum, and at ERROR_MORE_DATA
     * being treated as a failure.
     */
    @Test
    public void s07_pagesUnionToFullResult() throws Exception {
        Scenario scenario = Scenario.empty().withSessions(many(2_000));
        serve(scenario);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionQuery<?> q : List.of(query(SessionLevel.LEVEL_1), query(SessionLevel.LEVEL_502, null, "bob"))) {
                List<SessionInfo> oneShot = all(e, q);
                assertEquals(expected(scenario, q), oneShot, "one-shot result of " + what(q));
                PageSize small = PageSize.ofBytes(1_024);
                assertPages(expectedPages(scenario, q, small), resume -> e.enumeratePage(q, small, resume));
                assertEquals(oneShot, e.enumerateAll(q, small), "enumerateAll with small pages, " + what(q));
                assertEquals(oneShot, e.stream(q, small).collect(Collectors.toList()),
                        "stream with small pages, " + what(q));
            }
            SessionQuery<?> names = query(SessionLevel.LEVEL_0);
            assertEquals(all(e, names), e.enumerateAll(names, PageSize.ofBytes(180)), "level 0 in pages of ten");
        }
    }

    /**
     * S7: a server that answers ERROR_MORE_DATA without progress ends the loop with a
     * ProtocolViolationException, quickly. <em>If this fails:</em> the adapter overrides
     * enumerateAll or stream without the port's no-progress guard.
     */
    @Test
    public void s07_noProgressEndsInAProtocolError() throws Exception {
        assertNoProgressEndsInAProtocolError(rich(),
                e -> e.enumerateAll(query(SessionLevel.LEVEL_1), PageSize.ofBytes(100)));
    }

    /**
     * S8: server quirks give the same results as a server without them: a server that ignores
     * the page size, sends the count as the resume handle of its last page and a NULL array for
     * no entries; and Samba's way with sessions (levels 0 and 1 only, the page size and both
     * filters ignored, the resume handle an index, with the count sent back after the whole
     * list), whose answer to a query without filters is the plain server's, and to a filtered
     * one every session. <em>If this fails:</em> the decoder rejects a NULL buffer, the loop
     * trusts the last handle, or the adapter drops sessions the server sent.
     */
    @Test
    public void s08_serverQuirksGiveTheSameResult() throws Exception {
        Scenario plain = rich();
        Map<String, List<SessionInfo>> withoutQuirks = new LinkedHashMap<>();
        List<SessionQuery<?>> queries = List.of(query(SessionLevel.LEVEL_1), query(SessionLevel.LEVEL_0),
                query(SessionLevel.LEVEL_1, "WS0003", null), query(SessionLevel.LEVEL_1, null, "alice"));
        serve(plain);
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (SessionQuery<?> q : queries) {
                withoutQuirks.put(what(q), List.copyOf(e.enumerateAll(q, PageSize.ofBytes(300))));
            }
        }
        List<Expectation<SessionEnumerator>> same = new ArrayList<>();
        List<Expectation<SessionEnumerator>> sambas = new ArrayList<>();
        for (SessionQuery<?> q : queries) {
            for (PageSize size : List.of(PageSize.ofBytes(300), PageSize.ALL)) {
                Call<SessionEnumerator> call = e -> List.copyOf(e.enumerateAll(q, size));
                same.add(new Expectation<>(what(q) + ", " + size, call, withoutQuirks.get(what(q))));
                sambas.add(new Expectation<>(what(q) + ", " + size, call,
                        withoutQuirks.get(what(query(q.level())))));
            }
        }
        assertQuirkyServerGives(plain.withQuirks(PAGING_QUIRKS),
                "with the page size ignored, the count as the last handle and NULL for no entries", same);
        assertQuirkyServerGives(plain.withQuirks(Scenario.Quirks.samba()),
                "with Samba's quirks (which ignore the filters: every session)", sambas);
        serve(Scenario.empty().withQuirks(Scenario.Quirks.samba()));
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            Page<?> none = e.enumeratePage(query(SessionLevel.LEVEL_1), PageSize.ALL, ResumeHandle.START);
            assertEquals(List.of(), none.entries(), "a NULL array is an empty page");
            assertFalse(none.moreData());
        }
    }

    // ---------------------------------------------------------------- S9

    /**
     * S9: every status the server returns arrives as a NetApiStatusException with the raw code
     * and the right kind: ERROR_ACCESS_DENIED for a denied account, NERR_ClientNameNotFound for
     * an unknown client (also with a user filter: the client is judged first),
     * NERR_UserNotFound for an unknown user, ERROR_INVALID_LEVEL for a level the server does not
     * serve, and any other code by its number. <em>If this fails:</em> the adapter maps
     * statuses to other exception types, loses the code, or lets a runtime exception out.
     */
    @Test
    public void s09_statusesKeepTheirCodeAndKind() throws Exception {
        Scenario scenario = rich();
        SessionQuery<?> every = query(SessionLevel.LEVEL_1);
        assertStatusesKeepTheirCodeAndKind(scenario, what(every), e -> e.enumerateAll(every), List.of(
                refusal(query(SessionLevel.LEVEL_1, "NOSUCH", null), 2312, Kind.NOT_FOUND),
                refusal(query(SessionLevel.LEVEL_0, "\\\\NOSUCH", "alice"), 2312, Kind.NOT_FOUND),
                refusal(query(SessionLevel.LEVEL_10, null, "nobody"), 2221, Kind.NOT_FOUND),
                refusal(query(SessionLevel.LEVEL_502, "WS0003", "admin"), 2221, Kind.NOT_FOUND)), STATUSES);
        serve(scenario.withQuirks(Scenario.Quirks.samba()));
        try (SessionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            refusal(query(SessionLevel.LEVEL_10), 124, Kind.INVALID_LEVEL).check(e);
        }
    }

    /**
     * S9: a wrong password is an AuthenticationException, not a status or an I/O error.
     * <em>If this fails:</em> look at how the logon failure from below is mapped.
     */
    @Test
    public void s09_wrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertWrongPasswordIsAnAuthenticationFailure(rich(), e -> e.enumerateAll(query(SessionLevel.LEVEL_0)));
    }

    /**
     * S9: a host that does not answer is a HostUnreachableException. <em>If this fails:</em>
     * look at how connection refusal from below is mapped.
     */
    @Test
    public void s09_unreachableHostIsHostUnreachable() throws Exception {
        SessionQuery<?> q = new SessionQuery<>(server().unreachableServerName(), Optional.empty(), Optional.empty(),
                SessionLevel.LEVEL_0);
        assertUnreachableHostIsHostUnreachable(rich(), e -> e.enumerateAll(q));
    }

    /**
     * S9: a server slower than the response time-out gives a NetConnTimeoutException within the
     * time-out plus a small margin. <em>If this fails:</em> the time-out is not passed down to
     * this call, or the call waits for the server regardless.
     */
    @Test
    public void s09_slowServerTimesOut() throws Exception {
        assertSlowServerTimesOut(rich(), e -> e.enumerateAll(query(SessionLevel.LEVEL_10)));
    }

    // ---------------------------------------------------------------- S10, S11

    /**
     * S10: a failed call leaves the enumerator usable; handles the server counts go back to
     * where they were; threads the enumerator started end after close. <em>If this fails:</em>
     * look for a handle or buffer not released on the failure path, or a thread pool that close()
     * does not shut down.
     */
    @Test
    public void s10_failuresLeakNothingAndLeaveTheEnumeratorUsable() throws Exception {
        Scenario scenario = rich();
        SessionQuery<?> good = query(SessionLevel.LEVEL_502);
        assertFailuresLeakNothing(scenario, new Expectation<>(what(good), e -> all(e, good), expected(scenario, good)),
                e -> e.enumerateAll(good, PageSize.ofBytes(200)),
                refusal(query(SessionLevel.LEVEL_1, "NOSUCH", null), 2312, Kind.NOT_FOUND));
    }

    /**
     * S11: the password never shows: not in the enumerator's toString, not in any message or
     * trace of a failure. <em>If this fails:</em> look at toString of the options or
     * credentials, and at messages built from them.
     */
    @Test
    public void s11_secretsNeverShown() throws Exception {
        assertSecretsNeverShown(rich(), List.of(e -> e.enumerateAll(query(SessionLevel.LEVEL_1)),
                e -> e.enumerateAll(query(SessionLevel.LEVEL_1, "NOSUCH", null))));
    }

    // ---------------------------------------------------------------- S12, S13

    /**
     * S12: calls from several threads at once each get their own, correct answer. <em>If this
     * fails:</em> the adapter shares per-call state (a buffer, a pipe, a call id, the level)
     * between threads without locking.
     */
    @Test
    public void s12_concurrentCallsGetCorrectAnswers() throws Exception {
        Scenario scenario = rich();
        List<SessionQuery<?>> queries = List.of(query(SessionLevel.LEVEL_1), query(SessionLevel.LEVEL_0),
                query(SessionLevel.LEVEL_502, "WS0001", null), query(SessionLevel.LEVEL_10, null, "alice"),
                query(SessionLevel.LEVEL_2, "WS0003", "bob"));
        assertConcurrentCallsGetCorrectAnswers(scenario, queries, SessionContract::what,
                (e, q, size) -> e.enumerateAll(q, size), q -> expected(scenario, q));
    }

    /**
     * S12: repeated calls through one enumerator log on once, and so do calls of the other
     * ports it implements. <em>If this fails:</em> the adapter opens a new session per call, or
     * one per port, instead of reusing it.
     */
    @Test
    public void s12_repeatedCallsReuseTheSession() throws Exception {
        assertRepeatedCallsReuseTheSession(rich(), e -> all(e, query(SessionLevel.LEVEL_1)), true);
    }

    /**
     * S13: the adapter agrees with the reference adapter on every query of the agreement check
     * (every level; no filter, a client, a user, both, unknown ones; three page sizes).
     * <em>If this fails:</em> the report names each query and field that differ.
     */
    @Test
    public void s13_agreesWithTheReference() throws Exception {
        assertAgreesWithTheReference(rich().withSessions(many(120)),
                memory -> new ReferenceSessionEnumerator(memory, Account.ADMIN, TIMEOUT),
                AgreementCheck.standardSessionQueries("WS0003", "alice"));
    }
}
