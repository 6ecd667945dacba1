package io.github.netconn.testkit;

import io.github.netconn.api.SessionEnumerator;
import java.time.Duration;

/**
 * The testkit's own check of the Samba rules of the sessions port: {@link MemorySamba}'s adapter
 * passes them all, so that {@link BrokenSambaSiblingsTest} can show each one failing without a
 * container.
 */
class ReferenceSambaSessionContractTest extends SambaSessionContract {

    MemorySamba memory;

    @Override
    protected SambaFixture startSamba() {
        memory = new MemorySamba();
        return memory;
    }

    @Override
    protected SessionEnumerator sessions(Account account, Duration responseTimeout) {
        return memory.enumerator(account);
    }
}
