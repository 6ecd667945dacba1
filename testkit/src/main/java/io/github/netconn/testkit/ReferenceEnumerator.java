package io.github.netconn.testkit;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.Enumerator;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the three reference adapters share ({@link ReferenceConnectionEnumerator},
 * {@link ReferenceSessionEnumerator}, {@link ReferenceFileEnumerator}): one call to a
 * {@link MemoryServer}, with its logon, its handle, rule 1's delay and the mapping of a
 * {@link Scenario.Answer} to a page or a status exception. No DCE/RPC here, so no bind:
 * {@code quirks.bind} (the scripted server's alone) refuses nothing.
 */
abstract class ReferenceEnumerator implements Enumerator {

    private final MemoryServer server;
    private final Account account;
    private final Duration responseTimeout;
    private boolean loggedIn;

    ReferenceEnumerator(MemoryServer server, Account account, Duration responseTimeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.account = Objects.requireNonNull(account, "account");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    /**
     * One call to the server named {@code serverName}: {@code ask} answers it from the scenario
     * loaded now, as the account, and {@code entry} turns each entry sent into the level's record.
     */
    final <E, T> Page<T> call(String serverName, String where, InfoLevel<T> level,
                              Function<Scenario, Scenario.Answer<E>> ask, Function<Scenario.Answer<E>, List<?>> entries)
            throws NetConnException {
        if (serverName == null) {
            throw new IllegalArgumentException("the reference adapter needs a server name");
        }
        if (!MemoryServer.NAME.equals(serverName)) {
            throw new HostUnreachableException("no route to " + serverName, null);
        }
        logInOnce();
        Scenario scenario = server.scenario();
        server.openHandle();
        try {
            long delay = scenario.quirks().delayMillis();
            if (delay > responseTimeout.toMillis()) {
                sleep(responseTimeout.toMillis());
                throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, responseTimeout, where, null);
            }
            sleep(delay);
            Scenario.Answer<E> answer = ask.apply(scenario);
            if (!answer.ok()) {
                throw new NetApiStatusException(answer.status(), where);
            }
            return new Page<>(level.cast(entries.apply(answer)), answer.totalEntries(),
                    new ResumeHandle(answer.resumeHandle()), answer.status() == Scenario.ERROR_MORE_DATA);
        } finally {
            server.closeHandle();
        }
    }

    /** The account calls are made as. */
    final String user() {
        return account.user();
    }

    private synchronized void logInOnce() throws AuthenticationException {
        if (loggedIn) {
            return;
        }
        if (!server.accepts(account)) {
            throw new AuthenticationException("logon failure for " + account.domain() + "\\" + account.user(), null);
        }
        server.loggedIn();
        loggedIn = true;
    }

    /** The answer's entries, each mapped; none for a NULL array. */
    static <E, R> List<R> map(Scenario.Answer<E> answer, Function<E, R> entry) {
        return answer.entries() == null ? List.of() : answer.entries().stream().map(entry).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + account + "]";
    }
}
