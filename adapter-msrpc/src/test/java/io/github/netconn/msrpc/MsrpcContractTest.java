package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.ConnectionEnumeratorContract;
import io.github.netconn.testkit.ScenarioServer;
import io.github.netconn.testkit.ScriptedServer;
import java.time.Duration;

/** The contract, against the scripted server (scenario rules) and a real Samba (Samba rules). */
class MsrpcContractTest extends ConnectionEnumeratorContract {

    @Override
    protected ScenarioServer startScenarioServer() {
        return ScriptedServer.start();
    }

    @Override
    protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
        return MsrpcConnectionEnumerator.builder()
                .credentials(account.domain(), account.user(), account.password())
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
    }

    @Override
    protected boolean reachesSamba() {
        return true;
    }
}
