package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.FileContract;
import io.github.netconn.testkit.SambaContract;
import io.github.netconn.testkit.SambaDomainController;
import io.github.netconn.testkit.SambaFileContract;
import io.github.netconn.testkit.SambaFixture;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.SambaSessionContract;
import io.github.netconn.testkit.ScenarioContract;
import io.github.netconn.testkit.ScenarioServer;
import io.github.netconn.testkit.ScriptedServer;
import io.github.netconn.testkit.SessionContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The contract, on each SMB library: its scenario rules against the scripted server (the three
 * ports': connections, sessions, open files), its Samba rules against a real Samba; on smbj the
 * Samba rules also against a Samba that requires encryption, and with Kerberos, by password,
 * keytab and ticket cache, against a Samba domain controller (Kerberos joins the Samba rules
 * alone: the scripted server speaks NTLM only).
 */
class MsrpcContractTest {

    /** An enumerator (of the three ports) on {@code library} that logs on with NTLM as {@code account}. */
    static MsrpcConnectionEnumerator withNtlm(SmbLibrary library, Account account, Duration responseTimeout) {
        return MsrpcConnectionEnumerator.builder()
                .smbLibrary(library)
                .credentials(account.domain(), account.user(), account.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(responseTimeout)
                .build();
    }

    /** One library's run of the scenario rules, against the scripted server. */
    abstract static class ScenarioRules extends ScenarioContract {
        private final SmbLibrary library;

        ScenarioRules(SmbLibrary library) {
            this.library = library;
        }

        @Override
        protected ScenarioServer startScenarioServer() {
            return ScriptedServer.start();
        }

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return withNtlm(library, account, responseTimeout);
        }
    }

    @Nested
    class ScenarioRulesOnSmbj extends ScenarioRules {
        ScenarioRulesOnSmbj() {
            super(SmbLibrary.SMBJ);
        }
    }

    @Nested
    class ScenarioRulesOnJcifs extends ScenarioRules {
        ScenarioRulesOnJcifs() {
            super(SmbLibrary.JCIFS);
        }
    }

    /** One library's run of the sessions' scenario rules, against the scripted server. */
    abstract static class SessionRules extends SessionContract {
        private final SmbLibrary library;

        SessionRules(SmbLibrary library) {
            this.library = library;
        }

        @Override
        protected ScenarioServer startScenarioServer() {
            return ScriptedServer.start();
        }

        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return withNtlm(library, account, responseTimeout);
        }
    }

    @Nested
    class SessionRulesOnSmbj extends SessionRules {
        SessionRulesOnSmbj() {
            super(SmbLibrary.SMBJ);
        }
    }

    @Nested
    class SessionRulesOnJcifs extends SessionRules {
        SessionRulesOnJcifs() {
            super(SmbLibrary.JCIFS);
        }
    }

    /** One library's run of the open files' scenario rules, against the scripted server. */
    abstract static class FileRules extends FileContract {
        private final SmbLibrary library;

        FileRules(SmbLibrary library) {
            this.library = library;
        }

        @Override
        protected ScenarioServer startScenarioServer() {
            return ScriptedServer.start();
        }

        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return withNtlm(library, account, responseTimeout);
        }
    }

    @Nested
    class FileRulesOnSmbj extends FileRules {
        FileRulesOnSmbj() {
            super(SmbLibrary.SMBJ);
        }
    }

    @Nested
    class FileRulesOnJcifs extends FileRules {
        FileRulesOnJcifs() {
            super(SmbLibrary.JCIFS);
        }
    }

    /** One library's run of the Samba rules, logging on with NTLM. */
    abstract static class SambaRules extends SambaContract {
        private final SmbLibrary library;

        SambaRules(SmbLibrary library) {
            this.library = library;
        }

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return withNtlm(library, account, responseTimeout);
        }
    }

    @Nested
    class SambaRulesOnSmbj extends SambaRules {
        SambaRulesOnSmbj() {
            super(SmbLibrary.SMBJ);
        }
    }

    @Nested
    class SambaRulesOnJcifs extends SambaRules {
        SambaRulesOnJcifs() {
            super(SmbLibrary.JCIFS);
        }
    }

    /** smbj's default encryption setting against a Samba with {@code smb encrypt = required}. */
    @Nested
    class SambaRulesOnSmbjToAnEncryptingSamba extends SambaRules {
        SambaRulesOnSmbjToAnEncryptingSamba() {
            super(SmbLibrary.SMBJ);
        }

        @Override
        protected SambaServer startSamba() {
            return SambaServer.start(SambaServer.Encryption.REQUIRED);
        }
    }

    /**
     * The Samba rules with Kerberos, one run per way of logging on, on a domain controller
     * that also allows NTLM for the other clients the rules hold; that the adapter's own logon
     * is Kerberos is shown on one that refuses NTLM ({@code MsrpcKerberosTest}).
     */
    abstract static class SambaRulesOnKerberos extends SambaContract {
        enum Way { PASSWORD, KEYTAB, TICKET_CACHE }

        private final Way way;
        private SambaDomainController dc;

        SambaRulesOnKerberos(Way way) {
            this.way = way;
        }

        @Override
        protected SambaFixture startSamba() {
            dc = SambaDomainController.start();
            return dc;
        }

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) throws Exception {
            return withKerberos(dc, way, account, responseTimeout);
        }
    }

    /** The account's key from a keytab or a {@code kinit} cache; a wrong password can only be given as a password. */
    static MsrpcConnectionEnumerator withKerberos(SambaDomainController dc, SambaRulesOnKerberos.Way way,
            Account account, Duration responseTimeout) throws Exception {
        boolean known = account.equals(Account.ADMIN) || account.equals(Account.PLAIN);
        KerberosCredentials credentials = switch (known ? way : SambaRulesOnKerberos.Way.PASSWORD) {
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

    /** The sessions port's Samba rules with a Kerberos logon (by password), on the domain controller. */
    @Nested
    class SessionSambaRulesOnKerberos extends SambaSessionContract {
        private SambaDomainController dc;

        @Override
        protected SambaFixture startSamba() {
            dc = SambaDomainController.start();
            return dc;
        }

        @Override
        protected SessionEnumerator sessions(Account account, Duration responseTimeout) throws Exception {
            return withKerberos(dc, SambaRulesOnKerberos.Way.PASSWORD, account, responseTimeout);
        }
    }

    /** The open-files port's Samba rules with a Kerberos logon (by password), on the domain controller. */
    @Nested
    class FileSambaRulesOnKerberos extends SambaFileContract {
        private SambaDomainController dc;

        @Override
        protected SambaFixture startSamba() {
            dc = SambaDomainController.start();
            return dc;
        }

        @Override
        protected FileEnumerator files(Account account, Duration responseTimeout) throws Exception {
            return withKerberos(dc, SambaRulesOnKerberos.Way.PASSWORD, account, responseTimeout);
        }
    }

    @Nested
    class SambaRulesOnKerberosByPassword extends SambaRulesOnKerberos {
        SambaRulesOnKerberosByPassword() {
            super(Way.PASSWORD);
        }
    }

    @Nested
    class SambaRulesOnKerberosByKeytab extends SambaRulesOnKerberos {
        SambaRulesOnKerberosByKeytab() {
            super(Way.KEYTAB);
        }
    }

    @Nested
    class SambaRulesOnKerberosByTicketCache extends SambaRulesOnKerberos {
        SambaRulesOnKerberosByTicketCache() {
            super(Way.TICKET_CACHE);
        }
    }
}
