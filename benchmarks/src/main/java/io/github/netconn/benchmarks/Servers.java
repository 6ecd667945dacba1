package io.github.netconn.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Starts the testkit's servers for benchmarks/compare.sh, so that every tool it times asks
 * the same servers on loopback: the Samba holding {@code --hold N} real connections to DATA
 * (default {@value Fixtures#SMALL}), each its own session with one file open, and the scripted
 * server with a scenario of {@code --scripted N} connections to DATA (default the same), and as
 * many sessions and open files. Prints one line per server,
 * {@code samba 127.0.0.1:PORT} and {@code scripted 127.0.0.1:PORT}, then {@code ready}, and
 * keeps both until standard input closes (or the JVM is stopped), then stops them. With
 * {@code --auth-file FILE} it first writes the account there in Samba's authentication-file
 * format (mode 600), for rpcclient, impacket_bench.py and the CLI. With {@code --every-address}
 * the Samba listens on every 127.x.y.z, so that a sweep can reach it as many distinct hosts
 * (benchmarks/sweep-throughput.sh).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.netconn.benchmarks.Servers --hold 4
 * </pre>
 */
public final class Servers {

    private Servers() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int hold = Fixtures.SMALL;
        int scripted = -1;
        Path authFile = null;
        boolean everyAddress = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                case "--scripted" -> scripted = Integer.parseInt(args[++i]);
                case "--auth-file" -> authFile = Path.of(args[++i]);
                case "--every-address" -> everyAddress = true;
                default -> {
                    System.err.println("usage: Servers [--hold N] [--scripted N] [--auth-file FILE] [--every-address]");
                    System.exit(2);
                }
            }
        }
        if (authFile != null) {
            writeAuthFile(authFile);
        }
        long began = System.nanoTime();
        Target samba = Target.samba(hold, false, everyAddress);
        Target script = null;
        try {
            script = Target.scripted(scripted < 0 ? hold : scripted, false);
        } finally {
            if (script == null) {
                samba.close();
            }
        }
        Target scriptedTarget = script;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scriptedTarget.close();
            samba.close();
        }, "stop-servers"));
        System.err.printf("Servers: ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
        System.out.println("samba " + samba.serverName());
        System.out.println("scripted " + script.serverName());
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() != -1) {
            // hold until standard input closes
        }
        script.close();
        samba.close();
    }

    /**
     * The account in Samba's authentication-file format ({@code rpcclient -A FILE}), readable
     * by its owner only, so that no password appears on a command line or in the output.
     */
    private static void writeAuthFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "username = " + Fixtures.ACCOUNT.user() + "\n"
                + "password = " + Fixtures.ACCOUNT.password() + "\n"
                + "domain = " + Fixtures.ACCOUNT.domain() + "\n", StandardCharsets.UTF_8);
    }
}
