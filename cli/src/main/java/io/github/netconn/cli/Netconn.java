package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.HELP;
import static io.github.netconn.cli.OptionNames.HELP_SHORT;
import static io.github.netconn.cli.OptionNames.VERSION;
import static io.github.netconn.cli.OptionNames.VERSION_SHORT;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code netconn} command's entry point: it picks the command, {@code watch} ({@link Watch})
 * when that is the first argument and the query ({@link QueryCommand}) otherwise, answers
 * {@code --help} and {@code --version} for either, and turns what the command did into the
 * exit code. {@code netconn [options] [ServerName] ShareName} lists the connections to a
 * share; {@code netconn [options] [ServerName] \\ComputerName} those from a computer.
 * {@code --servers FILE} sweeps many servers at once.
 *
 * <p>Exit codes: {@value #EXIT_OK} success (also when nothing is connected);
 * {@value #EXIT_INTERNAL} an internal error (a bug); {@value #EXIT_USAGE} a usage error,
 * before any I/O; {@value #EXIT_STATUS} the server returned a status (also
 * ERROR_INVALID_LEVEL for {@code --level} other than 0 or 1); {@value #EXIT_AUTHENTICATION}
 * the logon was refused; {@value #EXIT_NETWORK} the server could not be reached or did not
 * answer in time; {@value #EXIT_PROTOCOL} the server broke the protocol;
 * {@value #EXIT_PARTIAL} a sweep in which at least one server failed;
 * {@value #EXIT_INTERRUPTED} a sweep ended by Ctrl-C (SIGINT) or SIGTERM, its output so far
 * whole, and a watch stopped by either ({@link Watch}: {@code netconn watch ...}; a first
 * argument {@code watch} is the watch command, {@code netconn -- watch} the local share).
 *
 * <p>Tests and embedders call {@link #run(String[], PrintStream, PrintStream, Map)}, which
 * never exits the JVM.
 */
public final class Netconn {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_STATUS = 3;
    public static final int EXIT_AUTHENTICATION = 4;
    public static final int EXIT_NETWORK = 5;
    public static final int EXIT_PROTOCOL = 6;
    public static final int EXIT_PARTIAL = 7;
    public static final int EXIT_INTERRUPTED = 130;

    private static final String TRY_HELP = "Try 'netconn " + HELP + "' for more information.";

    private Netconn() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (!System.getProperty("os.name", "").startsWith("Windows")) {
            // Names are Unicode: write UTF-8 whatever the locale says (Windows keeps its console's code page).
            out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        }
        Interruption interruption = new Interruption();
        PrintStream hookOut = out;
        PrintStream hookErr = err;
        // Ctrl-C or SIGTERM: stop the sweep or watch, let this thread write its summary and close
        // the sessions, then end with 130 (after SIGTERM too, which the JVM would end with 143).
        // On a normal exit the command has finished before the hook runs.
        Thread hook = new Thread(() -> {
            boolean started = interruption.request();
            if (started) {
                interruption.awaitFinished(Interruption.GRACE);
            }
            hookOut.flush();
            hookErr.flush();
            if (started) {
                Runtime.getRuntime().halt(EXIT_INTERRUPTED);
            }
        }, "netconn-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = run(args, System.in, out, err, System.getenv(), Terminal.system(), interruption);
        } finally {
            out.flush();
            err.flush();
            interruption.finished();
        }
        System.exit(code); // during a Ctrl-C shutdown this waits for the hook, and the JVM exits with 130
    }

    /**
     * Runs the command in this JVM, with no terminal (no prompt, no progress bar) and an
     * empty standard input.
     *
     * @param env the environment, for {@code --password-env}
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, InputStream.nullInputStream(), out, err, env);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Map)}, with a standard input (for {@code -}). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, in, out, err, env, Terminal.NONE);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   Terminal terminal) {
        return run(args, in, out, err, env, terminal, new Interruption());
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                   Terminal terminal, Interruption interruption) {
        // 'watch' first is the watch command; anywhere else, or after '--', it is a share's name.
        boolean watch = args.length > 0 && args[0].equals("watch");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Options.Command command = watch ? new Watch(in, out, err, env, terminal, interruption, windows)
                : new QueryCommand(in, out, err, env, terminal, interruption, windows);
        String[] rest = watch ? Arrays.copyOfRange(args, 1, args.length) : args;
        int code;
        try {
            Options.Parsed parsed = command.options().parse(rest);
            if (parsed.flag(HELP)) {
                out.print(command.help());
                code = EXIT_OK;
            } else if (parsed.flag(VERSION)) {
                out.print(version());
                code = EXIT_OK;
            } else {
                command.read(parsed);
                code = command.call();
            }
        } catch (UsageException e) {
            err.println("netconn: " + e.getMessage());
            if (watch && rest.length == 0) {
                err.println("netconn: (the share named 'watch' on the local computer: netconn -- watch)");
            }
            err.println(watch ? Watch.TRY_HELP : TRY_HELP);
            code = EXIT_USAGE;
        } catch (Exception e) {
            err.println("netconn: internal error (please report it): " + e);
            if (env.containsKey("NETCONN_DEBUG")) {
                e.printStackTrace(err);
            }
            code = EXIT_INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** A command's options: the shared ones, then its own, then help and version, which are answered here. */
    static Options declare(Options own) {
        return own.flag("Show this help message and exit.", HELP_SHORT, HELP)
                .flag("Print version information and exit.", VERSION_SHORT, VERSION);
    }

    /** {@code --version}: the version this jar was built as, and the Java and OS it runs on, a line each. */
    static String version() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Netconn.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return "netconn " + properties.getProperty("version", "(unknown version)") + "\n"
                + "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "\n";
    }
}
