package io.github.netconn.cli;

import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The main job (scripts/demo): starts the testkit's Samba server, holds real connections
 * to it as two users with files open, and runs the {@code netconn} launcher against it as
 * a user would, printing each command, its output (standard error marked {@code stderr|})
 * and its exit code. The password reaches
 * netconn in the environment variable NETCONN_PASSWORD, never on its command line. The
 * server is stopped however this ends (normally, by an exception, or on SIGINT/SIGTERM).
 *
 * <p>Argument: the repository root, where the {@code netconn} launcher is (default: the
 * working directory). Environment: NETCONN_DEMO_STATE, a file to write the server's port
 * to, so that scripts/demo can remove the container if this JVM is killed outright.
 *
 * <p>Exit code 0 when every command ended with the exit code expected of it, 1 otherwise.
 */
public final class Demo {

    private final Path launcher;
    private final List<String> surprises = new ArrayList<>();

    private Demo(Path launcher) {
        this.launcher = launcher;
    }

    public static void main(String[] args) throws Exception {
        String root = args.length > 0 ? args[0] : ".";
        Path repo = Path.of(root).toAbsolutePath().normalize();
        Path launcher = repo.resolve("netconn");
        if (!Files.isExecutable(launcher)) {
            System.err.println("demo: no executable launcher at " + launcher);
            System.exit(2);
        }
        System.exit(new Demo(launcher).run());
    }

