package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT_MARGIN;
import static io.github.netconn.testkit.ContractEnvironment.assertStatus;
import static io.github.netconn.testkit.ContractEnvironment.assertThreadsEnd;
import static io.github.netconn.testkit.ContractEnvironment.catchAll;
import static io.github.netconn.testkit.ContractEnvironment.describe;
import static io.github.netconn.testkit.ContractEnvironment.withoutSecurity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Enumerator;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetApiStatusException.Kind;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * What the scenario parts of the three ports' contracts share ({@link ScenarioContract} for
 * connections, {@link SessionContract} for sessions, {@link FileContract} for open files): the
 * scenario server, started once per class and closed after the last rule; {@link #serve}; what
 * a scenario says a query returns, page by page; and the rules that read alike for every port —
 * C9's wrong password, unreachable host and slow server, C7's no-progress guard, C10, C11, C12
 * and C13 — written once over {@link Call}s that each part makes with its own port.
 *
 * <p>An adapter's test subclasses one of the three parts and implements
 * {@link #startScenarioServer()} and {@link #enumerator}; {@link #takesCredentials()} says
 * whether the wrong-password rule applies. A rule a part cannot check for an adapter is skipped
 * with the reason, never passed.
 *
 * @param <E> the port under test
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScenarioPart<E extends Enumerator> {

    private ScenarioServer server;

    ScenarioPart() {
    }

    /** Starts (once per class) the server that will answer from scenarios for this adapter. */
    protected abstract ScenarioServer startScenarioServer() throws Exception;

    /** A new enumerator of the adapter under test, logging on as {@code account}. */
    protected abstract E enumerator(Account account, Duration responseTimeout) throws Exception;

    /**
     * Whether the adapter logs on with the account it is given; false for one that acts as
     * the calling process's user (Netapi32), for which the wrong-password rule does not apply.
     */
    protected boolean takesCredentials() {
        return true;
    }

    @BeforeAll
    final void startTheScenarioServer() throws Exception {
        server = startScenarioServer();
    }

    @AfterAll
    final void closeTheScenarioServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The scenario server, loaded with {@code scenario}. */
    protected final ScenarioServer serve(Scenario scenario) throws Exception {
        server.load(scenario);
        return server;
    }

    /** The scenario server, as loaded last. */
    final ScenarioServer server() {
        return server;
    }

    /** One call of the port under test on an enumerator; what it returns is compared. */
    @FunctionalInterface
    interface Call<E> {
        Object on(E enumerator) throws Exception;
    }

    /** A call, what it must return, and how a failure names it. */
    record Expectation<E>(String what, Call<E> call, Object expected) {
    }

    /** A call that must fail with a status: its code and kind. */
    record Refusal<E>(String what, Call<E> call, long code, NetApiStatusException.Kind kind) {
        void check(E enumerator) {
            assertStatus(what, () -> call.on(enumerator), code, kind);
        }
    }

    // ---------------------------------------------------------------- what a scenario says

    /** One call of a port as the scenario answers it: at PreferedMaximumLength and resume handle. */
    @FunctionalInterface
    interface Ask<X> {
        Scenario.Answer<X> at(long prefMaxLen, long resumeHandle);
    }

    /**
     * What the scenario says a full enumeration returns (the entries, as {@code entries} makes
     * the port's records of an answer), or the status it fails with.
     */
    static <X> Object expected(Ask<X> ask, Function<Scenario.Answer<X>, List<?>> entries) {
        Scenario.Answer<X> first = ask.at(Scenario.MAX_PREFERRED_LENGTH, 0);
        if (!first.ok()) {
            return first.status();
        }
        List<Object> all = new ArrayList<>();
        for (Page<?> page : expectedPages(ask, entries, PageSize.ALL)) {
            all.addAll(page.entries());
        }
        return all;
    }

    /**
     * The pages the scenario says come back with {@code pageSize}, the first at resume handle 0
     * and each next at the handle of the one before; one empty page for a failure.
     *
     * @throws IllegalStateException if the scenario makes no progress: the rule asked for pages
     *                               of a stuck server
     */
    static <X> List<Page<?>> expectedPages(Ask<X> ask, Function<Scenario.Answer<X>, List<?>> entries,
                                           PageSize pageSize) {
        List<Page<?>> pages = new ArrayList<>();
        Set<Long> sent = new HashSet<>();
        long resume = 0;
        while (sent.add(resume)) {
            Scenario.Answer<X> answer = ask.at(pageSize.preferredMaximumLength(), resume);
            boolean more = answer.status() == Scenario.ERROR_MORE_DATA;
            pages.add(new Page<>(entries.apply(answer), answer.totalEntries(),
                    new ResumeHandle(answer.resumeHandle()), more));
            if (!more) {
                return pages;
            }
            resume = answer.resumeHandle();
        }
        throw new IllegalStateException("the scenario makes no progress at resume handle " + resume);
    }

    /**
     * Asserts that the pages {@code page} gives, from {@link ResumeHandle#START} on, are
     * {@code expected} (C7): as many, each equal as the server made it.
     */
    static void assertPages(List<Page<?>> expected, PageCall page) throws NetConnException {
        List<Page<?>> pages = new ArrayList<>();
        Page<?> last = page.at(ResumeHandle.START);
        pages.add(last);
        while (last.moreData() && pages.size() <= expected.size()) {
            last = page.at(last.resumeHandle());
            pages.add(last);
        }
        assertEquals(expected.size(), pages.size(), "number of pages");
        for (int i = 0; i < pages.size(); i++) {
            assertEquals(expected.get(i), withoutSecurity(pages.get(i)), "page " + (i + 1));
        }
    }

    /** One page of a query at a resume handle. */
    @FunctionalInterface
    interface PageCall {
        Page<?> at(ResumeHandle resume) throws NetConnException;
    }

    // ---------------------------------------------------------------- the rules every port shares

    /**
     * Statuses a call must keep with their code and kind, beyond those a port's scenario gives by
     * itself: not enough memory, invalid parameter, invalid name, invalid level, a status of no
     * kind and a code no table knows.
     */
    static final Map<Long, NetApiStatusException.Kind> STATUSES = statuses(8L, Kind.NOT_ENOUGH_MEMORY,
            87L, Kind.INVALID_PARAMETER, 123L, Kind.NOT_FOUND, 124L, Kind.INVALID_LEVEL, 2123L, Kind.OTHER,
            0xDEAD_BEEFL, Kind.OTHER);

    /** {@code code, kind, code, kind...} as a map in that order. */
    static Map<Long, Kind> statuses(Object... codesAndKinds) {
        Map<Long, Kind> map = new LinkedHashMap<>();
        for (int i = 0; i < codesAndKinds.length; i += 2) {
            map.put((Long) codesAndKinds[i], (Kind) codesAndKinds[i + 1]);
        }
        return map;
    }

    /**
     * A server's quirks with paging that are not Samba's way with sessions and files (rule C8):
     * the page size ignored, the count as the resume handle of the last page, a NULL array for
     * no entries. An adapter that trusts the last handle makes no progress against it.
     */
    static final Scenario.Quirks PAGING_QUIRKS = new Scenario.Quirks(true, Scenario.ResumeAtEnd.COUNT,
            Scenario.EmptyArray.NULL, false, 0);

    /**
     * C8 (S8, F8): the server, loaded with {@code scenario}, gives what each of
     * {@code expectations} says, all on one enumerator; {@code quirks} names the server in messages.
     */
    final void assertQuirkyServerGives(Scenario scenario, String quirks, List<Expectation<E>> expectations)
            throws Exception {
        serve(scenario);
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (Expectation<E> x : expectations) {
                assertEquals(x.expected(), x.call().on(e), () -> x.what() + " " + quirks);
            }
        }
    }

    /**
     * C9 (S9, F9): every status arrives as a NetApiStatusException with the raw code and the
     * right kind: ERROR_ACCESS_DENIED for {@code call} by a denied account; each of
     * {@code refusals} against {@code scenario}; and each of {@code statuses} for {@code call}
     * against {@code scenario} set to answer that status; {@code what} names {@code call} in
     * messages.
     */
    final void assertStatusesKeepTheirCodeAndKind(Scenario scenario, String what, Call<E> call,
                                                  List<Refusal<E>> refusals, Map<Long, Kind> statuses)
            throws Exception {
        serve(scenario.withDeniedUsers(Account.ADMIN.user()));
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            new Refusal<>(what, call, 5, Kind.ACCESS_DENIED).check(e);
        }
        serve(scenario);
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (Refusal<E> refusal : refusals) {
                refusal.check(e);
            }
        }
        for (Map.Entry<Long, Kind> status : statuses.entrySet()) {
            serve(scenario.withStatus(status.getKey()));
            try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
                new Refusal<>(what, call, status.getKey(), status.getValue()).check(e);
            }
        }
    }

    /**
     * C9 (S9, F9): a wrong password is an AuthenticationException, not a status or an I/O error.
     */
    final void assertWrongPasswordIsAnAuthenticationFailure(Scenario scenario, Call<E> call) throws Exception {
        assumeTrue(takesCredentials(), "this adapter logs on as the calling process's user: it takes no password");
        serve(scenario);
        try (E e = enumerator(Account.ADMIN.withWrongPassword(), TIMEOUT)) {
            Throwable thrown = catchAll(() -> call.on(e));
            assertInstanceOf(AuthenticationException.class, thrown,
                    () -> "expected AuthenticationException, got " + (thrown == null ? "a result" : describe(thrown)));
        }
    }

    /**
     * C9 (S9, F9): a host that does not answer is a HostUnreachableException; {@code call} asks
     * the scenario server's {@link ScenarioServer#unreachableServerName()}.
     */
    final void assertUnreachableHostIsHostUnreachable(Scenario scenario, Call<E> call) throws Exception {
        serve(scenario);
        try (E e = enumerator(Account.ADMIN, Duration.ofSeconds(5))) {
            Throwable thrown = catchAll(() -> call.on(e));
            assertInstanceOf(HostUnreachableException.class, thrown,
                    () -> "expected HostUnreachableException, got " + (thrown == null ? "a result" : describe(thrown)));
        }
    }

    /**
     * C9 (S9, F9): a server slower than the response time-out gives a NetConnTimeoutException
     * within the time-out plus a small margin.
     */
    final void assertSlowServerTimesOut(Scenario scenario, Call<E> call) throws Exception {
        Duration timeout = Duration.ofMillis(800);
        long delay = timeout.plus(TIMEOUT_MARGIN).toMillis() + 3_000;
        serve(scenario.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY,
                false, delay)));
        try (E e = enumerator(Account.ADMIN, timeout)) {
            long start = System.nanoTime();
            Throwable thrown = catchAll(() -> call.on(e));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class, thrown,
                    () -> "expected NetConnTimeoutException, got " + (thrown == null ? "a result" : describe(thrown)));
            assertTrue(took.compareTo(timeout.plus(TIMEOUT_MARGIN)) <= 0,
                    "the call took " + took.toMillis() + " ms; the time-out was " + timeout.toMillis() + " ms");
            assertEquals(timeout, timedOut.limit(), "the time-out reported");
        } finally {
            server.load(scenario);
        }
    }

    /**
     * C2 (S2, F2): {@code \\name} and {@code name} reach the same server: {@code callOn} a server
     * name gives the same either way.
     */
    final void assertBackslashedServerNameIsTheSameHost(Scenario scenario, Function<String, Call<E>> callOn)
            throws Exception {
        assumeTrue(server.serverName() != null, "the scenario server is the local computer: no server name to vary");
        serve(scenario);
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            assertEquals(callOn.apply(server.serverName()).on(e), callOn.apply("\\\\" + server.serverName()).on(e));
        }
    }

    /** The first page of a query of the port under test, at a page size. */
    @FunctionalInterface
    interface FirstPage<E> {
        Page<?> of(E enumerator, PageSize pageSize) throws NetConnException;
    }

    /**
     * C4 (S4, F4): the page size reaches the server as PreferedMaximumLength: at 1, 100 and 500
     * bytes the {@code first} page is the one the scenario computes ({@code expected}), with
     * ERROR_MORE_DATA.
     */
    final void assertPageSizeReachesTheServer(Scenario scenario, FirstPage<E> first,
                                              Function<PageSize, Page<?>> expected) throws Exception {
        serve(scenario);
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (long bytes : new long[] {1, 100, 500}) {
                Page<?> page = first.of(e, PageSize.ofBytes(bytes));
                assertEquals(expected.apply(PageSize.ofBytes(bytes)), withoutSecurity(page),
                        "first page with a page size of " + bytes + " bytes");
                assertTrue(page.moreData(), "more data expected after the first page of " + bytes + " bytes");
            }
        }
    }

    /**
     * C7 (S7, F7): against {@code scenario} made a server that answers ERROR_MORE_DATA without
     * progress, {@code call} (a paged enumeration) ends with a ProtocolViolationException, quickly.
     */
    final void assertNoProgressEndsInAProtocolError(Scenario scenario, Call<E> call) throws Exception {
        serve(scenario.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY,
                true, 0)));
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    call.on(e);
                    return null;
                } catch (NetConnException failure) {
                    return failure;
                }
            }, "enumerateAll against a server that never makes progress did not end");
            assertInstanceOf(ProtocolViolationException.class, thrown, () -> "got " + thrown);
        }
    }

    /**
     * C10 (S10, F10): {@code good} gives what it should, before and after each of three rounds
     * of a {@code failing} call, as does {@code paged}; the handles the server counts go back
     * to where they were, after the calls and after close; the threads the enumerator started end.
     */
    final void assertFailuresLeakNothing(Scenario scenario, Expectation<E> good, Call<E> paged, Refusal<E> failing)
            throws Exception {
        serve(scenario);
        OptionalLong handlesBefore = server.outstandingHandles();
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            assertEquals(good.expected(), good.call().on(e));
            for (int round = 0; round < 3; round++) {
                failing.check(e);
                assertEquals(good.expected(), good.call().on(e), "a call after a failed one");
                assertEquals(good.expected(), paged.on(e), "paged, after a failure");
            }
            assertEquals(handlesBefore, server.outstandingHandles(), "handles held after the calls");
        }
        assertEquals(handlesBefore, server.outstandingHandles(), "handles held after close");
        assertThreadsEnd(threadsBefore);
    }

    /**
     * C11 (S11, F11): the password never shows: not in the enumerator's toString, not in any
     * message or trace of the {@code calls}' failures, with the right and a wrong password.
     */
    final void assertSecretsNeverShown(Scenario scenario, List<Call<E>> calls) throws Exception {
        serve(scenario);
        List<String> shown = new ArrayList<>();
        for (Account account : List.of(Account.ADMIN, Account.ADMIN.withWrongPassword())) {
            try (E e = enumerator(account, TIMEOUT)) {
                shown.add(e.toString());
                for (Call<E> call : calls) {
                    Throwable thrown = catchAll(() -> call.on(e));
                    if (thrown != null) {
                        shown.add(describe(thrown));
                    }
                }
            }
            shown.add(account.toString());
        }
        for (String secret : List.of(Account.ADMIN.password(), Account.ADMIN.withWrongPassword().password())) {
            for (String text : shown) {
                assertFalse(text.contains(secret), () -> "a password shows in: " + text);
            }
        }
    }

    /** A whole enumeration of a query of the port under test, with a page size. */
    @FunctionalInterface
    interface Enumeration<E, Q> {
        Object all(E enumerator, Q query, PageSize pageSize) throws Exception;
    }

    /**
     * C12 (S12, F12): 160 calls from 8 threads at once through one enumerator, each get their
     * own, correct answer ({@code expected}). The calls take the {@code queries} in turn, each
     * sometimes in pages of 256 bytes, sometimes in one; {@code what} names a query in messages.
     */
    final <Q> void assertConcurrentCallsGetCorrectAnswers(Scenario scenario, List<Q> queries,
                                                         Function<Q, String> what, Enumeration<E, Q> all,
                                                         Function<Q, Object> expected) throws Exception {
        List<Expectation<E>> calls = new ArrayList<>();
        for (int i = 0; i < 3 * queries.size(); i++) { // each query with both page sizes
            Q q = queries.get(i % queries.size());
            PageSize size = i % 3 == 0 ? PageSize.ofBytes(256) : PageSize.ALL;
            calls.add(new Expectation<>(what.apply(q) + " " + size, e -> all.all(e, q, size), expected.apply(q)));
        }
        serve(scenario);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                Expectation<E> call = calls.get(i % calls.size());
                running.add(pool.submit(() -> {
                    assertEquals(call.expected(), call.call().on(e), call.what());
                    return null;
                }));
            }
            for (Future<?> call : running) {
                try {
                    call.get();
                } catch (ExecutionException failed) {
                    throw new AssertionError("a concurrent call went wrong: " + failed.getCause().getMessage(),
                            failed.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * C12 (S12, F12): five calls through one enumerator log on once; with {@code everyPort},
     * so does a call of each other port the enumerator implements (S12, F12: one session per
     * server for all of them). A status such a call gets still needed a logon.
     */
    final void assertRepeatedCallsReuseTheSession(Scenario scenario, Call<E> call, boolean everyPort)
            throws Exception {
        serve(scenario);
        OptionalLong before = server.logins();
        if (before.isEmpty()) {
            throw new TestAbortedException("this scenario server cannot count logons; the Samba rule checks it");
        }
        List<String> others = new ArrayList<>();
        try (E e = enumerator(Account.ADMIN, TIMEOUT)) {
            for (int i = 0; i < 5; i++) {
                call.on(e);
            }
            if (everyPort) {
                others = callEveryPort(e, server.serverName());
            }
        }
        assertEquals(before.getAsLong() + 1, server.logins().getAsLong(), "logons for five calls"
                + (others.isEmpty() ? "" : " and one call of each port it implements " + others));
    }

    /**
     * One call of each port {@code e} implements, at its simplest, on {@code serverName} (null for
     * the local computer); the names of the ports called.
     */
    private static List<String> callEveryPort(Enumerator e, String serverName) throws Exception {
        List<String> called = new ArrayList<>();
        if (e instanceof ConnectionEnumerator connections) {
            called.add("connections");
            answered(() -> connections.enumerateAll(new ConnectionQuery<>(serverName, Qualifier.of("IPC$"),
                    ConnectionLevel.LEVEL_0)));
        }
        if (e instanceof SessionEnumerator sessions) {
            called.add("sessions");
            answered(() -> sessions.enumerateAll(new SessionQuery<>(serverName, Optional.empty(), Optional.empty(),
                    SessionLevel.LEVEL_0)));
        }
        if (e instanceof FileEnumerator files) {
            called.add("files");
            answered(() -> files.enumerateAll(new FileQuery<>(serverName, Optional.empty(), Optional.empty(),
                    FileLevel.LEVEL_3)));
        }
        return called;
    }

    /** Makes {@code call}; a status is an answer too, which needed a logon. */
    private static void answered(Callable<?> call) throws Exception {
        try {
            call.call();
        } catch (NetApiStatusException refused) {
            // the server answered
        }
    }

    /**
     * C13 (S13, F13): the adapter agrees with the {@code reference} adapter, over a
     * {@link MemoryServer} loaded with the same scenario, on every query of the agreement check.
     */
    final void assertAgreesWithTheReference(Scenario scenario, Function<MemoryServer, Enumerator> reference,
                                            List<? extends AgreementCheck.PortQuery> queries) throws Exception {
        serve(scenario);
        MemoryServer memory = new MemoryServer();
        memory.load(scenario);
        try (E e = enumerator(Account.ADMIN, TIMEOUT); Enumerator referenceEnumerator = reference.apply(memory)) {
            AgreementCheck.Report report = AgreementCheck.compare(
                    new AgreementCheck.Side("reference", referenceEnumerator, MemoryServer.NAME),
                    new AgreementCheck.Side("adapter", e, server.serverName()), queries);
            assertTrue(report.agrees(), report::toString);
        }
    }
}
