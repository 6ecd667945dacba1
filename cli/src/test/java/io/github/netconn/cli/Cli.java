package io.github.netconn.cli;

import io.github.netconn.testkit.Account;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command in this JVM with captured standard output and error. */
final class Cli {

    /** The variable the tests pass passwords in. */
    static final String PASSWORD_VARIABLE = "NETCONN_TEST_PASSWORD";

    /** One run: exit code, standard output, standard error. */
    record Run(int code, String out, String err) {
        /** For assertion messages. */
        String show() {
            return "exit code " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }

        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\r?\n"));
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = InputStream.nullInputStream();
    private Terminal terminal = Terminal.NONE;

    static Cli cli() {
        return new Cli();
    }

    /** With {@code account}'s password in {@link #PASSWORD_VARIABLE}. */
    Cli password(Account account) {
        return env(PASSWORD_VARIABLE, account.password());
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Cli terminal(Terminal t) {
        terminal = t;
        return this;
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Netconn.run(args, stdin, o, e, Map.copyOf(env), terminal);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Starts the command on a thread of its own (a watch), with captured output that can be
     * read while it runs; {@link Background#stop()} stops it as Ctrl-C does.
     */
    Background start(String... args) {
        return new Background(args, stdin, Map.copyOf(env), terminal);
    }

    /** A command running in this JVM until stopped. */
    static final class Background implements AutoCloseable {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final Interruption interruption = new Interruption();
        private final Thread thread;
        private volatile Integer code;
        private volatile Throwable thrown;

        private Background(String[] args, InputStream stdin, Map<String, String> env, Terminal terminal) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            thread = new Thread(() -> {
                try {
                    code = Netconn.run(args, stdin, o, e, env, terminal, interruption);
                } catch (Throwable t) {
                    thrown = t;
                } finally {
                    interruption.finished();
                }
            }, "netconn-under-test");
            thread.start();
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        boolean running() {
            return thread.isAlive();
        }

        /** Waits (at most {@code limit}) until {@code condition} holds of standard output; false if it never did. */
        boolean awaitOut(java.util.function.Predicate<String> condition, java.time.Duration limit)
                throws InterruptedException {
            long end = System.nanoTime() + limit.toNanos();
            while (!condition.test(out())) {
                if (System.nanoTime() > end || !thread.isAlive()) {
                    return condition.test(out());
                }
                Thread.sleep(50);
            }
            return true;
        }

        /** Ctrl-C: requests the interruption and waits (at most 60 s) for the command to end. */
        Run stop() throws InterruptedException {
            interruption.request();
            thread.join(60_000);
            if (thread.isAlive()) {
                throw new AssertionError("the command did not end within 60 s of Ctrl-C:\n" + out() + err());
            }
            if (thrown != null) {
                throw new AssertionError("the command threw", thrown);
            }
            return new Run(code, out(), err());
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                stop();
            }
        }
    }

    /** {@code --user DOMAIN\\user --password-env NETCONN_TEST_PASSWORD} followed by {@code rest}. */
    static String[] as(Account account, String... rest) {
        List<String> args = new ArrayList<>(List.of("--user", account.domain() + "\\" + account.user(),
                "--password-env", PASSWORD_VARIABLE));
        args.addAll(List.of(rest));
        return args.toArray(String[]::new);
    }

    /**
     * {@link #as} for the scripted server, which (impacket 0.10) speaks SMB 2.0.2 only: SMB 2
     * must be asked for, and each call then logs one warning that names the server.
     */
    static String[] onScripted(Account account, String... rest) {
        List<String> args = new ArrayList<>(List.of("--min-dialect", "2.0.2"));
        args.addAll(List.of(rest));
        return as(account, args.toArray(String[]::new));
    }

    /** A loopback port nothing listens on. */
    static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
