package io.github.netconn.msrpc;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaFileContract;
import io.github.netconn.testkit.SambaSessionContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The Samba rules of the sessions and open-files ports on the other SMB library, jcifs: the two
 * layers agree on what Samba answers ({@link MsrpcSambaSessionContractTest} and
 * {@link MsrpcSambaFileContractTest} run them on smbj).
 */
class MsrpcSambaSiblingsOnJcifsTest {

    @Nested
    class Sessions extends SambaSessionContract {
        @Override
        protected SessionEnumerator sessions(Account account, Duration responseTimeout) {
            return MsrpcContractTest.withNtlm(SmbLibrary.JCIFS, account, responseTimeout);
        }
    }

    @Nested
    class Files extends SambaFileContract {
        @Override
        protected FileEnumerator files(Account account, Duration responseTimeout) {
            return MsrpcContractTest.withNtlm(SmbLibrary.JCIFS, account, responseTimeout);
        }
    }
}
