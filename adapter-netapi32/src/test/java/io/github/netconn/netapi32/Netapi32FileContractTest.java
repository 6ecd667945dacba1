package io.github.netconn.netapi32;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.FileContract;
import io.github.netconn.testkit.ScenarioServer;
import java.time.Duration;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The scenario rules of the open-files port (F1-F13), through the real JNA binding, against the
 * native stand-in of Netapi32, as {@link Netapi32ContractTest} does for connections.
 */
@DisabledOnOs(value = OS.WINDOWS,
        disabledReason = "the native stand-in is a Linux library; WindowsNetapi32Test covers Windows")
class Netapi32FileContractTest extends FileContract {

    @Override
    protected ScenarioServer startScenarioServer() {
        return new StandIn();
    }

    @Override
    protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
        return Netapi32ConnectionEnumerator.builder().library(StandIn.library()).timeout(responseTimeout).build();
    }

    @Override
    protected boolean takesCredentials() {
        return false;
    }
}
