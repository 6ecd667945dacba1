package io.github.netconn.testkit;

import io.github.netconn.api.FileEnumerator;
import java.time.Duration;

/** The testkit's own check: the reference adapter of the open-files port passes every scenario rule. */
class ReferenceFileContractTest extends FileContract {

    MemoryServer memory;

    @Override
    protected ScenarioServer startScenarioServer() {
        memory = new MemoryServer();
        return memory;
    }

    @Override
    protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
        return new ReferenceFileEnumerator(memory, account, responseTimeout);
    }
}
