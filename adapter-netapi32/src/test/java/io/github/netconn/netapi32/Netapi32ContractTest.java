package io.github.netconn.netapi32;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.ScenarioContract;
import io.github.netconn.testkit.ScenarioServer;
import java.time.Duration;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The contract's scenario rules, through the real JNA binding, against the native stand-in of
 * Netapi32. It reaches no network SMB server, so it does not join the Samba rules.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the native stand-in is a Linux library; WindowsNetapi32Test covers Windows")
class Netapi32ContractTest extends ScenarioContract {

    @Override
    protected ScenarioServer startScenarioServer() {
        return new StandIn();
    }

    @Override
    protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
        return Netapi32ConnectionEnumerator.builder().library(StandIn.library()).timeout(responseTimeout).build();
    }

    @Override
    protected boolean takesCredentials() {
        return false;
    }
}
