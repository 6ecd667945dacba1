package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.ADAPTER;
import static io.github.netconn.cli.OptionNames.ANONYMOUS;
import static io.github.netconn.cli.OptionNames.ENCRYPTION;
import static io.github.netconn.cli.OptionNames.KERBEROS;
import static io.github.netconn.cli.OptionNames.MAX_DIALECT;
import static io.github.netconn.cli.OptionNames.MIN_DIALECT;
import static io.github.netconn.cli.OptionNames.PASSWORD_ENV;
import static io.github.netconn.cli.OptionNames.PASSWORD_FILE;
import static io.github.netconn.cli.OptionNames.SMB;
import static io.github.netconn.cli.OptionNames.USER;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.msrpc.KerberosCredentials;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Encryption;
import io.github.netconn.netapi32.Netapi32ConnectionEnumerator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which adapter runs the queries (the {@code --adapter} rules), and building it. */
final class Adapters {

    /** The choices of {@code --adapter}. */
    enum Adapter { AUTO, NETAPI32, MSRPC }

    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "127.0.0.1", ".");
    private static final Map<String, Dialect> DIALECTS = Map.of("1", Dialect.SMB1, "2.0.2", Dialect.SMB202,
            "2.1", Dialect.SMB210, "3.0", Dialect.SMB300, "3.0.2", Dialect.SMB302, "3.1.1", Dialect.SMB311);

    private Adapters() {
    }

    /**
     * Resolves {@code auto}: Netapi32 on Windows when every query is for the local computer
     * (no server, or a local name) and no network-logon option ({@code --user},
     * {@code --anonymous}, {@code --port}) is given; the network adapter otherwise. Then
     * checks that the options fit the adapter.
     *
     * @param networkOptions the network-logon options given, e.g. "--user"; empty if none
     */
    static Adapter choose(Adapter requested, List<ConnectionQuery<?>> queries, List<String> networkOptions,
                          boolean windows, Map<String, String> env) throws UsageException {
        Adapter adapter = requested;
        if (adapter == Adapter.AUTO) {
            boolean allLocal = queries.stream().allMatch(q -> q.serverName().map(s -> isLocal(s, env)).orElse(true));
            adapter = windows && allLocal && networkOptions.isEmpty() ? Adapter.NETAPI32 : Adapter.MSRPC;
        }
        if (adapter == Adapter.NETAPI32 && !networkOptions.isEmpty()) {
            throw new UsageException(String.join(", ", networkOptions) + ": the netapi32 adapter runs as your"
                    + " Windows logon and takes no logon options; they are for " + ADAPTER + " msrpc");
        }
        if (adapter == Adapter.MSRPC) {
            if (queries.stream().anyMatch(q -> q.serverName().isEmpty())) {
                throw new UsageException(windows
                        ? "the msrpc adapter needs a ServerName; the local computer is asked through " + ADAPTER
                                + " netapi32"
                        : "no ServerName given: the local computer can only be asked through Netapi32 on Windows;"
                                + " name the server, e.g. netconn fs01 DATA");
            }
            if (!networkOptions.contains(USER) && !networkOptions.contains(ANONYMOUS)
                    && !networkOptions.contains(KERBEROS)) {
                throw new UsageException("the msrpc adapter logs on to the server: give " + USER + " DOMAIN\\user"
                        + " (the password from " + PASSWORD_ENV + " VAR, " + PASSWORD_FILE + " FILE or a prompt), "
                        + KERBEROS + " or " + ANONYMOUS
                        + (windows ? "; or use " + ADAPTER + " netapi32 to run as your Windows logon" : ""));
            }
        }
        return adapter;
    }

    private static boolean isLocal(String server, Map<String, String> env) {
        String name = server.toLowerCase(Locale.ROOT);
        String computer = env.get("COMPUTERNAME");
        return LOCAL_NAMES.contains(name) || computer != null && computer.equalsIgnoreCase(server);
    }

    /**
     * How the msrpc adapter meets the wire: {@code --smb}, {@code --min-dialect},
     * {@code --max-dialect} and {@code --encryption}, each null where not given (the adapter's
     * default).
     */
    record Wire(MsrpcConnectionEnumerator.SmbLibrary library, Dialect min, Dialect max, Encryption encryption) {

        /**
         * The ends of the builder's default range (SMB 3.0 to 3.1.1), for the end not given when
         * the other is: its {@code dialects(min, max)} takes both ends at once.
         */
        private static final Dialect DEFAULT_MIN = Dialect.SMB300;
        private static final Dialect DEFAULT_MAX = Dialect.SMB311;

        Dialect lowest() {
            return min != null ? min : DEFAULT_MIN;
        }

        Dialect highest() {
            return max != null ? max : DEFAULT_MAX;
        }
    }

    /**
     * The wire options, checked against each other before anything is read or sent. The
     * builder refuses the same contradictions, but only in {@code build()}, after the password
     * has been read (or asked for), and in its own terms; these are the usage errors, in the
     * options' terms, that come first.
     */
    static Wire wire(String smb, String min, String max, String encryption) throws UsageException {
        MsrpcConnectionEnumerator.SmbLibrary library = library(smb);
        Wire wire = new Wire(library, min == null ? null : dialect(min, MIN_DIALECT, library),
                max == null ? null : dialect(max, MAX_DIALECT, library),
                encryption == null ? null : encryption(encryption));
        if (wire.lowest().compareTo(wire.highest()) > 0) {
            throw new UsageException((min != null ? MIN_DIALECT + " " + min : "the lowest dialect, 3.0 by default,")
                    + " is above " + (max != null ? MAX_DIALECT + " " + max : "the highest, 3.1.1"));
        }
        if (wire.encryption() == Encryption.REQUIRED && wire.highest().compareTo(Dialect.SMB300) < 0) {
            throw new UsageException(ENCRYPTION + " required needs SMB 3.0 or newer, but " + MAX_DIALECT + " is "
                    + max);
        }
        if (wire.encryption() == Encryption.REQUIRED && library == MsrpcConnectionEnumerator.SmbLibrary.JCIFS) {
            throw new UsageException(ENCRYPTION + " required and " + SMB + " jcifs: jcifs 3.0.2 cannot encrypt");
        }
        return wire;
    }

    /** The value of {@code --smb}: smbj (also when absent) or jcifs. */
    static MsrpcConnectionEnumerator.SmbLibrary library(String smb) throws UsageException {
        if (smb == null || smb.equalsIgnoreCase("smbj")) {
            return MsrpcConnectionEnumerator.SmbLibrary.SMBJ;
        }
        if (smb.equalsIgnoreCase("jcifs")) {
            return MsrpcConnectionEnumerator.SmbLibrary.JCIFS;
        }
        throw new UsageException(SMB + ": '" + smb + "' is neither smbj nor jcifs");
    }

    private static Dialect dialect(String text, String option, MsrpcConnectionEnumerator.SmbLibrary library)
            throws UsageException {
        Dialect dialect = DIALECTS.get(text);
        if (dialect == null) {
            throw new UsageException(option + ": '" + text + "' is not one of 2.0.2, 2.1, 3.0, 3.0.2, 3.1.1"
                    + " (or 1, SMB1, with " + SMB + " jcifs)");
        }
        if (dialect == Dialect.SMB1 && library != MsrpcConnectionEnumerator.SmbLibrary.JCIFS) {
            throw new UsageException(option + " 1: SMB1 is spoken by jcifs only; add " + SMB + " jcifs");
        }
        return dialect;
    }

    private static Encryption encryption(String text) throws UsageException {
        for (Encryption e : Encryption.values()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new UsageException(ENCRYPTION + ": '" + text + "' is not one of off, if-server-requires, required");
    }

    /**
     * Builds the adapter. The password is copied into the adapter, which keeps it for
     * logging on again; the caller clears its own copy.
     *
     * @param kerberos Kerberos credentials, which take the place of {@code logon}'s; or null
     * @param timeout the connect and response time-out, or null for the adapter's defaults
     * @param wire    how the msrpc adapter meets the wire
     */
    static ConnectionEnumerator open(Adapter adapter, Logon logon, KerberosCredentials kerberos, Integer port,
            Duration timeout, Wire wire) throws UsageException {
        if (adapter == Adapter.NETAPI32) {
            Netapi32ConnectionEnumerator.Builder builder = Netapi32ConnectionEnumerator.builder();
            if (timeout != null) {
                builder.timeout(timeout);
            }
            try {
                return builder.build();
            } catch (IllegalStateException | UnsatisfiedLinkError e) {
                throw new UsageException("the netapi32 adapter needs Windows (Netapi32.dll); here: " + e.getMessage()
                        + ". Name a server and use " + ADAPTER + " msrpc instead", e);
            }
        }
        MsrpcConnectionEnumerator.Builder builder = MsrpcConnectionEnumerator.builder().smbLibrary(wire.library());
        try {
            if (kerberos != null) {
                builder.kerberos(kerberos);
            } else if (logon.anonymous()) {
                builder.anonymous();
            } else {
                builder.credentials(logon.domain(), logon.user(), logon.password());
            }
            if (port != null) {
                builder.port(port);
            }
            if (timeout != null) {
                builder.connectTimeout(timeout).responseTimeout(timeout).callTimeout(timeout);
            }
            if (wire.min() != null || wire.max() != null) {
                builder.dialects(wire.lowest(), wire.highest());
            }
            if (wire.encryption() != null) {
                builder.encryption(wire.encryption());
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
