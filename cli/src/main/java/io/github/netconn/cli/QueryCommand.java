package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.FORMAT;
import static io.github.netconn.cli.OptionNames.FORMAT_SHORT;
import static io.github.netconn.cli.OptionNames.HELP;
import static io.github.netconn.cli.OptionNames.INTERVAL;
import static io.github.netconn.cli.OptionNames.LEVEL;
import static io.github.netconn.cli.OptionNames.PASSWORD_ENV;
import static io.github.netconn.cli.OptionNames.PASSWORD_FILE;
import static io.github.netconn.cli.OptionNames.PROGRESS;
import static io.github.netconn.cli.OptionNames.SERVERS;
import static io.github.netconn.cli.OptionNames.USER;
import static io.github.netconn.cli.OptionNames.USER_SHORT;
import static io.github.netconn.cli.OptionNames.VERBOSE;
import static io.github.netconn.cli.OptionNames.VERBOSE_SHORT;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.SessionSecurity;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code netconn [options] [ServerName] ShareName | \\ComputerName}: the query, the Win32
 * sample program of {@code NetConnectionEnum} with options, and with {@code --servers FILE}
 * the sweep of many servers ({@link Sweep}). {@link Netconn} runs it for every command line
 * that does not start with {@code watch}.
 */
final class QueryCommand extends Console {

    private static final List<String> SYNOPSIS = List.of(
            "netconn [OPTIONS] [ServerName] ShareName | \\\\ComputerName",
            "       netconn [OPTIONS] " + SERVERS + " FILE|- ShareName | \\\\ComputerName",
            "       netconn watch [OPTIONS] [" + SERVERS + " FILE|-] [ServerName] ShareName | \\\\ComputerName");

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
            "netconn watch asks again every " + INTERVAL + " and prints who connected, who left and what"
                    + " changed, and can serve Prometheus metrics: see netconn watch " + HELP + ". (A share"
                    + " named 'watch' on the local computer: netconn -- watch.)",
            "");

    private static final List<String> FOOTER = List.of(
            "Exit codes:",
            "  0  success, including no connections",
            "  1  internal error (a bug: please report it)",
            "  2  usage error, found before any network traffic",
            "  3  the server returned a status: Error: 5 (ERROR_ACCESS_DENIED),",
            "     Error: 2310 (NERR_NetNameNotFound), ...; " + LEVEL + " 2 gives Error: 124",
            "  4  authentication failed (wrong password, unknown user): Error: 1326",
            "  5  network failure: unreachable or refused (Error: 53),",
            "     or timed out (Error: 1460)",
            "  6  the server broke the protocol (bad reply, DCE/RPC fault): Error: 1726",
            "  7  " + SERVERS + ": at least one server failed (each failure is in the output)",
            "130  " + SERVERS + ": interrupted (Ctrl-C or SIGTERM), the results so far whole lines;",
            "     netconn watch: stopped (Ctrl-C or SIGTERM), the watch closed cleanly",
            "",
            "Examples:",
            "  netconn " + USER + " 'CORP\\auditor' " + PASSWORD_ENV + " NETCONN_PASSWORD fs01 DATA",
            "  netconn " + USER_SHORT + " 'CORP\\auditor' " + FORMAT + " json fs01 '\\\\WS042'",
            "  netconn " + USER_SHORT + " 'CORP\\auditor' " + PASSWORD_FILE + " ~/.netconn-pw \\",
            "          " + SERVERS + " servers.txt " + FORMAT + " csv DATA > connections.csv",
            "  netconn DATA        (Windows: the local computer, as your logon)");

    private final QueryOptions options = new QueryOptions();
    private Output.Format format = Output.Format.TEXT;
    private Boolean progress;
    private boolean verbose;

    QueryCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal,
                 Interruption interruption, boolean windows) {
        super(in, out, err, env, terminal, interruption, windows);
    }

    @Override
    public Options options() {
        Options options = new Options();
        QueryOptions.declare(options);
        options.value("FORMAT", "text (default): the sample's lines; table: every field in columns; json: every"
                        + " field (a sweep writes JSON Lines); csv: every field, RFC 4180.", FORMAT_SHORT, FORMAT)
                .flag("Say on standard error what protected each answer: the SMB dialect, signing, encryption,"
                        + " authentication and downgrade protection.", VERBOSE_SHORT, VERBOSE)
                .negatable("Sweep: draw a progress bar on standard error (default: when standard error is a"
                        + " terminal).", PROGRESS);
        return Netconn.declare(options);
    }

    @Override
    public String help() {
        return options().help(SYNOPSIS, DESCRIPTION, QueryOptions.ARGUMENTS, QueryOptions.ARGUMENTS_HELP, FOOTER);
    }

    @Override
    public void read(Options.Parsed parsed) throws UsageException {
        options.read(parsed);
        format = parsed.choice(FORMAT, Output.Format.class, Output.Format.TEXT);
        progress = parsed.negatable(PROGRESS);
        verbose = parsed.flag(VERBOSE);
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
            ConnectionQuery<?> query = plan.queries().get(0);
            List<ConnectionInfo> entries;
            try {
                entries = List.copyOf(enumerator.enumerateAll(query, plan.pageSize()));
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
            return Netconn.EXIT_OK;
        }
    }

    /** The sweep; {@code limit} ({@code --timeout}) is also each server's deadline. */
    private int sweep(ConnectionEnumerator enumerator, List<ConnectionQuery<?>> queries, PageSize pages, Duration limit,
                      Output output) throws InterruptedException {
        boolean bar = progress != null ? progress : terminal.stderrIsTerminal();
        Sweep.Outcome outcome = Sweep.run(enumerator, queries, pages, options.parallel, limit, output,
                new Progress(err, queries.size(), bar), interruption, verbose ? err : null);
        err.println("netconn: " + outcome.summary());
        return outcome.interrupted() ? Netconn.EXIT_INTERRUPTED
                : outcome.failed() == 0 ? Netconn.EXIT_OK : Netconn.EXIT_PARTIAL;
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
}
