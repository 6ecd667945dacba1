package io.github.netconn.cli;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.SessionSecurity;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code netconn} command: the Win32 sample program of {@code NetConnectionEnum}, on
 * every platform, with options. {@code netconn [options] [ServerName] ShareName} lists the
 * connections to a share; {@code netconn [options] [ServerName] \\ComputerName} those from
 * a computer. {@code --servers FILE} sweeps many servers at once.
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
public final class Netconn implements Options.Command {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_STATUS = 3;
    public static final int EXIT_AUTHENTICATION = 4;
    public static final int EXIT_NETWORK = 5;
    public static final int EXIT_PROTOCOL = 6;
    public static final int EXIT_PARTIAL = 7;
    public static final int EXIT_INTERRUPTED = 130;

    private static final String TRY_HELP = "Try 'netconn --help' for more information.";

    static final List<String> SYNOPSIS = List.of(
            "netconn [OPTIONS] [ServerName] ShareName | \\\\ComputerName",
            "       netconn [OPTIONS] --servers FILE|- ShareName | \\\\ComputerName",
            "       netconn watch [OPTIONS] [--servers FILE|-] [ServerName] ShareName | \\\\ComputerName");

    private static final List<String> DESCRIPTION = List.of(
            "Lists the connections made to a share on a server, or made from a computer to the server:"
                    + " the Win32 NetConnectionEnum function, natively on Windows (Netapi32) or from any"
                    + " platform over SMB (MS-SRVS NetrConnectionEnum on \\PIPE\\srvsvc).",
            "",
            "One line per connection, 'userName<TAB>netName' as the Windows sample prints it (level 1;"
                    + " the id at level 0; a NULL name is shown as '-'); 'No one connected to"
                    + " \\\\server\\share' or 'No connection to \\\\server from \\\\computer' when there is none;"
                    + " 'Error: N' (the Win32 status) when the call fails, with its name on standard error.",
            "",
            "netconn watch asks again every --interval and prints who connected, who left and what"
                    + " changed, and can serve Prometheus metrics: see netconn watch --help. (A share"
                    + " named 'watch' on the local computer: netconn -- watch.)",
            "");

    private static final List<String> FOOTER = List.of(
            "Exit codes:",
            "  0  success, including no connections",
            "  1  internal error (a bug: please report it)",
            "  2  usage error, found before any network traffic",
            "  3  the server returned a status: Error: 5 (ERROR_ACCESS_DENIED),",
            "     Error: 2310 (NERR_NetNameNotFound), ...; --level 2 gives Error: 124",
            "  4  authentication failed (wrong password, unknown user): Error: 1326",
            "  5  network failure: unreachable or refused (Error: 53),",
            "     or timed out (Error: 1460)",
            "  6  the server broke the protocol (bad reply, DCE/RPC fault): Error: 1726",
            "  7  --servers: at least one server failed (each failure is in the output)",
            "130  --servers: interrupted (Ctrl-C or SIGTERM), the results so far whole lines;",
            "     netconn watch: stopped (Ctrl-C or SIGTERM), the watch closed cleanly",
            "",
            "Examples:",
            "  netconn --user 'CORP\\auditor' --password-env NETCONN_PASSWORD fs01 DATA",
            "  netconn -u 'CORP\\auditor' --format json fs01 '\\\\WS042'",
            "  netconn -u 'CORP\\auditor' --password-file ~/.netconn-pw \\",
            "          --servers servers.txt --format csv DATA > connections.csv",
            "  netconn DATA        (Windows: the local computer, as your logon)");

    private final QueryOptions options = new QueryOptions();
    private Output.Format format = Output.Format.TEXT;
    private Boolean progress;
    private boolean verbose;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Terminal terminal;
    private final Interruption interruption;
    private final boolean windows;

