package io.github.netconn.msrpc;

import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaSessionContract;
import java.time.Duration;

/** The Samba rules of the sessions port, on the default SMB library (smbj), logging on with NTLM. */
class MsrpcSambaSessionContractTest extends SambaSessionContract {

    @Override
    protected SessionEnumerator sessions(Account account, Duration responseTimeout) {
        return MsrpcContractTest.withNtlm(SmbLibrary.SMBJ, account, responseTimeout);
    }
}
