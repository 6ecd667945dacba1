package io.github.netconn.testkit;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ScenarioServer} in memory, served by {@link ReferenceConnectionEnumerator}. It
 * counts logons and open handles, so that the contract can see what an adapter leaks or
 * repeats; the testkit proves its own rules against it.
 */
public final class MemoryServer implements ScenarioServer {

    /** The name queries must carry to reach this server. */
    public static final String NAME = "memory.test";

    private final AtomicReference<Scenario> scenario = new AtomicReference<>(Scenario.empty());
    private final Map<String, String> passwords = Map.of(
            Account.ADMIN.user(), Account.ADMIN.password(), Account.PLAIN.user(), Account.PLAIN.password());
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong handles = new AtomicLong();

    @Override
    public void load(Scenario next) {
        scenario.set(next);
    }

    Scenario scenario() {
        return scenario.get();
    }

    boolean accepts(Account account) {
        return account.password().equals(passwords.get(account.user()));
    }

    void loggedIn() {
        logins.incrementAndGet();
    }

    /** A client opened a handle (a pipe, a buffer); it must {@link #closeHandle} it. */
    public void openHandle() {
        handles.incrementAndGet();
    }

    public void closeHandle() {
        handles.decrementAndGet();
    }

    @Override
    public String serverName() {
        return NAME;
    }

    @Override
    public String unreachableServerName() {
        return "unreachable." + NAME;
    }

    @Override
    public OptionalLong logins() {
        return OptionalLong.of(logins.get());
    }

    @Override
    public OptionalLong outstandingHandles() {
        return OptionalLong.of(handles.get());
    }

    @Override
    public void close() {
    }
}
