package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaDomainController;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three Kerberos ways of docs/cli.md, run as a user does, against a Samba domain controller
 * that refuses NTLM: the ticket cache {@code kinit} left ({@code KRB5CCNAME}), a password with
 * which netconn asks the KDC, a keytab; the failures' exit codes; and no password anywhere.
 */
class KerberosCliTest {

    @Samba(ntlm = SambaDomainController.Ntlm.DISABLED)
    static SambaDomainController dc;

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("--realm", dc.realm(), "--kdc", "127.0.0.1:" + dc.kdcPort()));
        args.addAll(List.of(more));
        return args;
    }

    private static Cli.Run expect(int code, Cli.Run run) {
        assertEquals(code, run.code(), run::show);
        return run;
    }

    @Test
    void theThreeWaysLogOnAndTheFailuresSayWhy() throws Exception {
        String principal = dc.principal(Account.ADMIN);
        Path cache = dc.kinit(Account.ADMIN, Duration.ofHours(1));
        Path keytab = dc.keytab(Account.ADMIN);
        String password = Account.ADMIN.password();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<Cli.Run> runs = new ArrayList<>();
        try (PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            runs.add(expect(0, cli().env("KRB5CCNAME", "FILE:" + cache)
                    .run(args("--kerberos", "--format", "json", dc.serverName(), "IPC$").toArray(String[]::new))));
            runs.add(expect(0, cli().env("P", password)
                    .run(args("--kerberos", "--user", principal, "--password-env", "P", dc.serverName(), "IPC$")
                            .toArray(String[]::new))));
            runs.add(expect(0, cli().run(args("--keytab", keytab.toString(), "--user", principal, dc.serverName(), "IPC$")
                    .toArray(String[]::new))));
            Cli.Run wrong = expect(4, cli().env("P", password + "-wrong")
                    .run(args("--kerberos", "--user", principal, "--password-env", "P", dc.serverName(), "IPC$")
                            .toArray(String[]::new)));
            assertTrue(wrong.err().contains("the KDC refused the password of " + principal), wrong::show);
            runs.add(wrong);
            runs.add(expect(4, cli().env("P", password).run("--user", "NETCONN\\netadmin", "--password-env", "P",
                    dc.serverName(), "IPC$"))); // NTLM, which this domain refuses
            runs.add(expect(4, cli().env("KRB5CCNAME", "FILE:" + cache.resolveSibling("no-such-cache"))
                    .run(args("--kerberos", dc.serverName(), "IPC$").toArray(String[]::new))));
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        assertTrue(runs.get(0).out().contains("\"userName\""), runs.get(0)::show);
        String libraries = logged.toString(StandardCharsets.UTF_8);
        for (Cli.Run run : runs) {
            assertFalse(run.out().contains(password) || run.err().contains(password), () -> "a password in:\n" + run.show());
        }
        assertFalse(libraries.contains(password), () -> "a password in what the libraries wrote:\n" + libraries);
    }
}
