package io.github.netconn.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages as a user gets them: the .deb installed on this machine with apt-get, the
 * command run from its own runtime (version, man page, completion, the ahead-of-time cache
 * mapped, a call against the testkit's Samba), then removed, leaving nothing; the .tar.gz
 * unpacked anywhere and run. Root only (it installs a package): the profile deb-install.
 */
class DebianPackageIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static SambaServer samba;

    @BeforeAll
    static void start() throws Exception {
        assertEquals("0", run(Map.of(), "id", "-u").out().strip(),
                "the package test installs a package: run it as root");
        samba = SambaServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (samba != null) {
            samba.close();
        }
        run(Map.of(), "apt-get", "remove", "-y", "netconn"); // also after a failure: leave the machine as it was
    }

    @Test
    void theDebianPackageInstallsRunsAndRemovesCleanly() throws Exception {
        Path deb = only("netconn_", ".deb");
        Result install = run(Map.of(), "apt-get", "install", "-y", deb.toString());
        assertEquals(0, install.code(), install::show);

        Result version = run(Map.of(), "/usr/bin/netconn", "--version");
        assertEquals(0, version.code(), version::show);
        assertTrue(version.out().startsWith("netconn " + System.getProperty("netconn.version") + "\n"), version::show);
        assertTrue(Files.isExecutable(Path.of("/usr/lib/netconn/runtime/bin/java")), "its own runtime");

        // The cache trained at packaging time is mapped where it is installed: AOTMode=on refuses to start otherwise.
        if (Files.exists(Path.of("/usr/lib/netconn/lib/netconn.aot"))) {
            Result mapped = run(Map.of("NETCONN_JAVA_OPTS", "-XX:AOTMode=on"), "/usr/bin/netconn", "--version");
            assertEquals(0, mapped.code(), mapped::show);
        }
        assertEquals(0, run(Map.of(), "man", "-w", "netconn").code(), "the man page is installed");
        Result completion = run(Map.of(), "bash", "-c",
                "source /usr/share/bash-completion/completions/netconn && complete -p netconn");
        assertTrue(completion.out().contains("-F _netconn netconn"), completion::show);

        try (SambaServer.Held held = samba.connect(Account.ADMIN, "PUBLIC")) {
            held.open("readme.txt");
            Result call = run(Map.of("NETCONN_PASSWORD", Account.ADMIN.password()), "/usr/bin/netconn",
                    "--user", Account.ADMIN.domain() + "\\" + Account.ADMIN.user(), "--password-env", "NETCONN_PASSWORD",
                    samba.serverName(), "PUBLIC");
            assertEquals(0, call.code(), call::show);
            assertEquals("dummy_user\tIPC$\n", call.out(), call::show); // Samba's placeholders, one per tree connect
        }

        Result remove = run(Map.of(), "apt-get", "remove", "-y", "netconn");
        assertEquals(0, remove.code(), remove::show);
        assertFalse(Files.exists(Path.of("/usr/bin/netconn")), "the command is gone");
        assertFalse(Files.exists(Path.of("/usr/lib/netconn")), "so is its runtime");
    }

    @Test
    void theArchiveRunsWhereverItIsUnpacked(@TempDir Path anywhere) throws Exception {
        Path archive = only("netconn-", "-linux-x64.tar.gz");
        assertEquals(0, run(Map.of(), "tar", "-xzf", archive.toString(), "-C", anywhere.toString()).code());
        Path command = anywhere.resolve("netconn-" + System.getProperty("netconn.version")).resolve("bin/netconn");
        Result version = run(Map.of(), command.toString(), "--version");
        assertEquals(0, version.code(), version::show);
        Result usage = run(Map.of(), command.toString(), "--level", "2");
        assertEquals(2, usage.code(), usage::show);
    }

    private static Path only(String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), () -> "one " + prefix + "*" + suffix + " in " + TARGET + ": " + found);
            return found.get(0);
        }
    }

    record Result(int code, String out, String err) {
        String show() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)));
        builder.environment().putAll(env);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Path out = Files.createTempFile("netconn-dist-", ".out");
        Path err = Files.createTempFile("netconn-dist-", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end in 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
