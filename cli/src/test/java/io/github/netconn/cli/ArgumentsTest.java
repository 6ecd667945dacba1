package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines that cannot run: each ends with exit code 2, nothing on standard output,
 * and a message naming the problem, before any network traffic (every server here is a
 * closed loopback port, so an attempt to connect would show as exit code 5 instead).
 */
class ArgumentsTest {

    private static final String SERVER = "127.0.0.1:" + Cli.closedPort();
    private static final String USER = "NETCONN\\netadmin";

    @TempDir
    static Path dir;

    static Stream<Arguments> usageErrors() throws IOException {
        Path comments = Files.writeString(dir.resolve("comments.txt"), "# nothing\n\n   \n# here\n");
        Path badLine = Files.writeString(dir.resolve("bad.txt"), SERVER + "\n\\\\\n");
        Path spaced = Files.writeString(dir.resolve("spaced.txt"), "# fleet\n" + SERVER + "\n\nfs 01\n");
        Path noHost = Files.writeString(dir.resolve("no-host.txt"), SERVER + "\n:445\n");
        Path badPort = Files.writeString(dir.resolve("bad-port.txt"), SERVER + "\n" + SERVER + "\nfs01:99999\n");
        return Stream.of(
                usage("missing the ShareName or \\\\ComputerName"),
                usage("too many arguments", SERVER, "DATA", "extra"),
                usage("unknown option --bogus", "--bogus", SERVER, "DATA"),
                usage("Invalid value for option '--level'", "--level", "one", SERVER, "DATA"),
                usage("Invalid value for option '--format'", "--format", "xml", SERVER, "DATA"),
                usage("Invalid value for option '--adapter'", "--adapter", "smb1", SERVER, "DATA"),
                usage("--timeout: 'soon' is not a duration", "--user", USER, "--timeout", "soon", SERVER, "DATA"),
                usage("--timeout: '0s' must be at least 1ms", "--user", USER, "--timeout", "0s", SERVER, "DATA"),
                usage("--page-size: '0' is neither 'all' nor a byte count", "--page-size", "0", SERVER, "DATA"),
                usage("--page-size: 'lots' is neither", "--page-size", "lots", SERVER, "DATA"),
                usage("--page-size: '4294967295' is neither", "--page-size", "4294967295", SERVER, "DATA"),
                usage("--parallel: 0 is not from 1 to 256", "--parallel", "0", "--servers", "-", "DATA"),
                usage("--parallel: 257 is not from 1 to 256", "--parallel", "257", "--servers", "-", "DATA"),
                usage("--port: 0 is not from 1 to 65535", "--port", "0", SERVER, "DATA"),
                usage("--port: 65536 is not from 1 to 65535", "--port", "65536", SERVER, "DATA"),
                usage("ShareName | \\\\ComputerName: qualifier '\\\\' names no computer", SERVER, "\\\\"),
                usage("ShareName | \\\\ComputerName: qualifier must not be empty", SERVER, ""),
                usage("ShareName | \\\\ComputerName: qualifier contains a NUL", SERVER, "DA\0TA"),
                usage("ShareName | \\\\ComputerName: qualifier is 1024 characters long", SERVER, "S".repeat(1024)),
                usage("ServerName: server '\\\\' names no host", "\\\\", "DATA"),
                usage("ServerName: server name contains the character U+0020", "fs 01", "DATA"),
                usage("no ServerName given", "--user", USER, "DATA"),
                usage("no ServerName given", "DATA"),
                usage("the msrpc adapter logs on to the server: give --user", SERVER, "DATA"),
                usage("the msrpc adapter logs on to the server", "--adapter", "msrpc", SERVER, "DATA"),
                usage("--user: the netapi32 adapter runs as your Windows logon", "--adapter", "netapi32",
                        "--user", USER, SERVER, "DATA"),
                usage("--port: the netapi32 adapter", "--adapter", "netapi32", "--port", "445", "DATA"),
                usage("--smb: the netapi32 adapter", "--adapter", "netapi32", "--smb", "jcifs", "DATA"),
                usage("--smb: 'smb1' is neither smbj nor jcifs", "--smb", "smb1", "--user", USER, SERVER, "DATA"),
                usage("--min-dialect: '2.2' is not one of 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1", "--min-dialect", "2.2",
                        "--user", USER, SERVER, "DATA"),
                usage("--max-dialect 1: SMB1 is spoken by jcifs only; add --smb jcifs", "--max-dialect", "1",
                        "--user", USER, SERVER, "DATA"),
                usage("--min-dialect 3.1.1 is above --max-dialect 3.0", "--min-dialect", "3.1.1", "--max-dialect", "3.0",
                        "--user", USER, SERVER, "DATA"),
                usage("the lowest dialect, 3.0 by default, is above --max-dialect 2.1", "--max-dialect", "2.1",
                        "--user", USER, SERVER, "DATA"),
                usage("--encryption required needs SMB 3.0 or newer, but --max-dialect is 2.1", "--encryption", "required",
                        "--min-dialect", "2.0.2", "--max-dialect", "2.1", "--user", USER, SERVER, "DATA"),
                usage("--encryption required and --smb jcifs: jcifs 3.0.2 cannot encrypt", "--encryption", "required",
                        "--smb", "jcifs", "--user", USER, SERVER, "DATA"),
                usage("--encryption: 'maybe' is not one of off, if-server-requires, required", "--encryption", "maybe",
                        "--user", USER, SERVER, "DATA"),
                usage("the netapi32 adapter needs Windows", "--adapter", "netapi32", "DATA"),
                usage("--user and --anonymous: choose one", "--user", USER, "--anonymous", SERVER, "DATA"),
                usage("--password-env needs --user", "--password-env", "X", SERVER, "DATA"),
                usage("--password-file needs --user", "--password-file", "x", SERVER, "DATA"),
                usage("--password-env: the environment variable NOT_SET_ANYWHERE is not set",
                        "--user", USER, "--password-env", "NOT_SET_ANYWHERE", SERVER, "DATA"),
                usage("--password-env and --password-file: give one source",
                        "--user", USER, "--password-env", "X", "--password-file", "y", SERVER, "DATA"),
                usage("--password-file: " + dir.resolve("absent") + " does not exist",
                        "--user", USER, "--password-file", dir.resolve("absent").toString(), SERVER, "DATA"),
                usage("no password for " + USER + ", and no terminal to ask for it on", "--user", USER, SERVER, "DATA"),
                usage("--user: 'NETCONN\\' names no user", "--user", "NETCONN\\", "--password-env", "X", SERVER, "DATA"),
                usage("--user: '@NETCONN' names no user", "--user", "@NETCONN", "--password-env", "X", SERVER, "DATA"),
                usage("--user: 'netadmin@' names no domain", "--user", "netadmin@", "--password-env", "X", SERVER,
                        "DATA"),
                usage("--user: 'NETCONN/' names no user", "--user", "NETCONN/", "--password-env", "X", SERVER, "DATA"),
                usage("with --servers, give only the ShareName", "--servers", "-", SERVER, "DATA"),
                usage("--servers: " + dir.resolve("none.txt") + " does not exist",
                        "--servers", dir.resolve("none.txt").toString(), "DATA"),
                usage("--servers: " + comments + " names no server", "--servers", comments.toString(), "DATA"),
                usage("--servers: line 2: '\\\\': server '\\\\' names no host", "--servers", badLine.toString(), "DATA"),
                usage("--servers: line 4: 'fs 01': server name contains the character U+0020 at index 2",
                        "--servers", spaced.toString(), "DATA"),
                usage("--servers: line 2: ':445': server ':445' is not host:port with a port from 1 to 65535",
                        "--servers", noHost.toString(), "DATA"),
                usage("--servers: line 3: 'fs01:99999': server 'fs01:99999' is not host:port with a port from 1 to 65535",
                        "--servers", badPort.toString(), "DATA"),
                usage("--servers - and --password-file -: standard input cannot hold both",
                        "--user", USER, "--password-file", "-", "--servers", "-", "DATA"),
                usage("--realm is for Kerberos: add --kerberos", "--realm", "NETCONN.TEST", "--kdc", "kdc", SERVER, "DATA"),
                usage("--realm and --kdc go together", "--kerberos", "--realm", "NETCONN.TEST", "fs01", "DATA"),
                usage("--kerberos and --anonymous: choose one", "--kerberos", "--anonymous", "fs01", "DATA"),
                usage("--keytab needs --user: whose key is it?", "--keytab", "k", "fs01", "DATA"),
                usage("--keytab and a password: choose one",
                        "--keytab", "k", "--user", "netadmin", "--password-env", "X", "fs01", "DATA"),
                usage("--user with --kerberos: give user or user@REALM, not DOMAIN\\user",
                        "--kerberos", "--user", USER, "fs01", "DATA"),
                usage("--kerberos: 127.0.0.1:445 is an address, but Kerberos needs the server's host name",
                        "--kerberos", "127.0.0.1:445", "DATA"),
                usage("--kerberos: the keytab " + dir.resolve("absent.keytab") + " is not a readable file",
                        "--keytab", dir.resolve("absent.keytab").toString(), "--user", "netadmin", "fs01", "DATA"),
                usage("Kerberos is refused on jcifs", "--kerberos", "--smb", "jcifs", "fs01", "DATA"));
    }

