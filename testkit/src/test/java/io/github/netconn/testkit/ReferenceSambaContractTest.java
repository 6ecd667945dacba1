package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import java.time.Duration;

/**
 * The testkit's own check of the Samba rules: {@link MemorySamba}'s adapter passes them all,
 * so that {@link BrokenAdaptersTest} can show each one failing without a container.
 */
class ReferenceSambaContractTest extends SambaContract {

    MemorySamba memory;

    @Override
    protected SambaFixture startSamba() {
        memory = new MemorySamba();
        return memory;
    }

    @Override
    protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
        return memory.enumerator(account);
    }
}
