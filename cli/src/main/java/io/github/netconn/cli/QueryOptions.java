package io.github.netconn.cli;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.KerberosCredentials;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The targets and options that a query, a sweep and a watch share ({@link QueryCommand} and
 * {@link Watch} both declare and read them): what to ask, of which servers, how to log on,
 * and the checks on them that come before any network traffic.
 */
final class QueryOptions {

    /**
     * What the options ask for, checked.
     *
     * @param queries one per server, in the list's order
     * @param sweep   whether the servers came from {@code --servers}
     * @param timeout {@code --timeout}, or null for the adapter's
     * @param wire    {@code --smb}, {@code --min-dialect}, {@code --max-dialect} and {@code --encryption}
     */
    record Plan(List<ConnectionQuery> queries, boolean sweep, InfoLevel level, PageSize pageSize, Duration timeout,
                Adapters.Wire wire) {
        Plan {
            queries = List.copyOf(queries);
        }
    }

    /** Printed on standard error whenever jcifs carries the calls. */
    static final String JCIFS_WARNING = "netconn: warning: --smb jcifs verifies no reply's signature after the logon"
            + " and cannot encrypt: an attacker on the wire can alter the answers unseen";

    /** The arguments' label and help. */
    static final String ARGUMENTS = "[ServerName] ShareName | \\\\ComputerName";
    static final String ARGUMENTS_HELP = "The server (name, \\\\name, address or host:port;"
            + " absent: the local computer, Windows only) and what to ask about: a share, or a"
            + " client computer written with two leading backslashes (quote them in a shell).";

    /** Adds these options to a command's. */
    static void declare(Options options) {
        options.value("0|1", "0: connection ids only; 1 (default): every field. Anything else is Error: 124"
                        + " (ERROR_INVALID_LEVEL), as from NetConnectionEnum.", "-l", "--level")
                .value("ADAPTER", "auto (default): netapi32 on Windows for the local computer when no --user,"
                        + " --anonymous or --port is given, msrpc otherwise; netapi32: Windows' own"
                        + " NetConnectionEnum as your logon; msrpc: pure Java over SMB 2/3, needs a server and"
                        + " --user or --anonymous.", "-a", "--adapter")
                .value("smbj|jcifs", "msrpc: the SMB library. smbj (default): SMB 2/3, every signature verified,"
                        + " SMB3 encryption; jcifs: also SMB1, but it checks no reply's signature after logon and"
                        + " cannot encrypt.", "--smb")
                .value("VERSION", "msrpc: the lowest SMB dialect offered: 2.0.2, 2.1, 3.0 (default), 3.0.2, 3.1.1;"
                        + " 1 for SMB1 with --smb jcifs. Below 3.0 nothing protects the negotiation against a"
                        + " downgrade on the wire, and a session on SMB 2 is logged as a warning.", "--min-dialect")
                .value("VERSION", "msrpc: the highest SMB dialect offered (default 3.1.1).", "--max-dialect")
                .value("MODE", "msrpc: SMB3 encryption. if-server-requires (default): on smbj, encrypt wherever the"
                        + " server can; required: encrypt or refuse the server; off: never.", "--encryption")
                .value("DOMAIN\\user", "Log on as this user (msrpc). The password comes from --password-env,"
                        + " --password-file, or else a prompt; it is never an argument.", "-u", "--user")
                .value("VAR", "Read the password from the environment variable VAR.", "--password-env")
                .value("FILE", "Read the password from the first line of FILE ('-': standard input).",
                        "--password-file")
                .flag("Log on anonymously (a null session; most servers refuse it).", "--anonymous")
                .flag("Log on with Kerberos (msrpc on smbj; NTLM is then never tried): from the ticket cache"
                        + " (KRB5CCNAME, as kinit leaves it); with --user and a password, netconn asks the KDC"
                        + " itself; with --user and --keytab, from the keytab. Name servers by host name.",
                        "-k", "--kerberos")
                .value("FILE", "Kerberos: the keytab holding the key of --user (implies --kerberos).", "--keytab")
                .value("REALM", "Kerberos: the realm, instead of krb5.conf's (with --kdc).", "--realm")
                .value("HOST[:PORT]", "Kerberos: the KDC, instead of krb5.conf's (with --realm).", "--kdc")
                .hidden("--password") // caught only to refuse it without echoing the value
                .value("PORT", "The SMB port for servers named without one (default 445).", "--port")
                .value("BYTES|all", "The preferred maximum length of each reply; pages are fetched until all"
                        + " have come (default: all, in one reply).", "--page-size")
                .value("DURATION", "Limit on connecting, on each response and on each whole call (connect,"
                        + " logon and every page together), e.g. 500ms, 5s, 2m (default: the adapter's: for msrpc"
                        + " 10s to connect, 30s per response, 5m per call; 60s per call for netapi32). In a sweep or"
                        + " a watch also the limit on each whole poll of a server (default: none).", "-t", "--timeout")
                .value("N", "Sweep and watch: servers asked at once, 1 to 256 (default 8).", "--parallel")
                .value("FILE|-", "Sweep: ask every server listed in FILE ('-': standard input), one per line;"
                        + " blank lines and lines starting with # are skipped. A server column is added to the"
                        + " output, a failed server is reported in the output, and the others go on.",
                        "--servers");
    }

