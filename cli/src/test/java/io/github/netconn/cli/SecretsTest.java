package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.as;
import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C11 for the command: no password appears on standard output or error, nor in anything
 * the libraries below log (System.out and System.err are captured too), whatever happens:
 * success in every format, a refusal, a wrong password, a lost host, a sweep, usage errors
 * with a password typed as an argument, and each way of giving the password.
 */
class SecretsTest {

    private static final List<String> SECRETS = List.of(Account.ADMIN.password(), Account.PLAIN.password(),
            Account.ADMIN.withWrongPassword().password());

    @Samba
    private static SambaServer samba;
    private static SambaServer.Held held;

    @TempDir
    static Path dir;

    @BeforeAll
    static void hold() throws Exception {
        held = samba.connect(Account.ADMIN, "DATA");
        held.open("table.csv");
    }

    @AfterAll
    static void stop() throws Exception {
        if (held != null) {
            held.close();
        }
    }

    @Test
    void noPasswordIsEverPrinted() throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        List<Cli.Run> runs = new ArrayList<>();
        Account wrong = Account.ADMIN.withWrongPassword();
        String closed = "127.0.0.1:" + Cli.closedPort();
        Path list = Files.writeString(dir.resolve("servers.txt"), samba.serverName() + "\n" + closed + "\n");
        Path passwordFile = Files.writeString(dir.resolve("password"), Account.ADMIN.password() + "\n");
        try (PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            for (String format : List.of("text", "table", "json", "csv")) {
                runs.add(expect(0, cli().password(Account.ADMIN).run(as(Account.ADMIN, "-f", format, samba.serverName(), "DATA"))));
                runs.add(expect(4, cli().password(wrong).run(as(wrong, "-f", format, samba.serverName(), "DATA"))));
                runs.add(expect(7, cli().password(wrong).run(as(wrong, "-f", format, "--progress",
                        "--servers", list.toString(), "DATA"))));
            }
            runs.add(expect(3, cli().password(Account.PLAIN).run(as(Account.PLAIN, samba.serverName(), "DATA"))));
            runs.add(expect(5, cli().password(Account.ADMIN).run(as(Account.ADMIN, closed, "DATA"))));
            runs.add(expect(3, cli().password(Account.ADMIN).run(as(Account.ADMIN, "--level", "2", samba.serverName(), "DATA"))));
            runs.add(expect(0, cli().run("--user", "NETCONN\\netadmin", "--password-file", passwordFile.toString(),
                    samba.serverName(), "DATA")));
            runs.add(expect(0, cli().stdin(Account.ADMIN.password() + "\n").run("--user", "NETCONN\\netadmin",
                    "--password-file", "-", samba.serverName(), "DATA")));
            List<String> prompts = new ArrayList<>();
            runs.add(expect(0, cli().terminal(new Terminal() {
                @Override
                public char[] readPassword(String prompt) {
                    prompts.add(prompt);
                    return Account.ADMIN.password().toCharArray();
                }

                @Override
                public boolean stderrIsTerminal() {
                    return true;
                }
            }).run("--user", "NETCONN\\netadmin", samba.serverName(), "DATA")));
            assertEquals(List.of("Password for NETCONN\\netadmin: "), prompts);
            for (String secret : SECRETS) {
                runs.add(expect(2, cli().run("--password", secret, samba.serverName(), "DATA")));
                runs.add(expect(2, cli().run("--password=" + secret, samba.serverName(), "DATA")));
                runs.add(expect(2, cli().run("--pass=" + secret, samba.serverName(), "DATA")));
                runs.add(expect(2, cli().run("-u", "NETCONN\\netadmin", samba.serverName(), "DATA", secret)));
                runs.add(expect(2, cli().env("NETCONN_DEBUG", "1").run("-P", secret, samba.serverName(), "DATA")));
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        String libraries = logged.toString(StandardCharsets.UTF_8);
        for (String secret : SECRETS) {
            for (Cli.Run run : runs) {
                assertFalse(run.out().contains(secret) || run.err().contains(secret), () -> "a password in:\n" + run.show());
            }
            assertFalse(libraries.contains(secret), () -> "a password in what the libraries wrote:\n" + libraries);
        }
        assertTrue(runs.size() > 25);
    }

    private static Cli.Run expect(int code, Cli.Run run) {
        assertEquals(code, run.code(), run::show);
        return run;
    }

    @Test
    void theLogonsStringHidesThePassword() throws Exception {
        Logon logon = Logon.read("NETCONN\\netadmin", "P", null, java.util.Map.of("P", Account.ADMIN.password()),
                java.io.InputStream.nullInputStream(), Terminal.NONE);
        assertEquals("Logon[NETCONN\\netadmin, password ***]", logon.toString());
        assertEquals(Account.ADMIN.password(), new String(logon.password()));
        logon.clear();
        assertEquals("\0".repeat(Account.ADMIN.password().length()), new String(logon.password()));
    }
}
