package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.FaultProxy;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built artefacts as a user runs them: the self-contained jar with {@code java -jar},
 * and the launcher at the repository root. Runs after {@code package} (failsafe).
 */
class LauncherIT {

    private static final Path JAR = Path.of(System.getProperty("netconn.jar", "target/netconn.jar"));
    private static final Path LAUNCHER = Path.of(System.getProperty("netconn.launcher", "../netconn"));
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    record Run(int code, String out, String err) {
        String show() {
            return "exit code " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Run exec(String password, List<String> command) throws Exception {
        return exec(password, null, command, null);
    }

    /** {@code command} with NETCONN_PASSWORD, JAVA_HOME and NETCONN_JAVA_OPTS set where not null. */
    private static Run exec(String password, Path javaHome, List<String> command, String javaOpts) throws Exception {
        Path out = Files.createTempFile("netconn-it-", ".out");
        Path err = Files.createTempFile("netconn-it-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null")));
            if (password != null) {
                builder.environment().put("NETCONN_PASSWORD", password);
            }
            if (javaHome != null) {
                builder.environment().put("JAVA_HOME", javaHome.toString());
            }
            if (javaOpts != null) {
                builder.environment().put("NETCONN_JAVA_OPTS", javaOpts);
            }
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "netconn finished");
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> jar(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void theJarIsSelfContainedAndNamesItsMainClass() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest manifest = jar.getManifest();
            assertEquals("io.github.netconn.cli.Netconn", manifest.getMainAttributes().getValue("Main-Class"));
            assertEquals("io.github.netconn.cli", manifest.getMainAttributes().getValue("Automatic-Module-Name"));
            for (String entry : List.of("io/github/netconn/msrpc/MsrpcConnectionEnumerator.class",
                    "io/github/netconn/netapi32/Netapi32ConnectionEnumerator.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class", "org/slf4j/simple/SimpleLogger.class",
                    "org/codelibs/jcifs/smb/CIFSContext.class",
                    "io/prometheus/metrics/exporter/httpserver/HTTPServer.class")) {
                assertTrue(jar.getEntry(entry) != null, entry);
            }
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("io/github/netconn/testkit/")
                    || e.getName().startsWith("org/testcontainers/") || e.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA)")),
                    "no test fixtures and no stale signatures in the jar");
        }
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the launcher is a bash script")
    void theLauncherRunsTheJar() throws Exception {
        Run run = exec(null, List.of(LAUNCHER.toString(), "--version"));
        assertEquals(0, run.code(), run::show);
        assertTrue(run.out().startsWith("netconn "), run::show);
        assertEquals("", run.err(), run::show);
    }

    /**
     * The launcher's ahead-of-time help, per Java runtime: a run that got no answer trains
     * nothing; the first good run records (a class list on 17 to 24, an AOT configuration on
     * 25 and newer), the second makes the archive or cache, and from then on the application's
     * classes come from it, not from the jar (-Xlog:class+load). No run says anything more than
     * netconn does, on either stream.
     */
    @ParameterizedTest
    @ValueSource(strings = {"test JVM", "Java 25"})
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the launcher is a bash script")
    void theLauncherKeepsTheApplicationsClassesReadyAheadOfTime(String which) throws Exception {
        Path javaHome = which.equals("test JVM") ? Path.of(System.getProperty("java.home")) : java25();
        org.junit.jupiter.api.Assumptions.assumeTrue(javaHome != null, "no Java 25 or newer under /usr/lib/jvm");
        Path target = JAR.toAbsolutePath().getParent();
        try (var old = Files.newDirectoryStream(target, "netconn-*.{jsa,classlist,aot,aotconf,loaded}")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            List<String> args = List.of(LAUNCHER.toString(), "--user", "NETCONN\\netadmin", "--password-env",
                    "NETCONN_PASSWORD", samba.serverName(), "DATA");
            Run refused = exec(Account.ADMIN.withWrongPassword().password(), javaHome, args, null);
            assertEquals(Netconn.EXIT_AUTHENTICATION, refused.code(), refused::show);
            for (int i = 1; i <= 3; i++) {
                Run ok = exec(Account.ADMIN.password(), javaHome, args, null);
                assertEquals(0, ok.code(), ok::show);
                assertEquals("dummy_user\tIPC$\n", ok.out(), () -> "run " + ok.show());
                assertEquals("", ok.err(), ok::show);
                if (i == 1) {
                    try (var made = Files.newDirectoryStream(target, "netconn-*.{jsa,aot}")) {
                        assertFalse(made.iterator().hasNext(), "the refused logon trained nothing");
                    }
                }
            }
            Path loads = Files.createTempFile("netconn-it-", ".classes");
            try {
                Run traced = exec(Account.ADMIN.password(), javaHome, args, "-Xlog:class+load:file=" + loads);
                assertEquals(0, traced.code(), traced::show);
                List<String> lines = Files.readAllLines(loads);
                List<String> fromJar = lines.stream().filter(l -> l.contains("source: file:") || l.contains("source: jar:"))
                        .toList();
                assertTrue(lines.size() > 1_000, () -> lines.size() + " classes loaded");
                assertTrue(fromJar.size() <= 20, () -> fromJar.size() + " of " + lines.size()
                        + " classes loaded from the jar, not the archive or cache: " + fromJar);
            } finally {
                Files.deleteIfExists(loads);
            }
        }
    }

    /** The first Java 25 or newer under /usr/lib/jvm, or null. */
    private static Path java25() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (var homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (Files.isSymbolicLink(home) || !Files.isReadable(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                        .matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 25) {
                    return home;
                }
            }
        }
        return null;
    }

    @Test
    void theJarAgainstSambaPrintsOnlyTheOutputAndNeverThePassword() throws Exception {
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            held.open("readme.txt");
            List<String> logon = List.of("--user", "NETCONN\\netadmin", "--password-env", "NETCONN_PASSWORD");
            List<String> args = new ArrayList<>(logon);
            args.addAll(List.of(samba.serverName(), "DATA"));

            Run ok = exec(Account.ADMIN.password(), jar(args.toArray(String[]::new)));
            assertEquals(0, ok.code(), ok::show);
            assertEquals("dummy_user\tIPC$\n", ok.out(), ok::show);
            assertEquals("", ok.err(), "no library logging: " + ok.show());

            Run wrong = exec(Account.ADMIN.withWrongPassword().password(), jar(args.toArray(String[]::new)));
            assertEquals(Netconn.EXIT_AUTHENTICATION, wrong.code(), wrong::show);
            assertEquals("Error: 1326\n", wrong.out(), wrong::show);
            assertTrue(wrong.err().startsWith("netconn: ERROR_LOGON_FAILURE (1326), authentication failed:"), wrong::show);
            assertEquals(1, wrong.err().lines().count(), "one line, no log noise: " + wrong.show());
            assertFalse((wrong.out() + wrong.err()).contains(Account.ADMIN.password()), wrong::show);

            // Every logger at DEBUG, smbj's and jcifs's too: the password is nowhere. What they print goes to
            // this test's output as well, which scripts/check-secrets scans after the suite.
            for (String smb : List.of("smbj", "jcifs")) {
                List<String> debug = new ArrayList<>(jar(args.toArray(String[]::new)));
                debug.addAll(1, List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                        "-Dorg.slf4j.simpleLogger.log.com.hierynomus=debug",
                        "-Dorg.slf4j.simpleLogger.log.org.codelibs.jcifs=debug"));
                debug.addAll(debug.size() - 2, List.of("--smb", smb));
                Run logged = exec(Account.ADMIN.password(), debug);
                System.out.println("[--smb " + smb + " at DEBUG]\n" + logged.out() + logged.err());
                assertEquals(0, logged.code(), logged::show);
                assertTrue(logged.err().contains(smb.equals("smbj") ? "DEBUG NtlmAuthenticator" : "DEBUG Smb"),
                        () -> "the library's DEBUG lines were printed: " + logged.show());
                assertFalse((logged.out() + logged.err()).contains(Account.ADMIN.password()), "the password at DEBUG");
            }
        }
    }

    /**
     * Every hostile server of the scripted server's (SCENARIO.md) against the command with a
     * 64 MiB heap and the default limits, alone and all in one sweep beside
     * a healthy Samba. Alone, each ends in the protocol violation that names what it ran into
     * (exit code 6), never an OutOfMemoryError: the one that pages for ever (ERROR_MORE_DATA,
     * 50,000 level-0 entries and a fresh resume handle at every call) at the million-entry limit;
     * the one whose fragments never end, in the call's time-out ({@code --timeout 5s}, exit code
     * 5), long before its 16 MiB. In the sweep each hostile server's row says the same, and
     * Samba's answer is whole (exit code 7).
     */
    @Test
    void everyHostileServerEndsInItsProtocolViolationOnA64MiBHeapAloneAndInASweep() throws Exception {
        List<Scenario.Connection> many = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            many.add(Scenario.Connection.of(i, "u", "W", "DATA"));
        }
        java.util.Map<Scenario.Hostile, String> says = new java.util.EnumMap<>(Scenario.Hostile.class);
        says.put(Scenario.Hostile.ENDLESS_PAGES, "more than 1000000 entries, the limit of one enumeration");
        says.put(Scenario.Hostile.FRESH_HANDLES, "paging made no progress");
        says.put(Scenario.Hostile.EMPTY_FRAGMENTS, "carries no data and is not the last");
        // 16 MiB of fragments, the default bound of one reply, take this server minutes to send: the
        // call's time-out (--timeout) ends it first, as it must.
        says.put(Scenario.Hostile.ENDLESS_FRAGMENTS, "time-out of 5000 ms ran out");
        says.put(Scenario.Hostile.TRICKLE, "STATUS_BUFFER_OVERFLOW");
        java.util.Map<Scenario.Hostile, ScriptedServer> hostile = new java.util.EnumMap<>(Scenario.Hostile.class);
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            for (Scenario.Hostile h : says.keySet()) {
                ScriptedServer server = ScriptedServer.start();
                hostile.put(h, server);
                server.load(Scenario.empty().withConnections(h == Scenario.Hostile.ENDLESS_PAGES ? many : many.subList(0, 10))
                        .withQuirks(Scenario.Quirks.NONE.withHostile(h)));
            }
            List<String> logon = List.of("--user", "NETCONN\\netadmin", "--password-env", "NETCONN_PASSWORD",
                    "--min-dialect", "2.0.2", "--level", "0");
            for (Scenario.Hostile h : says.keySet()) {
                List<String> one = new ArrayList<>(jar(logon.toArray(String[]::new)));
                one.add(1, "-Xmx64m");
                one.addAll(List.of("--timeout", h == Scenario.Hostile.ENDLESS_FRAGMENTS ? "5s" : "40s"));
                one.addAll(List.of(hostile.get(h).serverName(), "DATA"));
                Run run = exec(Account.ADMIN.password(), one);
                assertEquals(h == Scenario.Hostile.ENDLESS_FRAGMENTS ? Netconn.EXIT_NETWORK : Netconn.EXIT_PROTOCOL,
                        run.code(), () -> h + ": " + run.show());
                assertTrue(run.err().contains(says.get(h)), () -> h + ": " + run.show());
                assertFalse(run.err().contains("OutOfMemoryError"), run::show);
            }

            Path list = Files.createTempFile("netconn-it-", ".servers");
            try {
                StringBuilder servers = new StringBuilder(samba.serverName()).append('\n');
                hostile.values().forEach(server -> servers.append(server.serverName()).append('\n'));
                Files.writeString(list, servers);
                List<String> sweep = new ArrayList<>(jar(logon.toArray(String[]::new)));
                sweep.add(1, "-Xmx64m");
                // 15 s: a million entries from the endless pager while five other servers are asked at once
                // take a few seconds on two cores; the endless fragments run into it.
                sweep.addAll(List.of("--timeout", "15s", "--format", "csv", "--servers", list.toString(), "DATA"));
                Run swept = exec(Account.ADMIN.password(), sweep);
                assertEquals(Netconn.EXIT_PARTIAL, swept.code(), swept::show);
                hostile.forEach((h, server) -> assertTrue(swept.out().lines().anyMatch(line -> line.startsWith(
                        server.serverName() + ",") && line.contains(h == Scenario.Hostile.ENDLESS_FRAGMENTS
                        ? ",timeout,1460," : ",protocol,1726,")), () -> h + ": " + swept.show()));
                assertTrue(swept.out().lines().anyMatch(line -> line.startsWith(samba.serverName() + ",")
                        && !line.contains(",protocol,")), swept::show);
                assertTrue(swept.err().contains("6 servers: 1 answered, 5 failed (1 timeout, 4 protocol)"), swept::show);
            } finally {
                Files.deleteIfExists(list);
            }
        } finally {
            hostile.values().forEach(ScriptedServer::close);
        }
    }

    @Test
    void aTimeOutIsOneLineOnStandardErrorWithoutLibraryWarnings() throws Exception {
        try (ScriptedServer slow = ScriptedServer.start()) {
            slow.load(Scenario.empty().withShares("DATA").withQuirks(
                    new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY, false, 3_000)));
            Run run = exec(Account.ADMIN.password(), jar("--user", "NETCONN\\netadmin", "--password-env",
                    "NETCONN_PASSWORD", "--min-dialect", "2.0.2", "--timeout", "500ms", slow.serverName(), "DATA"));
            assertEquals(Netconn.EXIT_NETWORK, run.code(), run::show);
            assertEquals("Error: 1460\n", run.out(), run::show);
            // The scripted server speaks SMB 2.0.2 only: netconn's one warning that nothing protects that negotiation.
            List<String> lines = run.err().lines().toList();
            assertEquals(2, lines.size(), "the warning and the error, no library's noise: " + run.show());
            assertTrue(lines.get(0).contains("WARN") && lines.get(0).contains(slow.serverName()), run::show);
            assertTrue(lines.get(1).startsWith("netconn: ERROR_TIMEOUT (1460), timed out:"), run::show);
        }
    }

    /**
     * Ctrl-C in the middle of a sweep of 50 servers (one Samba behind 50 proxies, each reply
     * held 300 ms, so the sweep would take many seconds): exit code 130, every line written
     * so far whole and parseable, the summary on standard error, and no session left on Samba.
     */
    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGINT is sent with kill")
    void ctrlCEndsASweepCleanlyWithExitCode130(String format) throws Exception {
        List<FaultProxy> proxies = new ArrayList<>();
        Path list = Files.createTempFile("netconn-it-", ".servers");
        Path out = Files.createTempFile("netconn-it-", ".out");
        Path err = Files.createTempFile("netconn-it-", ".err");
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            held.open("readme.txt");
            int sessions = samba.sessionsOf(Account.ADMIN.user());
            StringBuilder servers = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                FaultProxy proxy = FaultProxy.to(samba.port());
                proxies.add(proxy);
                proxy.inject(FaultProxy.Fault.delay(FaultProxy.Direction.SERVER_TO_CLIENT, 1, Duration.ofMillis(300))
                        .repeating());
                servers.append(proxy.serverName()).append('\n');
            }
            Files.writeString(list, servers);
            ProcessBuilder builder = new ProcessBuilder(jar("--user", "NETCONN\\netadmin", "--password-env",
                    "NETCONN_PASSWORD", "--format", format, "--parallel", "4", "--timeout", "10s",
                    "--servers", list.toString(), "DATA"))
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("NETCONN_PASSWORD", Account.ADMIN.password());
            Process process = builder.start();
            long started = System.nanoTime();
            int header = format.equals("csv") ? 1 : 0;
            while (Files.readAllLines(out).size() < header + 3 && process.isAlive()
                    && System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
                Thread.sleep(50);
            }
            assertTrue(process.isAlive(), "the sweep was still running when Ctrl-C came: " + Files.readString(err));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -INT");
            long signalled = System.nanoTime();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "netconn ended after Ctrl-C");
            long ending = (System.nanoTime() - signalled) / 1_000_000;
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));

            assertEquals(Netconn.EXIT_INTERRUPTED, run.code(), run::show);
            assertTrue(ending < 8_000, "ending took " + ending + " ms: " + run.show());
            assertTrue(run.out().endsWith(format.equals("csv") ? "\r\n" : "\n"), "the last line is whole: " + run.show());
            List<String> lines = run.out().lines().toList();
            int rows = lines.size() - header;
            assertTrue(rows >= 3 && rows < 50, "some results, not all: " + run.show());
            if (format.equals("json")) {
                ObjectMapper json = new ObjectMapper();
                for (String line : lines) {
                    JsonNode record = json.readTree(line); // throws on a line cut short
                    assertTrue(record.isObject() && record.has("server"), "a whole record: " + line);
                }
                assertEquals(rows, Parse.jsonLines(run.out()).size(), run::show);
            } else {
                int fields = lines.get(0).split(",", -1).length;
                for (String line : lines) {
                    assertEquals(fields, line.split(",", -1).length, "a whole row: " + line);
                }
                assertEquals(rows, Parse.csv(run.out()).size(), run::show);
            }
            List<String> errLines = run.err().lines().toList();
            String summary = errLines.get(errLines.size() - 1);
            assertTrue(summary.matches("netconn: 50 servers: [0-9]+ answered, [0-9]+ failed( \\(.*\\))?, [0-9]+ not asked"
                    + " \\(interrupted\\)"), run::show);
            samba.awaitSessions(Account.ADMIN.user(), sessions, Duration.ofSeconds(10)); // every session was closed
        } finally {
            proxies.forEach(FaultProxy::close);
            Files.deleteIfExists(list);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * A watch from the jar, stopped as a service manager (SIGTERM) or a user (Ctrl-C, SIGINT)
     * stops it: exit code 130 for both, every event line whole, the summary on standard error,
     * and every session the watch opened logged off.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "signals are sent with kill")
    void aSignalStopsAWatchCleanlyWithExitCode130(String signal) throws Exception {
        Path out = Files.createTempFile("netconn-it-", ".out");
        Path err = Files.createTempFile("netconn-it-", ".err");
        try (SambaServer samba = SambaServer.start(); SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            int sessions = samba.sessionsOf(Account.ADMIN.user());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", JAR.toString(), "watch", "--user", "NETCONN\\netadmin", "--password-env",
                    "NETCONN_PASSWORD", "--format", "jsonl", "--interval", "500ms", "--metrics", "0",
                    samba.serverName(), "DATA"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("NETCONN_PASSWORD", Account.ADMIN.password());
            Process process = builder.start();
            try {
                long started = System.nanoTime();
                while (!Files.readString(out).contains("\"event\":\"snapshot\"") && process.isAlive()
                        && System.nanoTime() - started < Duration.ofSeconds(60).toNanos()) {
                    Thread.sleep(50);
                }
                assertTrue(process.isAlive(), "the watch was running: " + Files.readString(err));
                assertTrue(samba.sessionsOf(Account.ADMIN.user()) > sessions, "the watch holds a session");
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
                assertEquals(0, kill.waitFor(), "kill -" + signal);
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "netconn ended after SIG" + signal);
            } finally {
                process.destroyForcibly();
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            assertEquals(Netconn.EXIT_INTERRUPTED, run.code(), run::show);
            assertTrue(run.out().endsWith("\n"), "the last line is whole: " + run.show());
            ObjectMapper json = new ObjectMapper();
            for (String line : run.out().lines().toList()) {
                assertTrue(json.readTree(line).has("event"), "a whole event: " + line);
            }
            List<String> errLines = run.err().lines().toList();
            assertTrue(errLines.get(0).matches("netconn: metrics on http://127\\.0\\.0\\.1:[0-9]+/metrics"), run::show);
            assertTrue(errLines.get(errLines.size() - 1).matches(
                    "netconn: watch stopped: 1 server polled [0-9]+ times?, 0 polls failed"), run::show);
            samba.awaitSessions(Account.ADMIN.user(), sessions, Duration.ofSeconds(10)); // the watch logged off
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
