package io.github.netconn.testkit;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A correct adapter of the port over a {@link MemoryServer}: what every rule of the
 * contract expects, with no transport in between. The testkit checks its own tests
 * against it, and the agreement check (C13) compares real adapters with it.
 */
public class ReferenceConnectionEnumerator implements ConnectionEnumerator {

    private final MemoryServer server;
    private final Account account;
    private final Duration responseTimeout;
    private boolean loggedIn;

    public ReferenceConnectionEnumerator(MemoryServer server, Account account, Duration responseTimeout) {
        this.server = Objects.requireNonNull(server, "server");
        this.account = Objects.requireNonNull(account, "account");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    @Override
    public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
            ResumeHandle resume)
            throws NetConnException {
        String where = "NetrConnectionEnum on " + query.server() + ", qualifier " + query.qualifier().wireValue();
        if (!MemoryServer.NAME.equals(query.serverName().orElseThrow(
                () -> new IllegalArgumentException("the reference adapter needs a server name")))) {
            throw new HostUnreachableException("no route to " + query.server(), null);
        }
        logInOnce();
        Scenario scenario = server.scenario();
        server.openHandle();
        try {
            // No DCE/RPC here, so no bind: quirks.bind (the scripted server's alone) refuses nothing.
            long delay = scenario.quirks().delayMillis();
            if (delay > responseTimeout.toMillis()) {
                sleep(responseTimeout.toMillis());
                throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, responseTimeout, where, null);
            }
            sleep(delay);
            Scenario.Answer answer = scenario.answer(account.user(), query.level().value(),
                    query.qualifier().wireValue(), pageSize.preferredMaximumLength(), resume.value());
            if (!answer.ok()) {
                throw new NetApiStatusException(answer.status(), where);
            }
            return new Page<>(query.level().cast(entries(answer)), answer.totalEntries(),
                    new ResumeHandle(answer.resumeHandle()), answer.status() == Scenario.ERROR_MORE_DATA);
        } finally {
            server.closeHandle();
        }
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

    static List<ConnectionInfo> entries(Scenario.Answer answer) {
        List<ConnectionInfo> entries = new ArrayList<>();
        if (answer.entries() != null) {
            for (Scenario.Entry e : answer.entries()) {
                entries.add(answer.level() == 0 ? new ConnectionInfo.Level0(e.id())
                        : ConnectionInfo.Level1.of(e.id(), e.type(), e.opens(), e.users(), e.seconds(),
                                e.userName(), e.netName()));
            }
        }
        return entries;
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
        return "ReferenceConnectionEnumerator[" + account + "]";
    }
}
