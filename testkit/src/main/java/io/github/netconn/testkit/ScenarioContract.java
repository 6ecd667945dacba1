package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scenario rules of the {@link ConnectionEnumerator} contract (C1-C13 in its Javadoc):
 * each loads a {@link Scenario} into a {@link ScenarioServer} (the scripted server, the
 * native stand-in of Netapi32, or {@link MemoryServer}), queries it through the adapter under
 * test and compares with what the scenario says. An adapter's test subclasses this class and
 * implements {@link #startScenarioServer()} and {@link #enumerator}; an adapter that can reach
 * a network SMB server also joins {@link SambaContract}, in a class of its own. Both use
 * {@link ContractEnvironment}; what this part shares with the sessions' and open files'
 * ({@link SessionContract}, {@link FileContract}) is in {@link ScenarioPart}. A rule this class
 * cannot check for an adapter is skipped with the reason, never passed.
 *
 * <p>Each test is named after its rule ({@code c07_...} checks C7) and says in its Javadoc
 * what to look at when it fails.
 */
public abstract class ScenarioContract extends ScenarioPart<ConnectionEnumerator> {

    // ---------------------------------------------------------------- helpers

    private <T extends ConnectionInfo> ConnectionQuery<T> query(String qualifier, ConnectionLevel<T> level) {
        return new ConnectionQuery<>(server().serverName(), Qualifier.of(qualifier), level);
    }

    /** What the scenario says a full enumeration returns, or the status it fails with. */
    static Object expected(Scenario scenario, ConnectionQuery<?> query) {
        return expected(ask(scenario, query), ReferenceConnectionEnumerator::entries);
    }

    /** The pages the scenario says come back with {@code pageSize}. */
    static List<Page<?>> expectedPages(Scenario scenario, ConnectionQuery<?> query, PageSize pageSize) {
        return expectedPages(ask(scenario, query), ReferenceConnectionEnumerator::entries, pageSize);
    }

    private static Ask<Scenario.Entry> ask(Scenario scenario, ConnectionQuery<?> query) {
        return (prefMaxLen, resume) -> scenario.answer(Account.ADMIN.user(), query.level().value(),
                query.qualifier().wireValue(), prefMaxLen, resume);
    }

    /** {@code q} must fail with {@code code} of {@code kind}. */
    private static Refusal<ConnectionEnumerator> refusal(ConnectionQuery<?> q, long code,
                                                         NetApiStatusException.Kind kind) {
        return new Refusal<>(q.qualifier().wireValue(), e -> e.enumerateAll(q), code, kind);
    }

    private List<ConnectionInfo> all(ConnectionEnumerator e, ConnectionQuery<?> q) throws NetConnException {
        return List.copyOf(e.enumerateAll(q));
    }

    private static String name(int i) {
        return String.format("WS%04d", i);
    }

    /** {@code count} connections to DATA from distinct computers, as alice and bob in turn. */
    static List<Scenario.Connection> many(int count) {
        List<Scenario.Connection> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Scenario.Connection(1000 + i, 0, i % 7, 1, 60L * i,
                    i % 2 == 0 ? "alice" : "bob", name(i), "DATA"));
        }
        return list;
    }

    /** A scenario with a bit of everything: two shares, several computers, all field kinds. */
    static Scenario rich() {
        List<Scenario.Connection> list = new ArrayList<>(many(40));
        list.add(new Scenario.Connection(7, 0x8000_0003L, 0, 1, 12, "admin", "WS0001", "IPC$"));
        list.add(new Scenario.Connection(0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL,
                "\uD83D\uDE00 \u00E9t\u00E9 \u4E2D\u6587", "WS0002", "PUBLIC"));
        list.add(new Scenario.Connection(3, 1, 2, 3, 4, null, null, "PUBLIC"));
        return Scenario.empty().withShares("DATA", "PUBLIC", "ARCHIVE", "IPC$").withConnections(list);
    }

    // ---------------------------------------------------------------- C1, C2

    /**
     * C1: a qualifier at the limit (1,023 characters) reaches the server unchanged, for a
     * share and for a computer; one character more cannot even be made. <em>If this
     * fails:</em> the adapter trims, re-validates with another limit, or mangles long
     * strings on the way out.
     */
    @Test
    public void c01_qualifierAtTheLimitReachesTheServer() throws Exception {
        String share = "S".repeat(1023);
        String computer = "C".repeat(1021);
        Scenario scenario = Scenario.empty().withConnections(List.of(
                new Scenario.Connection(1, 0, 0, 1, 0, "alice", computer, share)));
        serve(scenario);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            ConnectionQuery<?> byShare = query(share, ConnectionLevel.LEVEL_1);
            ConnectionQuery<?> byComputer = query("\\\\" + computer, ConnectionLevel.LEVEL_1);
            assertEquals(expected(scenario, byShare), all(e, byShare), "1,023-character share");
            assertEquals(expected(scenario, byComputer), all(e, byComputer), "1,023-character computer qualifier");
        }
        assertThrows(IllegalArgumentException.class, () -> Qualifier.of("S".repeat(1024)),
                "the port refuses 1,024 characters before any adapter sees them");
    }

    /**
     * C2: {@code \\name} and {@code name} reach the same server. <em>If this fails:</em>
     * the adapter uses {@code ConnectionQuery.server()} raw somewhere it should not, or
     * adds backslashes twice.
     */
    @Test
    public void c02_backslashedServerNameIsTheSameHost() throws Exception {
        assertBackslashedServerNameIsTheSameHost(rich(), server -> e -> all(e, ConnectionQuery.on(server,
                Qualifier.of("DATA"), ConnectionLevel.LEVEL_1)));
    }

    // ---------------------------------------------------------------- C3, C4, C5, C6

    /**
     * C3: level 0 gives ids only, level 1 every field, for share and computer qualifiers,
     * and the net name follows the qualifier (the computer for a share, the share for a
     * computer). <em>If this fails:</em> look at the level switch of the decoder and at
     * which string is read as the net name.
     */
    @Test
    public void c03_levelsGiveIdsOrEverything() throws Exception {
        Scenario scenario = rich();
        serve(scenario);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String qualifier : List.of("DATA", "PUBLIC", "IPC$", "\\\\WS0001", "\\\\ws0002", "ARCHIVE")) {
                for (ConnectionLevel<?> level : ConnectionLevel.values()) {
                    ConnectionQuery<?> q = query(qualifier, level);
                    List<ConnectionInfo> actual = all(e, q);
                    assertEquals(expected(scenario, q), actual, qualifier + " at " + level);
                    Class<?> type = level == ConnectionLevel.LEVEL_0 ? ConnectionInfo.Level0.class : ConnectionInfo.Level1.class;
                    actual.forEach(entry -> assertInstanceOf(type, entry, qualifier + " at " + level));
                }
            }
        }
    }

    /**
     * C4: the page size reaches the server as PreferedMaximumLength: a small page size
     * gives exactly the first page the server computes, with ERROR_MORE_DATA. <em>If this
     * fails:</em> the adapter sends MAX_PREFERRED_LENGTH or another constant instead of
     * {@code PageSize.preferredMaximumLength()}.
     */
    @Test
    public void c04_pageSizeReachesTheServer() throws Exception {
        Scenario scenario = rich();
        ConnectionQuery<?> q = query("DATA", ConnectionLevel.LEVEL_1);
        assertPageSizeReachesTheServer(scenario, (e, size) -> e.enumeratePage(q, size, ResumeHandle.START),
                size -> expectedPages(scenario, q, size).get(0));
    }

    /**
     * C5: every field round-trips exactly: 0xFFFFFFFF stays 4294967295, strings outside the
     * BMP survive, NULL strings stay absent, empty strings stay empty, 1,023-character names
     * arrive whole. <em>If this fails:</em> look for signed ints, UCS-2 assumptions,
     * {@code String.valueOf(null)}, or a length off by the NUL.
     */
    @Test
    public void c05_fieldsRoundTripExactly() throws Exception {
        long max = 0xFFFF_FFFFL;
        String longName = "n".repeat(1021) + "\uD83D\uDE00";
        Scenario scenario = Scenario.empty().withConnections(List.of(
                new Scenario.Connection(max, max, max, max, max, "\uD83D\uDE00\uD834\uDD1E \u00E9\u4E2D", "WS1", "DATA"),
                new Scenario.Connection(0, 0, 0, 0, 0, null, null, "DATA"),
                new Scenario.Connection(1, 0x8000_0000L, 1, 1, 1, "", "", "DATA"),
                new Scenario.Connection(2, 0x4E00_0002L, 2, 2, 2, longName, longName, "DATA"),
                new Scenario.Connection(3, 3, 3, 3, 3, "x", "WS1", "\u00C9T\u00C9-\uD83D\uDE00")));
        serve(scenario);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String qualifier : List.of("DATA", "\\\\WS1", "\u00C9T\u00C9-\uD83D\uDE00")) {
                ConnectionQuery<?> q = query(qualifier, ConnectionLevel.LEVEL_1);
                assertEquals(expected(scenario, q), all(e, q), qualifier);
            }
            ConnectionQuery<?> ids = query("DATA", ConnectionLevel.LEVEL_0);
            assertEquals(expected(scenario, ids), all(e, ids), "level 0");
        }
    }

    /**
     * C6: entries come in the order the server sent them, not sorted. <em>If this fails:</em>
     * the adapter collects entries into a hash or sorted collection.
     */
    @Test
    public void c06_entriesComeInServerOrder() throws Exception {
        List<Scenario.Connection> list = new ArrayList<>();
        long[] ids = {42, 7, 0xFFFF_FFFFL, 0, 99, 7, 13};
        for (int i = 0; i < ids.length; i++) {
            list.add(Scenario.Connection.of(ids[i], "u" + (ids.length - i), "Z" + i, "DATA"));
        }
        Scenario scenario = Scenario.empty().withConnections(list);
        serve(scenario);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            List<Long> order = all(e, query("DATA", ConnectionLevel.LEVEL_0)).stream().map(ConnectionInfo::id)
                    .collect(Collectors.toList());
            assertEquals(List.of(42L, 7L, 0xFFFF_FFFFL, 0L, 99L, 7L, 13L), order);
        }
    }

    // ---------------------------------------------------------------- C7, C8

    /**
     * C7: with small pages, each page is the one the server computes (entries, hint,
     * resume handle, more-data flag), and the union of the pages, by list and by stream,
     * equals the one-shot result. <em>If this fails:</em> look at how the resume handle is
     * encoded (a unique pointer, referent and value) and decoded, and at ERROR_MORE_DATA
     * being treated as a failure.
     */
    @Test
    public void c07_pagesUnionToFullResult() throws Exception {
        Scenario scenario = Scenario.empty().withConnections(many(2_000));
        serve(scenario);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            ConnectionQuery<?> q = query("DATA", ConnectionLevel.LEVEL_1);
            List<ConnectionInfo> oneShot = all(e, q);
            assertEquals(expected(scenario, q), oneShot, "one-shot result");
            PageSize small = PageSize.ofBytes(1_024);
            assertPages(expectedPages(scenario, q, small), resume -> e.enumeratePage(q, small, resume));
            assertEquals(oneShot, e.enumerateAll(q, small), "enumerateAll with small pages");
            assertEquals(oneShot, e.stream(q, small).collect(Collectors.toList()), "stream with small pages");
            ConnectionQuery<?> ids = query("DATA", ConnectionLevel.LEVEL_0);
            assertEquals(all(e, ids), e.enumerateAll(ids, PageSize.ofBytes(40)), "level 0 in pages of 10");
        }
    }

    /**
     * C7: a server that answers ERROR_MORE_DATA without progress ends the loop with a
     * ProtocolViolationException, quickly. <em>If this fails:</em> the adapter overrides
     * enumerateAll or stream without the port's no-progress guard.
     */
    @Test
    public void c07_noProgressEndsInAProtocolError() throws Exception {
        assertNoProgressEndsInAProtocolError(rich(),
                e -> e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_1), PageSize.ofBytes(100)));
    }

    /**
     * C8: Samba's quirks (page size ignored, the count as the last resume handle, a NULL
     * array for no entries) give the same results as a server without them. <em>If this
     * fails:</em> the decoder rejects a NULL buffer, or the loop trusts the last handle.
     */
    @Test
    public void c08_serverQuirksGiveTheSameResult() throws Exception {
        Scenario plain = rich();
        Map<String, List<ConnectionInfo>> withoutQuirks = new java.util.LinkedHashMap<>();
        List<String> qualifiers = List.of("DATA", "ARCHIVE", "\\\\WS0003");
        serve(plain);
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String qualifier : qualifiers) {
                withoutQuirks.put(qualifier, List.copyOf(e.enumerateAll(query(qualifier, ConnectionLevel.LEVEL_1),
                        PageSize.ofBytes(300))));
            }
        }
        serve(plain.withQuirks(Scenario.Quirks.samba()));
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (String qualifier : qualifiers) {
                for (PageSize size : List.of(PageSize.ofBytes(300), PageSize.ALL)) {
                    assertEquals(withoutQuirks.get(qualifier), e.enumerateAll(query(qualifier, ConnectionLevel.LEVEL_1), size),
                            qualifier + " with Samba's quirks, " + size);
                }
            }
            Page<?> none = e.enumeratePage(query("ARCHIVE", ConnectionLevel.LEVEL_0), PageSize.ALL,
                    ResumeHandle.START);
            assertEquals(List.of(), none.entries(), "a NULL array is an empty page");
            assertFalse(none.moreData());
        }
    }

    // ---------------------------------------------------------------- C9

    /**
     * C9: every status the server returns arrives as a NetApiStatusException with the raw
     * code and the right kind: ERROR_ACCESS_DENIED for a denied account, NERR_NetNameNotFound
     * and NERR_ClientNameNotFound for unknown names, and any other code by its number.
     * <em>If this fails:</em> the adapter maps statuses to other exception types, loses the
     * code, or lets a runtime exception out.
     */
    @Test
    public void c09_statusesKeepTheirCodeAndKind() throws Exception {
        ConnectionQuery<?> data = query("DATA", ConnectionLevel.LEVEL_1);
        assertStatusesKeepTheirCodeAndKind(rich(), "DATA", e -> e.enumerateAll(data),
                List.of(refusal(query("NOSUCH", ConnectionLevel.LEVEL_1), 2310, NetApiStatusException.Kind.NOT_FOUND),
                        refusal(query("\\\\NOSUCH", ConnectionLevel.LEVEL_0), 2312,
                                NetApiStatusException.Kind.NOT_FOUND)),
                STATUSES);
    }

    /**
     * C9: a wrong password is an AuthenticationException, not a status or an I/O error.
     * <em>If this fails:</em> look at how the logon failure from below is mapped.
     */
    @Test
    public void c09_wrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertWrongPasswordIsAnAuthenticationFailure(rich(),
                e -> e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_0)));
    }

    /**
     * C9: a host that does not answer is a HostUnreachableException. <em>If this fails:</em>
     * look at how connection refusal from below is mapped.
     */
    @Test
    public void c09_unreachableHostIsHostUnreachable() throws Exception {
        ConnectionQuery<?> q = new ConnectionQuery<>(server().unreachableServerName(), Qualifier.of("DATA"),
                ConnectionLevel.LEVEL_0);
        assertUnreachableHostIsHostUnreachable(rich(), e -> e.enumerateAll(q));
    }

    /**
     * C9: a server slower than the response time-out gives a NetConnTimeoutException within
     * the time-out plus a small margin. <em>If this fails:</em> the time-out is not passed
     * down, or the call waits for the server regardless.
     */
    @Test
    public void c09_slowServerTimesOut() throws Exception {
        assertSlowServerTimesOut(rich(), e -> e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_0)));
    }

    // ---------------------------------------------------------------- C10

    /**
     * C10: a failed call leaves the enumerator usable; handles the server counts go back to
     * where they were; threads the enumerator started end after close. <em>If this fails:</em>
     * look for a handle or buffer not released on the failure path, or a thread pool that
     * close() does not shut down.
     */
    @Test
    public void c10_failuresLeakNothingAndLeaveTheEnumeratorUsable() throws Exception {
        Scenario scenario = rich();
        ConnectionQuery<?> good = query("DATA", ConnectionLevel.LEVEL_1);
        assertFailuresLeakNothing(scenario, new Expectation<>("DATA", e -> all(e, good), expected(scenario, good)),
                e -> e.enumerateAll(good, PageSize.ofBytes(200)),
                refusal(query("NOSUCH", ConnectionLevel.LEVEL_1), 2310, NetApiStatusException.Kind.NOT_FOUND));
    }


    // ---------------------------------------------------------------- C11

    /**
     * C11: the password never shows: not in the enumerator's toString, not in any message
     * or trace of a failure. <em>If this fails:</em> look at toString of the options or
     * credentials, and at messages built from them.
     */
    @Test
    public void c11_secretsNeverShown() throws Exception {
        List<Call<ConnectionEnumerator>> calls = new ArrayList<>();
        for (String qualifier : List.of("DATA", "NOSUCH")) {
            calls.add(e -> e.enumerateAll(query(qualifier, ConnectionLevel.LEVEL_1)));
        }
        assertSecretsNeverShown(rich(), calls);
    }

    // ---------------------------------------------------------------- C12

    /**
     * C12: calls from several threads at once each get their own, correct answer. <em>If
     * this fails:</em> the adapter shares per-call state (a buffer, a pipe, a call id)
     * between threads without locking.
     */
    @Test
    public void c12_concurrentCallsGetCorrectAnswers() throws Exception {
        Scenario scenario = rich();
        List<ConnectionQuery<?>> queries = List.of(query("DATA", ConnectionLevel.LEVEL_1),
                query("PUBLIC", ConnectionLevel.LEVEL_1), query("\\\\WS0001", ConnectionLevel.LEVEL_1),
                query("DATA", ConnectionLevel.LEVEL_0), query("ARCHIVE", ConnectionLevel.LEVEL_1));
        assertConcurrentCallsGetCorrectAnswers(scenario, queries, q -> q.qualifier().wireValue(),
                (e, q, size) -> e.enumerateAll(q, size), q -> expected(scenario, q));
    }

    /**
     * C12: repeated calls through one enumerator log on once. <em>If this fails:</em> the
     * adapter opens a new session per call instead of reusing it.
     */
    @Test
    public void c12_repeatedCallsReuseTheSession() throws Exception {
        assertRepeatedCallsReuseTheSession(rich(), e -> all(e, query("DATA", ConnectionLevel.LEVEL_1)), false);
    }

    // ---------------------------------------------------------------- C13

    /**
     * C13: the adapter agrees with the reference adapter on every query of the agreement
     * check. <em>If this fails:</em> the report names each query and field that differ.
     */
    @Test
    public void c13_agreesWithTheReference() throws Exception {
        assertAgreesWithTheReference(rich().withConnections(many(300)),
                memory -> new ReferenceConnectionEnumerator(memory, Account.ADMIN, TIMEOUT),
                AgreementCheck.standardQueries("DATA", "\\\\WS0001"));
    }
}