    private static Arguments usage(String message, String... args) {
        return Arguments.of(message, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void exitsWith2AndSaysWhy(String message, String[] args) {
        Cli.Run run = cli().env("X", "x").run(args);
        assertEquals(Netconn.EXIT_USAGE, run.code(), () -> Arrays.toString(args) + "\n" + run.show());
        assertEquals("", run.out(), run::show);
        assertTrue(run.err().startsWith("netconn: ") && run.err().contains(message), run::show);
        assertTrue(run.err().endsWith("Try 'netconn --help' for more information.\n"), run::show);
    }

    @Test
    void aPasswordArgumentIsRefusedWithoutEchoingIt() {
        for (String[] args : List.of(
                new String[] {"--password", "Sekr1t-Value", SERVER, "DATA"},
                new String[] {"--password=Sekr1t-Value", SERVER, "DATA"},
                new String[] {"--password", "--Sekr1t-Value", SERVER, "DATA"},
                new String[] {"--passwd=Sekr1t-Value", SERVER, "DATA"},
                new String[] {"--user", USER, "--pw", "Sekr1t-Value", SERVER, "DATA"})) {
            Cli.Run run = cli().run(args);
            assertEquals(Netconn.EXIT_USAGE, run.code(), run::show);
            assertFalse(run.out().contains("Sekr1t") || run.err().contains("Sekr1t"), run::show);
        }
        Cli.Run run = cli().run("--password", "Sekr1t-Value", SERVER, "DATA");
        assertTrue(run.err().contains("a password is never taken as an argument"), run::show);
    }

    @Test
    void helpAndVersionExit0OnStandardOutput() {
        Cli.Run help = cli().run("--help");
        assertEquals(0, help.code(), help::show);
        assertTrue(help.out().startsWith("Usage: netconn [OPTIONS] [ServerName] ShareName | \\\\ComputerName"), help::show);
        for (String text : List.of("--level", "--adapter", "--smb", "--port", "--user", "--password-env", "--password-file",
                "--format", "--page-size", "--timeout", "--servers", "--parallel", "Exit codes:", "  7  ")) {
            assertTrue(help.out().contains(text), "help mentions " + text);
        }
        assertEquals("", help.err());

        Cli.Run version = cli().run("--version");
        assertEquals(0, version.code(), version::show);
        assertTrue(version.out().matches("(?s)netconn \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*"), version::show);
        assertEquals(0, cli().run("-V").code());
        assertEquals(0, cli().run("-h").code());
    }

    @Test
    void anArgumentStartingWithAtIsAShareNotAFileOfArguments() throws IOException {
        // Some parsers read "@file" as more arguments (here: --help, exit code 0); netconn takes it as the share.
        Path arguments = Files.writeString(dir.resolve("arguments"), "--help\n");
        Cli.Run run = cli().run("--level", "5", SERVER, "@" + arguments);
        assertEquals(Netconn.EXIT_STATUS, run.code(), run::show);
        assertEquals(List.of("Error: 124"), run.lines());
    }

    @Test
    void theAutoAdapterIsNetapi32OnlyOnWindowsForTheLocalComputerWithoutLogonOptions() throws Exception {
        ConnectionQuery<?> local = ConnectionQuery.local(Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
        ConnectionQuery<?> remote = ConnectionQuery.on("fs01", Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
        Map<String, String> env = Map.of("COMPUTERNAME", "WS042");
        Adapters.Adapter auto = Adapters.Adapter.AUTO;
        assertEquals(Adapters.Adapter.NETAPI32, Adapters.choose(auto, List.of(local), List.of(), true, env));
        for (String name : List.of("localhost", "127.0.0.1", ".", "ws042", "\\\\WS042")) {
            ConnectionQuery<?> q = ConnectionQuery.on(name, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
            assertEquals(Adapters.Adapter.NETAPI32, Adapters.choose(auto, List.of(q), List.of(), true, env), name);
        }
        assertEquals(Adapters.Adapter.MSRPC, Adapters.choose(auto, List.of(remote), List.of("--user"), true, env));
        assertEquals(Adapters.Adapter.MSRPC, Adapters.choose(auto, List.of(remote), List.of("--anonymous"), false, env));
        UsageException remoteWithoutUser = assertThrows(UsageException.class,
                () -> Adapters.choose(auto, List.of(remote), List.of(), true, env));
        assertTrue(remoteWithoutUser.getMessage().contains("--adapter netapi32 to run as your Windows logon"),
                remoteWithoutUser.getMessage());
        assertThrows(UsageException.class, () -> Adapters.choose(auto, List.of(local), List.of("--user"), true, env));
        assertThrows(UsageException.class, () -> Adapters.choose(auto, List.of(local), List.of(), false, env));
        assertEquals(Adapters.Adapter.NETAPI32,
                Adapters.choose(Adapters.Adapter.NETAPI32, List.of(remote), List.of(), false, env));
    }

    @Test
    void durationsAndPageSizes() throws Exception {
        assertEquals(Duration.ofMillis(500), io.github.netconn.cli.Arguments.duration("500ms", "t"));
        assertEquals(Duration.ofSeconds(5), io.github.netconn.cli.Arguments.duration("5s", "t"));
        assertEquals(Duration.ofSeconds(5), io.github.netconn.cli.Arguments.duration("5", "t"));
        assertEquals(Duration.ofMillis(1500), io.github.netconn.cli.Arguments.duration("1.5s", "t"));
        assertEquals(Duration.ofMinutes(2), io.github.netconn.cli.Arguments.duration("2m", "t"));
        assertEquals(Duration.ofHours(1), io.github.netconn.cli.Arguments.duration("1h", "t"));
        assertEquals(Duration.ofSeconds(7), io.github.netconn.cli.Arguments.duration("PT7S", "t"));
        for (String bad : List.of("", "-1s", "5 s", "5d", "0", "0.0001s", "PT0S", "P", "9999999h")) {
            assertThrows(UsageException.class, () -> io.github.netconn.cli.Arguments.duration(bad, "t"), bad);
        }
        assertEquals(PageSize.ALL, io.github.netconn.cli.Arguments.pageSize("ALL"));
        assertEquals(PageSize.ofBytes(1), io.github.netconn.cli.Arguments.pageSize("1"));
        assertEquals(PageSize.ofBytes(0xFFFF_FFFEL), io.github.netconn.cli.Arguments.pageSize("4294967294"));
    }

    @Test
    void quotedCellsKeepEveryCharacterExactly() {
        List<String> values = new ArrayList<>(List.of("", "-", "\"x", "a\tb", "a\nb", "\u0000", "\u007f", "\u2028",
                "\u200b", "\ud800", "x\udc00y", "back\\slash", "sp ace"));
        for (String value : values) {
            String quoted = Cells.quoted(value);
            assertEquals(value, Parse.cell(quoted).orElseThrow(), quoted);
            assertFalse(quoted.chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c)
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR),
                    "nothing invisible is left in " + quoted);
            assertEquals(Parse.cell(Cells.table(java.util.Optional.of(value))).orElseThrow(), value, value);
            assertEquals(Parse.cell(Cells.text(java.util.Optional.of(value))).orElseThrow(), value, value);
        }
        assertEquals("-", Cells.table(java.util.Optional.empty()));
        assertEquals("plain", Cells.table(java.util.Optional.of("plain")));
        assertEquals("two words", Cells.text(java.util.Optional.of("two words")));
        assertEquals("\"two words\"", Cells.table(java.util.Optional.of("two words")));
    }

    @Test
    void csvFieldsAreQuotedWhereRfc4180NeedsIt() {
        assertEquals("plain", CsvOutput.field("plain"));
        assertEquals("\"\"", CsvOutput.field(""));
        assertEquals("\"a,b\"", CsvOutput.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvOutput.field("say \"hi\""));
        assertEquals("\"a\r\nb\"", CsvOutput.field("a\r\nb"));
        assertEquals("\" lead\"", CsvOutput.field(" lead"));
        assertEquals("two words", CsvOutput.field("two words"));
    }
}
