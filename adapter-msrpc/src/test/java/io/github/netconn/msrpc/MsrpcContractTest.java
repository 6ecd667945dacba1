package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.ConnectionEnumeratorContract;
import io.github.netconn.testkit.SambaDomainController;
import io.github.netconn.testkit.SambaFixture;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.ScenarioServer;
import io.github.netconn.testkit.ScriptedServer;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The contract, against the scripted server (scenario rules) and a real Samba (Samba rules),
 * on each SMB library; on smbj against a Samba that requires encryption; and its Samba rules
 * with Kerberos, by password, keytab and ticket cache, against a Samba domain controller.
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
                    .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
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

    /**
     * The Samba rules with Kerberos, one run per way of logging on, on a domain controller
     * that also allows NTLM for the other clients the rules hold; that the adapter's own logon
     * is Kerberos is shown on one that refuses NTLM ({@code MsrpcKerberosTest}). The scenario
     * rules are skipped: the scripted server speaks NTLM only.
     */
    abstract static class OnKerberos extends ConnectionEnumeratorContract {
        enum Way { PASSWORD, KEYTAB, TICKET_CACHE }

        private final Way way;
        private SambaDomainController dc;

        OnKerberos(Way way) {
            this.way = way;
        }

        @Override
        protected boolean servesScenarios() {
            return false;
        }

        @Override
        protected ScenarioServer startScenarioServer() {
            throw new UnsupportedOperationException("no scenario server with Kerberos");
        }

        @Override
        protected boolean reachesSamba() {
            return true;
        }

        @Override
        protected SambaFixture startSamba() {
            dc = SambaDomainController.start();
            return dc;
        }

        /** The account's key from a keytab or a {@code kinit} cache; a wrong password can only be given as a password. */
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) throws Exception {
            boolean known = account.equals(Account.ADMIN) || account.equals(Account.PLAIN);
            KerberosCredentials credentials = switch (known ? way : Way.PASSWORD) {
                case PASSWORD -> KerberosCredentials.password(dc.principal(account), account.password().toCharArray());
                case KEYTAB -> KerberosCredentials.keytab(dc.principal(account), dc.keytab(account));
                case TICKET_CACHE -> KerberosCredentials.ticketCache(dc.kinit(account, Duration.ofHours(1)));
            };
            return MsrpcConnectionEnumerator.builder()
                    .kerberos(credentials.realm(dc.realm()).kdc("127.0.0.1:" + dc.kdcPort()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .responseTimeout(responseTimeout)
                    .build();
        }
    }

    @Nested
    class OnKerberosByPassword extends OnKerberos {
        OnKerberosByPassword() {
            super(Way.PASSWORD);
        }
    }

    @Nested
    class OnKerberosByKeytab extends OnKerberos {
        OnKerberosByKeytab() {
            super(Way.KEYTAB);
        }
    }

    @Nested
    class OnKerberosByTicketCache extends OnKerberos {
        OnKerberosByTicketCache() {
            super(Way.TICKET_CACHE);
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
