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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The targets and options that a query, a sweep and a watch share (a picocli mixin of
 * {@link Netconn} and {@link Watch}): what to ask, of which servers, how to log on, and
 * the checks on them that come before any network traffic.
 */
final class QueryOptions {

    /**
     * What the options ask for, checked.
     *
     * @param queries one per server, in the list's order
     * @param sweep   whether the servers came from {@code --servers}
     * @param timeout {@code --timeout}, or null for the adapter's
     */
    record Plan(List<ConnectionQuery> queries, boolean sweep, InfoLevel level, PageSize pageSize, Duration timeout) {
        Plan {
            queries = List.copyOf(queries);
        }
    }

    @Parameters(index = "0..1", arity = "1..2", paramLabel = "ARG", description = {
        "[ServerName] ShareName | \\\\ComputerName: the server (name, \\\\name, address or host:port;"
                + " absent: the local computer, Windows only) and what to ask about: a share, or a"
                + " client computer written with two leading backslashes (quote them in a shell)."})
    List<String> arguments;

    @Option(names = {"-l", "--level"}, paramLabel = "0|1", description = {
        "0: connection ids only; 1 (default): every field. Anything else is Error: 124"
                + " (ERROR_INVALID_LEVEL), as from NetConnectionEnum."})
    long level = 1;

    @Option(names = {"-a", "--adapter"}, paramLabel = "ADAPTER", description = {
        "auto (default): netapi32 on Windows for the local computer when no --user, --anonymous"
                + " or --port is given, msrpc otherwise; netapi32: Windows' own NetConnectionEnum as"
                + " your logon; msrpc: pure Java over SMB 2/3, needs a server and --user or --anonymous."})
    Adapters.Adapter adapter = Adapters.Adapter.AUTO;

    @Option(names = "--smb", paramLabel = "smbj|jcifs", description = {
        "msrpc: the SMB library. smbj (default): SMB 2/3, every signature verified, SMB3"
                + " encryption; jcifs: also SMB1, but it checks no reply's signature after logon and"
                + " cannot encrypt."})
    String smb;

    @Option(names = {"-u", "--user"}, paramLabel = "DOMAIN\\user", description = {
        "Log on as this user (msrpc). The password comes from --password-env, --password-file, or"
                + " else a prompt; it is never an argument."})
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from the environment variable VAR.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE ('-': standard input).")
    String passwordFile;

    @Option(names = "--anonymous", description = "Log on anonymously (a null session; most servers refuse it).")
    boolean anonymous;

    @Option(names = {"-k", "--kerberos"}, description = {
        "Log on with Kerberos (msrpc on smbj; NTLM is then never tried): from the ticket cache"
                + " (KRB5CCNAME, as kinit leaves it); with --user and a password, netconn asks the KDC"
                + " itself; with --user and --keytab, from the keytab. Name servers by host name."})
    boolean kerberos;

    @Option(names = "--keytab", paramLabel = "FILE", description = "Kerberos: the keytab holding the key of --user (implies --kerberos).")
    String keytab;

    @Option(names = "--realm", paramLabel = "REALM", description = "Kerberos: the realm, instead of krb5.conf's (with --kdc).")
    String realm;

    @Option(names = "--kdc", paramLabel = "HOST[:PORT]", description = "Kerberos: the KDC, instead of krb5.conf's (with --realm).")
    String kdc;

    /** Caught only to refuse it without echoing the value. */
    @Option(names = "--password", hidden = true, arity = "0..1", fallbackValue = "")
    String plainPassword;

    @Option(names = "--port", paramLabel = "PORT", description = "The SMB port for servers named without one (default 445).")
    Integer port;

    @Option(names = "--page-size", paramLabel = "BYTES|all", description = {
        "The preferred maximum length of each reply; pages are fetched until all have come"
                + " (default: all, in one reply)."})
    String pageSize = "all";

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", description = {
        "Limit on connecting and on each response, e.g. 500ms, 5s, 2m (default: the adapter's,"
                + " 10s to connect and 30s per response for msrpc, 60s per call for netapi32). In a"
                + " sweep or a watch also the limit on each whole poll of a server, connect, logon"
                + " and every page together (default: none)."})
    String timeout;

    @Option(names = "--parallel", paramLabel = "N", description = {
        "Sweep and watch: servers asked at once, 1 to 256 (default 8)."})
    int parallel = 8;

    @Option(names = "--servers", paramLabel = "FILE|-", description = {
        "Sweep: ask every server listed in FILE ('-': standard input), one per line; blank lines"
                + " and lines starting with # are skipped. A server column is added to the output, a"
                + " failed server is reported in the output, and the others go on."})
    String servers;

    /**
     * Checks every option and reads the server list (no network traffic).
     *
     * @throws NetApiStatusException ERROR_INVALID_LEVEL for a {@code --level} other than 0 or 1 (C3)
     */
    Plan plan(InputStream in) throws UsageException, NetApiStatusException {
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
        return new Plan(queries, sweep, infoLevel, pages, limit);
    }

    /**
     * Chooses the adapter, reads the password if it needs one (from the environment, a
     * file, standard input or the terminal) and builds the enumerator.
     */
    ConnectionEnumerator open(Plan plan, InputStream in, Map<String, String> env, Terminal terminal, boolean windows)
            throws UsageException {
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
        Adapters.Adapter chosen = Adapters.choose(adapter, plan.queries(), networkOptions, windows, env);
        Logon logon = chosen != Adapters.Adapter.MSRPC ? null
                : anonymous || kerberos && (user == null || keytab != null) ? Logon.ANONYMOUS
                : Logon.read(user, passwordEnv, passwordFile, env, in, terminal);
        try {
            return Adapters.open(chosen, logon, kerberos ? kerberos(logon, env) : null, port, plan.timeout(), library);
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
