package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.ConnectionEnumeratorContract;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.ScenarioServer;
import io.github.netconn.testkit.ScriptedServer;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The contract, against the scripted server (scenario rules) and a real Samba (Samba rules),
 * on each SMB library; and on smbj against a Samba that requires encryption.
 */
class MsrpcContractTest {

    /** One library's run of the contract. */
    abstract static class OnLibrary extends ConnectionEnumeratorContract {
        private final SmbLibrary library;

        OnLibrary(SmbLibrary library) {
            this.library = library;
        }

        @Override
        protected ScenarioServer startScenarioServer() {
            return ScriptedServer.start();
        }

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return MsrpcConnectionEnumerator.builder()
                    .smbLibrary(library)
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

    @Nested
    class OnSmbj extends OnLibrary {
        OnSmbj() {
            super(SmbLibrary.SMBJ);
        }
    }

    @Nested
    class OnJcifs extends OnLibrary {
        OnJcifs() {
            super(SmbLibrary.JCIFS);
        }
    }

    /** smbj's default encryption setting against a Samba with {@code smb encrypt = required}. */
    @Nested
    class OnSmbjToAnEncryptingSamba extends OnLibrary {
        OnSmbjToAnEncryptingSamba() {
            super(SmbLibrary.SMBJ);
        }

        @Override
        protected SambaServer startSamba() {
            return SambaServer.start(SambaServer.Encryption.REQUIRED);
        }
    }
}
