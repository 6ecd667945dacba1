package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.ADAPTER;
import static io.github.netconn.cli.OptionNames.ADAPTER_SHORT;
import static io.github.netconn.cli.OptionNames.ANONYMOUS;
import static io.github.netconn.cli.OptionNames.ENCRYPTION;
import static io.github.netconn.cli.OptionNames.KDC;
import static io.github.netconn.cli.OptionNames.KERBEROS;
import static io.github.netconn.cli.OptionNames.KERBEROS_SHORT;
import static io.github.netconn.cli.OptionNames.KEYTAB;
import static io.github.netconn.cli.OptionNames.LEVEL;
import static io.github.netconn.cli.OptionNames.LEVEL_SHORT;
import static io.github.netconn.cli.OptionNames.MAX_DIALECT;
import static io.github.netconn.cli.OptionNames.MIN_DIALECT;
import static io.github.netconn.cli.OptionNames.PAGE_SIZE;
import static io.github.netconn.cli.OptionNames.PARALLEL;
import static io.github.netconn.cli.OptionNames.PASSWORD;
import static io.github.netconn.cli.OptionNames.PASSWORD_ENV;
import static io.github.netconn.cli.OptionNames.PASSWORD_FILE;
import static io.github.netconn.cli.OptionNames.PORT;
import static io.github.netconn.cli.OptionNames.REALM;
import static io.github.netconn.cli.OptionNames.SERVERS;
import static io.github.netconn.cli.OptionNames.SMB;
import static io.github.netconn.cli.OptionNames.TIMEOUT;
import static io.github.netconn.cli.OptionNames.TIMEOUT_SHORT;
import static io.github.netconn.cli.OptionNames.USER;
import static io.github.netconn.cli.OptionNames.USER_SHORT;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.StatusCode;
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
    record Plan(List<ConnectionQuery<?>> queries, boolean sweep, ConnectionLevel<?> level, PageSize pageSize,
            Duration timeout,
                Adapters.Wire wire) {
        Plan {
            queries = List.copyOf(queries);
        }
    }

    /** Printed on standard error whenever jcifs carries the calls. */
    static final String JCIFS_WARNING = "netconn: warning: " + SMB + " jcifs verifies no reply's signature after the"
            + " logon and cannot encrypt: an attacker on the wire can alter the answers unseen";

    /** The arguments' label and help. */
    static final String ARGUMENTS = "[ServerName] ShareName | \\\\ComputerName";
    static final String ARGUMENTS_HELP = "The server (name, \\\\name, address or host:port;"
            + " absent: the local computer, Windows only) and what to ask about: a share, or a"
            + " client computer written with two leading backslashes (quote them in a shell).";

    /** Adds these options to a command's. */
    static void declare(Options options) {
        options.value("0|1", "0: connection ids only; 1 (default): every field. Anything else is Error: 124"
                        + " (ERROR_INVALID_LEVEL), as from NetConnectionEnum.", LEVEL_SHORT, LEVEL)
                .value("ADAPTER", "auto (default): netapi32 on Windows for the local computer when no " + USER + ", "
                        + ANONYMOUS + " or " + PORT + " is given, msrpc otherwise; netapi32: Windows' own"
                        + " NetConnectionEnum as your logon; msrpc: pure Java over SMB 2/3, needs a server and "
                        + USER + " or " + ANONYMOUS + ".", ADAPTER_SHORT, ADAPTER)
                .value("smbj|jcifs", "msrpc: the SMB library. smbj (default): SMB 2/3, every signature verified,"
                        + " SMB3 encryption; jcifs: also SMB1, but it checks no reply's signature after logon and"
                        + " cannot encrypt.", SMB)
                .value("VERSION", "msrpc: the lowest SMB dialect offered: 2.0.2, 2.1, 3.0 (default), 3.0.2, 3.1.1;"
                        + " 1 for SMB1 with " + SMB + " jcifs. Below 3.0 nothing protects the negotiation against"
                        + " a downgrade on the wire, and a session on SMB 2 is logged as a warning.", MIN_DIALECT)
                .value("VERSION", "msrpc: the highest SMB dialect offered (default 3.1.1).", MAX_DIALECT)
                .value("MODE", "msrpc: SMB3 encryption. if-server-requires (default): on smbj, encrypt wherever the"
                        + " server can; required: encrypt or refuse the server; off: never.", ENCRYPTION)
                .value("DOMAIN\\user", "Log on as this user (msrpc): DOMAIN\\user, DOMAIN/user, user@domain or user."
                        + " The password comes from " + PASSWORD_ENV + ", " + PASSWORD_FILE + ", or else a prompt;"
                        + " it is never an argument.", USER_SHORT, USER)
                .value("VAR", "Read the password from the environment variable VAR.", PASSWORD_ENV)
                .value("FILE", "Read the password from the first line of FILE ('-': standard input).",
                        PASSWORD_FILE)
                .flag("Log on anonymously (a null session; most servers refuse it).", ANONYMOUS)
                .flag("Log on with Kerberos (msrpc on smbj; NTLM is then never tried): from the ticket cache"
                        + " (KRB5CCNAME, as kinit leaves it); with " + USER + " and a password, netconn asks the"
                        + " KDC itself; with " + USER + " and " + KEYTAB + ", from the keytab. Name servers by host"
                        + " name.",
                        KERBEROS_SHORT, KERBEROS)
                .value("FILE", "Kerberos: the keytab holding the key of " + USER + " (implies " + KERBEROS + ").",
                        KEYTAB)
                .value("REALM", "Kerberos: the realm, instead of krb5.conf's (with " + KDC + ").", REALM)
                .value("HOST[:PORT]", "Kerberos: the KDC, instead of krb5.conf's (with " + REALM + ").", KDC)
                .hidden(PASSWORD) // caught only to refuse it without echoing the value
                .value("PORT", "The SMB port for servers named without one (default 445).", PORT)
                .value("BYTES|all", "The preferred maximum length of each reply; pages are fetched until all"
                        + " have come (default: all, in one reply).", PAGE_SIZE)
                .value("DURATION", "Limit on connecting, on each response and on each whole call (connect,"
                        + " logon and every page together), e.g. 500ms, 5s, 2m (default: the adapter's: for msrpc"
                        + " 10s to connect, 30s per response, 5m per call; 60s per call for netapi32). In a sweep or"
                        + " a watch also the limit on each whole poll of a server (default: none).",
                        TIMEOUT_SHORT, TIMEOUT)
                .value("N", "Sweep and watch: servers asked at once, 1 to 256 (default 8).", PARALLEL)
                .value("FILE|-", "Sweep: ask every server listed in FILE ('-': standard input), one per line;"
                        + " blank lines and lines starting with # are skipped. A server column is added to the"
                        + " output, a failed server is reported in the output, and the others go on.",
                        SERVERS);
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
        level = parsed.number(LEVEL, 1);
        adapter = parsed.choice(ADAPTER, Adapters.Adapter.class, Adapters.Adapter.AUTO);
        smb = parsed.value(SMB, null);
        minDialect = parsed.value(MIN_DIALECT, null);
        maxDialect = parsed.value(MAX_DIALECT, null);
        encryption = parsed.value(ENCRYPTION, null);
        user = parsed.value(USER, null);
        passwordEnv = parsed.value(PASSWORD_ENV, null);
        passwordFile = parsed.value(PASSWORD_FILE, null);
        anonymous = parsed.flag(ANONYMOUS);
        kerberos = parsed.flag(KERBEROS);
        keytab = parsed.value(KEYTAB, null);
        realm = parsed.value(REALM, null);
        kdc = parsed.value(KDC, null);
        plainPassword = parsed.given.contains(PASSWORD);
        port = parsed.value(PORT, null) == null ? null : (int) parsed.number(PORT, 0);
        pageSize = parsed.value(PAGE_SIZE, "all");
        timeout = parsed.value(TIMEOUT, null);
        parallel = (int) parsed.number(PARALLEL, 8);
        servers = parsed.value(SERVERS, null);
    }

    /**
     * Checks every option and reads the server list (no network traffic).
     *
     * @throws NetApiStatusException ERROR_INVALID_LEVEL for a {@code --level} other than 0 or 1 (C3)
     */
    Plan plan(InputStream in) throws UsageException, NetApiStatusException {
        if (plainPassword) {
            throw new UsageException(PASSWORD + ": a password is never taken as an argument, where other users"
                    + " and the shell history can read it; use " + PASSWORD_ENV + " VAR, " + PASSWORD_FILE
                    + " FILE or the prompt");
        }
        boolean sweep = servers != null;
        if (sweep && arguments.size() != 1) {
            throw new UsageException("with " + SERVERS + ", give only the ShareName or \\\\ComputerName:"
                    + " the servers come from the list");
        }
        String server = !sweep && arguments.size() == 2 ? arguments.get(0) : null;
        String qualifierText = arguments.get(arguments.size() - 1);
        if (port != null && (port < 1 || port > 65535)) {
            throw new UsageException(PORT + ": " + port + " is not from 1 to 65535");
        }
        if (user == null && (passwordEnv != null || passwordFile != null)) {
            throw new UsageException((passwordEnv != null ? PASSWORD_ENV : PASSWORD_FILE)
                    + " needs " + USER + ": whose password is it?");
        }
        if (user != null && anonymous) {
            throw new UsageException(USER + " and " + ANONYMOUS + ": choose one");
        }
        kerberos |= keytab != null;
        checkKerberos();
        if (sweep && servers.equals("-") && "-".equals(passwordFile)) {
            throw new UsageException(SERVERS + " - and " + PASSWORD_FILE + " -: standard input cannot hold both");
        }
        if (parallel < 1 || parallel > 256) {
            throw new UsageException(PARALLEL + ": " + parallel + " is not from 1 to 256");
        }
        Adapters.Wire wire = Adapters.wire(smb, minDialect, maxDialect, encryption);
        PageSize pages = Arguments.pageSize(pageSize);
        Duration limit = timeout == null ? null : Arguments.duration(timeout, TIMEOUT);
        Qualifier qualifier;
        try {
            qualifier = Qualifier.of(qualifierText);
        } catch (IllegalArgumentException e) {
            throw new UsageException("ShareName | \\\\ComputerName: " + e.getMessage());
        }
        ConnectionLevel<?> infoLevel;
        try {
            infoLevel = ConnectionLevel.of(level);
        } catch (IllegalArgumentException e) { // C3: as NetConnectionEnum answers it, before any I/O
            throw new NetApiStatusException(StatusCode.ERROR_INVALID_LEVEL.code(), e.getMessage());
        }

        List<ConnectionQuery<?>> queries = new ArrayList<>();
        if (sweep) {
            queries.addAll(Sweep.readServers(servers, in, qualifier, infoLevel));
        } else {
            queries.add(server == null ? ConnectionQuery.local(qualifier, infoLevel)
                    : query(server, qualifier, infoLevel));
        }
        if (kerberos) {
            for (ConnectionQuery<?> q : queries) {
                try {
                    q.serverName().ifPresent(KerberosCredentials::requireHostName);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(KERBEROS + ": " + e.getMessage(), e);
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
            networkOptions.add(KERBEROS);
        }
        if (user != null) {
            networkOptions.add(USER);
        }
        if (anonymous) {
            networkOptions.add(ANONYMOUS);
        }
        if (port != null) {
            networkOptions.add(PORT);
        }
        for (String[] option : new String[][] {{SMB, smb}, {MIN_DIALECT, minDialect},
                {MAX_DIALECT, maxDialect}, {ENCRYPTION, encryption}}) {
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

    private static <T extends ConnectionInfo> ConnectionQuery<T> query(String server, Qualifier qualifier,
            ConnectionLevel<T> level)
            throws UsageException {
        try {
            return ConnectionQuery.on(server, qualifier, level);
        } catch (IllegalArgumentException e) {
            throw new UsageException("ServerName: " + e.getMessage());
        }
    }

    /** The Kerberos options that contradict each other or --user, before anything is read or sent. */
    private void checkKerberos() throws UsageException {
        if ((realm != null || kdc != null) && !kerberos) {
            throw new UsageException((realm != null ? REALM : KDC) + " is for Kerberos: add " + KERBEROS);
        }
        if ((realm == null) != (kdc == null)) {
            throw new UsageException(REALM + " and " + KDC
                    + " go together: give both, or neither to use krb5.conf");
        }
        if (!kerberos) {
            return;
        }
        if (anonymous) {
            throw new UsageException(KERBEROS + " and " + ANONYMOUS + ": choose one");
        }
        if (keytab != null && user == null) {
            throw new UsageException(KEYTAB + " needs " + USER + ": whose key is it?");
        }
        if (keytab != null && (passwordEnv != null || passwordFile != null)) {
            throw new UsageException(KEYTAB + " and a password: choose one");
        }
        if (user != null && user.contains("\\")) {
            throw new UsageException(USER + " with " + KERBEROS + ": give user or user@REALM, not DOMAIN\\user");
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
            throw new UsageException(KERBEROS + ": " + e.getMessage(), e);
        }
    }
}
