package io.github.netconn.msrpc;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaFileContract;
import java.time.Duration;

/** The Samba rules of the open-files port, on the default SMB library (smbj), logging on with NTLM. */
class MsrpcSambaFileContractTest extends SambaFileContract {

    @Override
    protected FileEnumerator files(Account account, Duration responseTimeout) {
        return MsrpcContractTest.withNtlm(SmbLibrary.SMBJ, account, responseTimeout);
    }
}