    List<String> arguments;
    long level = 1;
    Adapters.Adapter adapter = Adapters.Adapter.AUTO;
    String smb;
    String minDialect;
    String maxDialect;
    String encryption;
    String user;
    String passwordEnv;
    String passwordFile;
    boolean anonymous;
    boolean kerberos;
    String keytab;
    String realm;
    String kdc;
    boolean plainPassword;
    Integer port;
    String pageSize = "all";
    String timeout;
    int parallel = 8;
    String servers;

    /** Takes these options' values from {@code parsed}: their syntax only, {@link #plan} checks the rest. */
    void read(Options.Parsed parsed) throws UsageException {
        arguments = parsed.arguments;
        if (arguments.isEmpty()) {
            throw new UsageException("missing the ShareName or \\\\ComputerName to ask about");
        }
        if (arguments.size() > 2) {
            throw new UsageException("too many arguments (" + (arguments.size() - 2) + " more than " + ARGUMENTS + ")");
        }
        level = parsed.number("--level", 1);
        adapter = parsed.choice("--adapter", Adapters.Adapter.class, Adapters.Adapter.AUTO);
        smb = parsed.value("--smb", null);
        minDialect = parsed.value("--min-dialect", null);
        maxDialect = parsed.value("--max-dialect", null);
        encryption = parsed.value("--encryption", null);
        user = parsed.value("--user", null);
        passwordEnv = parsed.value("--password-env", null);
        passwordFile = parsed.value("--password-file", null);
        anonymous = parsed.flag("--anonymous");
        kerberos = parsed.flag("--kerberos");
        keytab = parsed.value("--keytab", null);
        realm = parsed.value("--realm", null);
        kdc = parsed.value("--kdc", null);
        plainPassword = parsed.given.contains("--password");
        port = parsed.value("--port", null) == null ? null : (int) parsed.number("--port", 0);
        pageSize = parsed.value("--page-size", "all");
        timeout = parsed.value("--timeout", null);
        parallel = (int) parsed.number("--parallel", 8);
        servers = parsed.value("--servers", null);
    }

    /**
     * Checks every option and reads the server list (no network traffic).
     *
     * @throws NetApiStatusException ERROR_INVALID_LEVEL for a {@code --level} other than 0 or 1 (C3)
     */
    Plan plan(InputStream in) throws UsageException, NetApiStatusException {
        if (plainPassword) {
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
        if (parallel < 1 || parallel > 256) {
            throw new UsageException("--parallel: " + parallel + " is not from 1 to 256");
        }
        Adapters.Wire wire = Adapters.wire(smb, minDialect, maxDialect, encryption);
        PageSize pages = Arguments.pageSize(pageSize);
        Duration limit = timeout == null ? null : Arguments.duration(timeout, "--timeout");
        Qualifier qualifier;
        try {
            qualifier = Qualifier.of(qualifierText);
        } catch (IllegalArgumentException e) {
            throw new UsageException("ShareName | \\\\ComputerName: " + e.getMessage());
        }
        InfoLevel infoLevel = InfoLevel.of(level); // C3: a raw level other than 0 or 1 is ERROR_INVALID_LEVEL, before I/O

        List<ConnectionQuery> queries = new ArrayList<>();
        if (sweep) {
            queries.addAll(Sweep.readServers(servers, in, qualifier, infoLevel));
        } else {
            queries.add(server == null ? ConnectionQuery.local(qualifier, infoLevel)
                    : query(server, qualifier, infoLevel));
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
        return new Plan(queries, sweep, infoLevel, pages, limit, wire);
    }

    /**
     * Chooses the adapter, reads the password if it needs one (from the environment, a
     * file, standard input or the terminal) and builds the enumerator.
     */
    ConnectionEnumerator open(Plan plan, InputStream in, Map<String, String> env, Terminal terminal, boolean windows,
                              PrintStream err) throws UsageException {
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
        for (String[] option : new String[][] {{"--smb", smb}, {"--min-dialect", minDialect},
                {"--max-dialect", maxDialect}, {"--encryption", encryption}}) {
            if (option[1] != null) {
                networkOptions.add(option[0]);
            }
        }
        Adapters.Adapter chosen = Adapters.choose(adapter, plan.queries(), networkOptions, windows, env);
        if (chosen == Adapters.Adapter.MSRPC && plan.wire().library() == MsrpcConnectionEnumerator.SmbLibrary.JCIFS) {
            err.println(JCIFS_WARNING);
        }
        Logon logon = chosen != Adapters.Adapter.MSRPC ? null
                : anonymous || kerberos && (user == null || keytab != null) ? Logon.ANONYMOUS
                : Logon.read(user, passwordEnv, passwordFile, env, in, terminal);
        try {
            return Adapters.open(chosen, logon, kerberos ? kerberos(logon, env) : null, port, plan.timeout(), plan.wire());
        } finally {
            if (logon != null) {
                logon.clear();
            }
        }
    }

    private static ConnectionQuery query(String server, Qualifier qualifier, InfoLevel level) throws UsageException {
        try {
            return ConnectionQuery.on(server, qualifier, level);
        } catch (IllegalArgumentException e) {
            throw new UsageException("ServerName: " + e.getMessage());
        }
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
    private KerberosCredentials kerberos(Logon logon, Map<String, String> env) throws UsageException {
        try {
            KerberosCredentials credentials = keytab != null ? KerberosCredentials.keytab(user, Path.of(keytab))
                    : user == null ? KerberosCredentials.ticketCacheNamed(env.get("KRB5CCNAME"))
                    : KerberosCredentials.password(user, logon.password());
            return realm == null ? credentials : credentials.realm(realm).kdc(kdc);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kerberos: " + e.getMessage(), e);
        }
    }
}