    private Netconn(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal,
                    Interruption interruption) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.terminal = terminal;
        this.interruption = interruption;
        this.windows = System.getProperty("os.name", "").startsWith("Windows");
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
        Netconn netconn = new Netconn(in, out, err, env, terminal, interruption);
        Options.Command command = !watch ? netconn
                : new Watch(in, out, err, env, terminal, interruption, netconn.windows);
        String[] rest = watch ? Arrays.copyOfRange(args, 1, args.length) : args;
        int code;
        try {
            Options.Parsed parsed = command.options().parse(rest);
            if (parsed.flag("--help")) {
                out.print(command.help());
                code = EXIT_OK;
            } else if (parsed.flag("--version")) {
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

    /** The command's options: the shared ones, then its own, then help and version. */
    static Options declare(Options own) {
        return own.flag("Show this help message and exit.", "-h", "--help")
                .flag("Print version information and exit.", "-V", "--version");
    }

    @Override
    public Options options() {
        Options options = new Options();
        QueryOptions.declare(options);
        options.value("FORMAT", "text (default): the sample's lines; table: every field in columns; json: every"
                        + " field (a sweep writes JSON Lines); csv: every field, RFC 4180.", "-f", "--format")
                .flag("Say on standard error what protected each answer: the SMB dialect, signing, encryption,"
                        + " authentication and downgrade protection.", "-v", "--verbose")
                .negatable("Sweep: draw a progress bar on standard error (default: when standard error is a"
                        + " terminal).", "--progress");
        return declare(options);
    }

    @Override
    public String help() {
        return options().help(SYNOPSIS, DESCRIPTION, QueryOptions.ARGUMENTS, QueryOptions.ARGUMENTS_HELP, FOOTER);
    }

    @Override
    public void read(Options.Parsed parsed) throws UsageException {
        options.read(parsed);
        format = parsed.choice("--format", Output.Format.class, Output.Format.TEXT);
        progress = parsed.negatable("--progress");
        verbose = parsed.flag("--verbose");
    }

    @Override
    public int call() throws UsageException, InterruptedException {
        QueryOptions.Plan plan;
        try {
            plan = options.plan(in);
        } catch (NetApiStatusException e) {
            return report(Failure.of(e), format, out, err);
        }
        try (ConnectionEnumerator enumerator = options.open(plan, in, env, terminal, windows, err)) {
            Output output = Output.of(format, out, plan.level(), plan.sweep());
            if (plan.sweep()) {
                return sweep(enumerator, plan.queries(), plan.pageSize(), plan.timeout(), output);
            }
            ConnectionQuery query = plan.queries().get(0);
            List<ConnectionInfo> entries;
            try {
                entries = enumerator.enumerateAll(query, plan.pageSize());
            } catch (NetConnException e) {
                return report(Failure.of(e), format, out, err);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            Result result = Result.ok(query, entries, enumerator.security(query.server()));
            output.accept(result);
            if (verbose) {
                err.println(security(result));
            }
            return EXIT_OK;
        }
    }

    /** The sweep; {@code limit} ({@code --timeout}) is also each server's deadline. */
    private int sweep(ConnectionEnumerator enumerator, List<ConnectionQuery> queries, PageSize pages, Duration limit,
                      Output output) throws InterruptedException {
        boolean bar = progress != null ? progress : terminal.stderrIsTerminal();
        Sweep.Outcome outcome = Sweep.run(enumerator, queries, pages, options.parallel, limit, output,
                new Progress(err, queries.size(), bar), interruption, verbose ? err : null);
        err.println("netconn: " + outcome.summary());
        return outcome.interrupted() ? EXIT_INTERRUPTED : outcome.failed() == 0 ? EXIT_OK : EXIT_PARTIAL;
    }

    /** {@code --verbose}'s line: what protected a server's answer. */
    static String security(Result result) {
        return "netconn: " + result.server() + ": "
                + result.security().map(SessionSecurity::toString).orElse("the operating system carried the call");
    }

    /**
     * A failed single query: {@code Error: N} as the sample prints it (on standard output in
     * the text and table formats, on standard error in JSON and CSV, whose output stays
     * parseable), and the status's name and message on standard error.
     */
    static int report(Failure failure, Output.Format format, PrintStream out, PrintStream err) {
        String line = "Error: " + failure.code();
        if (format == Output.Format.TEXT || format == Output.Format.TABLE) {
            out.println(line);
            out.flush();
        } else {
            err.println(line);
        }
        err.println("netconn: " + failure.detail());
        return failure.kind().exitCode();
    }

    /** {@code --version}: the version this jar was built as, and the Java and OS it runs on. */
    /** {@code netconn VERSION} and the Java runtime, a line each. */
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
