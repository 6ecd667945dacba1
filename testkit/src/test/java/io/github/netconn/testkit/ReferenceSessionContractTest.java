package io.github.netconn.testkit;

import io.github.netconn.api.SessionEnumerator;
import java.time.Duration;

/** The testkit's own check: the reference adapter of the sessions port passes every scenario rule. */
class ReferenceSessionContractTest extends SessionContract {

    MemoryServer memory;

    @Override
    protected ScenarioServer startScenarioServer() {
        memory = new MemoryServer();
        return memory;
    }

    @Override
    protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
        return new ReferenceSessionEnumerator(memory, account, responseTimeout);
    }
}