    private int run() throws Exception {
        heading("Starting the testkit's Samba server (Debian's Samba 4.17, in a container on loopback)");
        SambaServer samba = SambaServer.start();
        Thread stopper = new Thread(samba::close, "demo-stop-samba");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (samba) {
            String state = System.getenv("NETCONN_DEMO_STATE");
            if (state != null) {
                Files.writeString(Path.of(state), Integer.toString(samba.port()) + "\n");
            }
            String server = samba.serverName();
            System.out.println("Samba listens on " + server + " with the shares DATA, PUBLIC and ARCHIVE and two accounts:");
            System.out.println("  " + name(Account.ADMIN) + "  (in BUILTIN\\Administrators: may list connections)");
            System.out.println("  " + name(Account.PLAIN) + "   (a plain user: Samba refuses it with ERROR_ACCESS_DENIED)");

            heading("Opening real SMB connections, each with its own session, and keeping files open");
            try (SambaServer.Held adminData = samba.connect(Account.ADMIN, "DATA");
                 SambaServer.Held plainData = samba.connect(Account.PLAIN, "DATA");
                 SambaServer.Held adminPublic = samba.connect(Account.ADMIN, "PUBLIC")) {
                adminData.open("readme.txt");
                adminData.open("table.csv");
                plainData.open("docs/notes.txt");
                adminPublic.open("readme.txt");
                System.out.println("  " + name(Account.ADMIN) + " -> \\\\" + server + "\\DATA    open: readme.txt, table.csv");
                System.out.println("  " + name(Account.PLAIN) + "  -> \\\\" + server + "\\DATA    open: docs\\notes.txt");
                System.out.println("  " + name(Account.ADMIN) + " -> \\\\" + server + "\\PUBLIC  open: readme.txt");
                commands(samba, server);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        heading("Done: the connections are closed and the Samba container is stopped");
        if (!surprises.isEmpty()) {
            System.out.println("UNEXPECTED: " + String.join("; ", surprises));
            return 1;
        }
        System.out.println("Every command ended with the exit code expected of it.");
        return 0;
    }

    private void commands(SambaServer samba, String server) throws IOException, InterruptedException {
        String admin = Account.ADMIN.password();
        List<String> asAdmin = List.of("--user", name(Account.ADMIN), "--password-env", "NETCONN_PASSWORD");

        heading("Who is connected to DATA? (the Windows sample's output: user name, TAB, net name)");
        netconn(admin, 0, asAdmin, server, "DATA");
        placeholders();

        heading("Every field, as a table");
        netconn(admin, 0, asAdmin, "--format", "table", server, "DATA");

        heading("Every field, as JSON");
        netconn(admin, 0, asAdmin, "--format", "json", server, "DATA");

        heading("The other share with a connection, as CSV");
        netconn(admin, 0, asAdmin, "--format", "csv", server, "PUBLIC");

        heading("Level 0: connection ids only");
        netconn(admin, 0, asAdmin, "--level", "0", server, "DATA");
        System.out.println("(Samba answers level 0 with one entry, id 1, whatever is connected: a placeholder too.)");

        heading("Connections from a computer (\\\\ComputerName qualifier)");
        netconn(admin, 0, asAdmin, "--format", "table", server, "\\\\127.0.0.1");
        System.out.println("(Samba answers any \\\\ComputerName with one placeholder entry; Windows lists that client's"
                + " connections, one per share.)");

        heading("The plain user may not list connections: a server status, exit code 3");
        netconn(Account.PLAIN.password(), Netconn.EXIT_STATUS,
                List.of("--user", name(Account.PLAIN), "--password-env", "NETCONN_PASSWORD"), server, "DATA");

        heading("A share that does not exist: a server status, exit code 3");
        netconn(admin, Netconn.EXIT_STATUS, asAdmin, server, "NOSUCHSHARE");
        System.out.println("(Samba says ERROR_INVALID_NAME (123); Windows and illumos say NERR_NetNameNotFound (2310).)");

        heading("A level that does not exist: ERROR_INVALID_LEVEL before any network traffic, exit code 3");
        netconn(admin, Netconn.EXIT_STATUS, asAdmin, "--level", "2", server, "DATA");

        heading("A sweep: the Samba server and a closed port, as CSV; exit code 7 when some server failed");
        Path list = Files.createTempFile("netconn-demo-servers-", ".txt");
        try {
            int closed = closedPort();
            Files.writeString(list, "# servers to sweep, one per line\n" + server + "\n127.0.0.1:" + closed + "\n",
                    StandardCharsets.UTF_8);
            System.out.println("servers file:");
            Files.readAllLines(list).forEach(line -> System.out.println("  " + line));
            netconn(admin, Netconn.EXIT_PARTIAL, asAdmin, "--format", "csv", "--timeout", "5s",
                    "--servers", list.toString(), "DATA");
        } finally {
            Files.deleteIfExists(list);
        }
    }

    private static void placeholders() {
        System.out.println();
        System.out.println("What is real here and what is not: Samba 4.17 (the server of this demo) fills only two things");
        System.out.println("for real: the NUMBER of entries (one per live tree connect to the share) and each entry's");
        System.out.println("OPEN COUNT (openCount, files open on it). Everything else is a PLACEHOLDER that Samba sends");
        System.out.println("for every entry: id = the number of entries, share type 3 (IPC), users 1, seconds 3,");
        System.out.println("user name \"dummy_user\" and net name \"IPC$\". So the lines above are not the real user");
        System.out.println("names and client computers: a Windows server reports those.");
    }

    /** Runs the launcher, showing the command (with the variable, never the password) and its exit code. */
    private void netconn(String password, int expected, List<String> logon, String... rest)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(logon);
        command.addAll(List.of(rest));
        System.out.println("$ NETCONN_PASSWORD=*** ./netconn " + shell(command.subList(1, command.size())));
        System.out.flush();
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("NETCONN_PASSWORD", password);
        Process process = builder.start();
        // Both streams are read to the end at once (no pipe can fill up); standard error is shown marked.
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            surprises.add("netconn " + String.join(" ", rest) + " did not finish in 120 s");
            return;
        }
        System.out.print(new String(out, StandardCharsets.UTF_8));
        new String(err.join(), StandardCharsets.UTF_8).lines().forEach(line -> System.out.println("stderr| " + line));
        int code = process.exitValue();
        System.out.println("[exit code " + code + (code == expected ? "" : "; expected " + expected) + "]");
        if (code != expected) {
            surprises.add("netconn " + String.join(" ", rest) + " exited with " + code + ", not " + expected);
        }
    }

    private static String shell(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add(word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }

    private static String name(Account account) {
        return account.domain() + "\\" + account.user();
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void heading(String text) {
        System.out.println();
        System.out.println("== " + text);
    }
}
