package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import java.time.Duration;

/** The testkit's own check: the reference adapter passes every scenario rule. */
class ReferenceScenarioContractTest extends ScenarioContract {

    MemoryServer memory;

    @Override
    protected ScenarioServer startScenarioServer() {
        memory = new MemoryServer();
        return memory;
    }

    @Override
    protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
        return new ReferenceConnectionEnumerator(memory, account, responseTimeout);
    }
}
