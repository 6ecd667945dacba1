package io.github.netconn.testkit;

import io.github.netconn.api.FileEnumerator;
import java.time.Duration;

/**
 * The testkit's own check of the Samba rules of the open-files port: {@link MemorySamba}'s adapter
 * passes them all, so that {@link BrokenSambaSiblingsTest} can show each one failing without a
 * container.
 */
class ReferenceSambaFileContractTest extends SambaFileContract {

    MemorySamba memory;

    @Override
    protected SambaFixture startSamba() {
        memory = new MemorySamba();
        return memory;
    }

    @Override
    protected FileEnumerator files(Account account, Duration responseTimeout) {
        return memory.enumerator(account);
    }
}
