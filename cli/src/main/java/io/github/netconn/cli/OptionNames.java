package io.github.netconn.cli;

/**
 * Every option's names, written once: the declarations ({@link QueryOptions#declare},
 * {@link QueryCommand}, {@link Watch}), the parsing, the help's texts and examples, and the
 * messages all use these. They are compile-time constants, so javac still folds each help text
 * and message into one string: nothing is joined at run time (BENCHMARKS.md, "Start-up").
 */
final class OptionNames {

    // Both commands: answered by Netconn.
    static final String HELP = "--help";
    static final String HELP_SHORT = "-h";
    static final String VERSION = "--version";
    static final String VERSION_SHORT = "-V";

    // What to ask and how: QueryOptions, shared by the query and the watch.
    static final String LEVEL = "--level";
    static final String LEVEL_SHORT = "-l";
    static final String ADAPTER = "--adapter";
    static final String ADAPTER_SHORT = "-a";
    static final String SMB = "--smb";
    static final String MIN_DIALECT = "--min-dialect";
    static final String MAX_DIALECT = "--max-dialect";
    static final String ENCRYPTION = "--encryption";
    static final String USER = "--user";
    static final String USER_SHORT = "-u";
    static final String PASSWORD_ENV = "--password-env";
    static final String PASSWORD_FILE = "--password-file";
    /** Never taken: caught only to refuse it without echoing its value. */
    static final String PASSWORD = "--password";
    static final String ANONYMOUS = "--anonymous";
    static final String KERBEROS = "--kerberos";
    static final String KERBEROS_SHORT = "-k";
    static final String KEYTAB = "--keytab";
    static final String REALM = "--realm";
    static final String KDC = "--kdc";
    static final String PORT = "--port";
    static final String PAGE_SIZE = "--page-size";
    static final String TIMEOUT = "--timeout";
    static final String TIMEOUT_SHORT = "-t";
    static final String PARALLEL = "--parallel";
    static final String SERVERS = "--servers";

    // Each command's own: QueryCommand's and Watch's (both have a --format, with different choices).
    static final String FORMAT = "--format";
    static final String FORMAT_SHORT = "-f";
    static final String VERBOSE = "--verbose";
    static final String VERBOSE_SHORT = "-v";
    static final String PROGRESS = "--progress";
    static final String INTERVAL = "--interval";
    static final String INTERVAL_SHORT = "-i";
    static final String METRICS = "--metrics";
    static final String METRICS_USERS = "--metrics-users";

    private OptionNames() {
    }
}
