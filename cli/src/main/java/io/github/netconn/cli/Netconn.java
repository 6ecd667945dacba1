package io.github.netconn.cli;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.KerberosCredentials;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
 * {@value #EXIT_INTERRUPTED} a sweep ended by Ctrl-C (SIGINT), its output so far whole.
 *
 * <p>Tests and embedders call {@link #run(String[], PrintStream, PrintStream, Map)}, which
 * never exits the JVM.
 */
@Command(name = "netconn", mixinStandardHelpOptions = true, versionProvider = Netconn.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = {
            "netconn [OPTIONS] [ServerName] ShareName | \\\\ComputerName",
            "       netconn [OPTIONS] --servers FILE|- ShareName | \\\\ComputerName"},
        description = {
            "Lists the connections made to a share on a server, or made from a computer to the server:"
                    + " the Win32 NetConnectionEnum function, natively on Windows (Netapi32) or from any"
                    + " platform over SMB (MS-SRVS NetrConnectionEnum on \\PIPE\\srvsvc).",
            "",
            "One line per connection, 'userName<TAB>netName' as the Windows sample prints it (level 1;"
                    + " the id at level 0; a NULL name is shown as '-'); 'No one connected to"
                    + " \\\\server\\share' or 'No connection to \\\\server from \\\\computer' when there is none;"
                    + " 'Error: N' (the Win32 status) when the call fails, with its name on standard error.",
            ""},
        footerHeading = "%nExit codes:%n",
        footer = {
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
            "130  --servers: interrupted (Ctrl-C); the results so far are whole lines",
            "",
            "Examples:",
            "  netconn --user 'CORP\\auditor' --password-env NETCONN_PASSWORD fs01 DATA",
            "  netconn -u 'CORP\\auditor' --format json fs01 '\\\\WS042'",
            "  netconn -u 'CORP\\auditor' --password-file ~/.netconn-pw \\",
            "          --servers servers.txt --format csv DATA > connections.csv",
            "  netconn DATA        (Windows: the local computer, as your logon)"})
public final class Netconn implements Callable<Integer> {

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

    @Parameters(index = "0..1", arity = "1..2", paramLabel = "ARG", description = {
        "[ServerName] ShareName | \\\\ComputerName: the server (name, \\\\name, address or host:port;"
                + " absent: the local computer, Windows only) and what to ask about: a share, or a"
                + " client computer written with two leading backslashes (quote them in a shell)."})
    private List<String> arguments;

    @Option(names = {"-l", "--level"}, paramLabel = "0|1", description = {
        "0: connection ids only; 1 (default): every field. Anything else is Error: 124"
                + " (ERROR_INVALID_LEVEL), as from NetConnectionEnum."})
    private long level = 1;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = {
        "text (default): the sample's lines; table: every field in columns; json: every field"
                + " (a sweep writes JSON Lines); csv: every field, RFC 4180."})
    private Output.Format format = Output.Format.TEXT;

    @Option(names = {"-a", "--adapter"}, paramLabel = "ADAPTER", description = {
        "auto (default): netapi32 on Windows for the local computer when no --user, --anonymous"
                + " or --port is given, msrpc otherwise; netapi32: Windows' own NetConnectionEnum as"
                + " your logon; msrpc: pure Java over SMB 2/3, needs a server and --user or --anonymous."})
    private Adapters.Adapter adapter = Adapters.Adapter.AUTO;

    @Option(names = "--smb", paramLabel = "smbj|jcifs", description = {
        "msrpc: the SMB library. smbj (default): SMB 2/3, every signature verified, SMB3"
                + " encryption; jcifs: also SMB1, but it checks no reply's signature after logon and"
                + " cannot encrypt."})
    private String smb;

    @Option(names = {"-u", "--user"}, paramLabel = "DOMAIN\\user", description = {
        "Log on as this user (msrpc). The password comes from --password-env, --password-file, or"
                + " else a prompt; it is never an argument."})
    private String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from the environment variable VAR.")
    private String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE ('-': standard input).")
    private String passwordFile;

    @Option(names = "--anonymous", description = "Log on anonymously (a null session; most servers refuse it).")
    private boolean anonymous;

    @Option(names = {"-k", "--kerberos"}, description = {
        "Log on with Kerberos (msrpc on smbj; NTLM is then never tried): from the ticket cache"
                + " (KRB5CCNAME, as kinit leaves it); with --user and a password, netconn asks the KDC"
                + " itself; with --user and --keytab, from the keytab. Name servers by host name."})
    private boolean kerberos;

    @Option(names = "--keytab", paramLabel = "FILE", description = "Kerberos: the keytab holding the key of --user (implies --kerberos).")
    private String keytab;

    @Option(names = "--realm", paramLabel = "REALM", description = "Kerberos: the realm, instead of krb5.conf's (with --kdc).")
    private String realm;

    @Option(names = "--kdc", paramLabel = "HOST[:PORT]", description = "Kerberos: the KDC, instead of krb5.conf's (with --realm).")
    private String kdc;

    /** Caught only to refuse it without echoing the value. */
    @Option(names = "--password", hidden = true, arity = "0..1", fallbackValue = "")
    private String plainPassword;

    @Option(names = "--port", paramLabel = "PORT", description = "The SMB port for servers named without one (default 445).")
    private Integer port;

    @Option(names = "--page-size", paramLabel = "BYTES|all", description = {
        "The preferred maximum length of each reply; pages are fetched until all have come"
                + " (default: all, in one reply)."})
    private String pageSize = "all";

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", description = {
        "Limit on connecting and on each response, e.g. 500ms, 5s, 2m (default: the adapter's,"
                + " 10s to connect and 30s per response for msrpc, 60s per call for netapi32). In a"
                + " sweep also the limit on each whole server, connect, logon and every page together"
                + " (default: none)."})
    private String timeout;

    @Option(names = "--servers", paramLabel = "FILE|-", description = {
        "Sweep: ask every server listed in FILE ('-': standard input), one per line; blank lines"
                + " and lines starting with # are skipped. A server column is added to the output, a"
                + " failed server is reported in the output, and the others go on."})
    private String servers;

    @Option(names = "--parallel", paramLabel = "N", description = "Sweep: servers asked at once, 1 to 256 (default 8).")
    private int parallel = 8;

    @Option(names = "--progress", negatable = true, description = {
        "Sweep: draw a progress bar on standard error (default: when standard error is a terminal)."})
    private Boolean progress;

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
        // Ctrl-C: abort the sweep, let this thread write its summary and close the sessions, then
        // the JVM ends with 130. On a normal exit the command has finished before the hook runs.
        Thread hook = new Thread(() -> {
            if (interruption.request()) {
                interruption.awaitFinished(Interruption.GRACE);
            }
            hookOut.flush();
            hookErr.flush();
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
        CommandLine cli = new CommandLine(new Netconn(in, out, err, env, terminal, interruption));
        cli.setExpandAtFiles(false); // '@name' is a share name, not a file of arguments
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("netconn: " + describe(e));
            err.println(TRY_HELP);
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("netconn: internal error (please report it): " + e);
            if (env.containsKey("NETCONN_DEBUG")) {
                e.printStackTrace(err);
            }
            return EXIT_INTERNAL;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** picocli's message, without echoing arguments that were not understood: one of them may be a secret. */
    private static String describe(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> options = new ArrayList<>();
            int others = 0;
            for (String argument : unmatched.getUnmatched()) {
                if (argument.startsWith("-") && argument.length() > 1) {
                    int equals = argument.indexOf('=');
                    options.add(equals < 0 ? argument : argument.substring(0, equals));
                } else {
                    others++;
                }
            }
            if (!options.isEmpty()) {
                return "unknown option " + String.join(", ", options);
            }
            return "too many arguments (" + others + " more than [ServerName] ShareName | \\\\ComputerName)";
        }
        if (e instanceof CommandLine.MissingParameterException && e.getMessage().contains("ARG")) {
            return "missing the ShareName or \\\\ComputerName to ask about";
        }
        return e.getMessage();
    }

    /** The Kerberos options that contradict each other or --user, before anything is read or sent. */
    private void checkKerberos() throws UsageException {
        if ((realm != null || kdc != null) && !kerberos) {
            throw new UsageException((realm != null ? "--realm" : "--kdc") + " is for Kerberos: add --kerberos");
        }
        if ((realm == null) != (kdc == null)) {
            throw new UsageException("--realm and --kdc go together: give both, or neither to use krb5.conf");
        }
        if (!kerberos) {
            return;
        }
        if (anonymous) {
            throw new UsageException("--kerberos and --anonymous: choose one");
        }
        if (keytab != null && user == null) {
            throw new UsageException("--keytab needs --user: whose key is it?");
        }
        if (keytab != null && (passwordEnv != null || passwordFile != null)) {
            throw new UsageException("--keytab and a password: choose one");
        }
        if (user != null && user.contains("\\")) {
            throw new UsageException("--user with --kerberos: give user or user@REALM, not DOMAIN\\user");
        }
    }

    /** The Kerberos credentials of the options; the password, if any, is copied from {@code logon}. */
    private KerberosCredentials kerberos(Logon logon) throws UsageException {
        try {
            KerberosCredentials credentials = keytab != null ? KerberosCredentials.keytab(user, Path.of(keytab))
                    : user == null ? KerberosCredentials.ticketCacheNamed(env.get("KRB5CCNAME"))
                    : KerberosCredentials.password(user, logon.password());
            return realm == null ? credentials : credentials.realm(realm).kdc(kdc);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kerberos: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            return execute();
        } catch (UsageException e) {
            err.println("netconn: " + e.getMessage());
            err.println(TRY_HELP);
            return EXIT_USAGE;
        }
    }

    private int execute() throws UsageException, InterruptedException {
        if (plainPassword != null) {
            throw new UsageException("--password: a password is never taken as an argument, where other users"
                    + " and the shell history can read it; use --password-env VAR, --password-file FILE or the prompt");
        }
        boolean sweep = servers != null;
        if (sweep && arguments.size() != 1) {
            throw new UsageException("with --servers, give only the ShareName or \\\\ComputerName:"
                    + " the servers come from the list");
        }
        String server = !sweep && arguments.size() == 2 ? arguments.get(0) : null;
        String qualifierText = arguments.get(arguments.size() - 1);
        if (parallel < 1 || parallel > 256) {
            throw new UsageException("--parallel: " + parallel + " is not from 1 to 256");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new UsageException("--port: " + port + " is not from 1 to 65535");
        }
        if (user == null && (passwordEnv != null || passwordFile != null)) {
            throw new UsageException((passwordEnv != null ? "--password-env" : "--password-file")
                    + " needs --user: whose password is it?");
        }
        if (user != null && anonymous) {
            throw new UsageException("--user and --anonymous: choose one");
        }
        kerberos |= keytab != null;
        checkKerberos();
        if (sweep && servers.equals("-") && "-".equals(passwordFile)) {
            throw new UsageException("--servers - and --password-file -: standard input cannot hold both");
        }
        PageSize pages = Arguments.pageSize(pageSize);
        Duration limit = timeout == null ? null : Arguments.duration(timeout, "--timeout");
        Qualifier qualifier;
        try {
            qualifier = Qualifier.of(qualifierText);
        } catch (IllegalArgumentException e) {
            throw new UsageException("ShareName | \\\\ComputerName: " + e.getMessage());
        }

        InfoLevel infoLevel;
        try {
            infoLevel = InfoLevel.of(level); // C3: a raw level other than 0 or 1 is ERROR_INVALID_LEVEL, before I/O
        } catch (NetApiStatusException e) {
            return report(Failure.of(e));
        }

        List<ConnectionQuery> queries = new ArrayList<>();
        if (sweep) {
            queries.addAll(Sweep.readServers(servers, in, qualifier, infoLevel));
        } else {
            queries.add(server == null ? ConnectionQuery.local(qualifier, infoLevel)
                    : query(server, qualifier, infoLevel, "ServerName"));
        }

        if (kerberos) {
            for (ConnectionQuery q : queries) {
                try {
                    q.serverName().ifPresent(KerberosCredentials::requireHostName);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--kerberos: " + e.getMessage(), e);
                }
            }
        }
        List<String> networkOptions = new ArrayList<>();
        if (kerberos) {
            networkOptions.add("--kerberos");
        }
        if (user != null) {
            networkOptions.add("--user");
        }
        if (anonymous) {
            networkOptions.add("--anonymous");
        }
        if (port != null) {
            networkOptions.add("--port");
        }
        if (smb != null) {
            networkOptions.add("--smb");
        }
        MsrpcConnectionEnumerator.SmbLibrary library = Adapters.library(smb);
        Adapters.Adapter chosen = Adapters.choose(adapter, queries, networkOptions, windows, env);
        Logon logon = chosen != Adapters.Adapter.MSRPC ? null
                : anonymous || kerberos && (user == null || keytab != null) ? Logon.ANONYMOUS
                : Logon.read(user, passwordEnv, passwordFile, env, in, terminal);
        ConnectionEnumerator enumerator;
        try {
            enumerator = Adapters.open(chosen, logon, kerberos ? kerberos(logon) : null, port, limit, library);
        } finally {
            if (logon != null) {
                logon.clear();
            }
        }

        try (enumerator) {
            Output output = Output.of(format, out, infoLevel, sweep);
            if (sweep) {
                return sweep(enumerator, queries, pages, limit, output);
            }
            ConnectionQuery query = queries.get(0);
            List<ConnectionInfo> entries;
            try {
                entries = enumerator.enumerateAll(query, pages);
            } catch (NetConnException e) {
                return report(Failure.of(e));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            output.accept(Result.ok(query, entries));
            return EXIT_OK;
        }
    }

    private static ConnectionQuery query(String server, Qualifier qualifier, InfoLevel level, String what)
            throws UsageException {
        try {
            return ConnectionQuery.on(server, qualifier, level);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    /** The sweep; {@code limit} ({@code --timeout}) is also each server's deadline. */
    private int sweep(ConnectionEnumerator enumerator, List<ConnectionQuery> queries, PageSize pages, Duration limit,
                      Output output) throws InterruptedException {
        boolean bar = progress != null ? progress : terminal.stderrIsTerminal();
        Sweep.Outcome outcome = Sweep.run(enumerator, queries, pages, parallel, limit, output,
                new Progress(err, queries.size(), bar), interruption);
        err.println("netconn: " + outcome.summary());
        return outcome.interrupted() ? EXIT_INTERRUPTED : outcome.failed() == 0 ? EXIT_OK : EXIT_PARTIAL;
    }

    /**
     * A failed single query: {@code Error: N} as the sample prints it (on standard output in
     * the text and table formats, on standard error in JSON and CSV, whose output stays
     * parseable), and the status's name and message on standard error.
     */
    private int report(Failure failure) {
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
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Netconn.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "netconn " + properties.getProperty("version", "(unknown version)"),
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
