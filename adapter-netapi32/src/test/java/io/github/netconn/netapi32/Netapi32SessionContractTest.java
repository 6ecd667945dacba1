package io.github.netconn.netapi32;

import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.ScenarioServer;
import io.github.netconn.testkit.SessionContract;
import java.time.Duration;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The scenario rules of the sessions port (S1-S13), through the real JNA binding, against the native
 * stand-in of Netapi32, as {@link Netapi32ContractTest} does for connections.
 */
@DisabledOnOs(value = OS.WINDOWS,
        disabledReason = "the native stand-in is a Linux library; WindowsNetapi32Test covers Windows")
class Netapi32SessionContractTest extends SessionContract {

    @Override
    protected ScenarioServer startScenarioServer() {
        return new StandIn();
    }

    @Override
    protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
        return Netapi32ConnectionEnumerator.builder().library(StandIn.library()).timeout(responseTimeout).build();
    }

    @Override
    protected boolean takesCredentials() {
        return false;
    }
}
