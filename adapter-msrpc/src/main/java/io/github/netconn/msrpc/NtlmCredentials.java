package io.github.netconn.msrpc;

import java.util.Arrays;
import java.util.Objects;

/**
 * NTLMv2 credentials for {@link MsrpcConnectionEnumerator.Builder#credentials(NtlmCredentials)}:
 * a domain, a user and a password, beside {@link KerberosCredentials}. The account may be
 * written as people type it:
 * <ul>
 * <li>{@code DOMAIN\\user} (Windows) or {@code DOMAIN/user} (impacket): that domain;</li>
 * <li>{@code user@domain} (a user principal name): sent as {@code domain\\user}, which both
 * Windows and Samba resolve (the domain may be the NetBIOS name or the DNS name);</li>
 * <li>{@code user}: an empty domain, the server's own accounts.</li>
 * </ul>
 * The password is kept as characters, as a copy: the caller may clear its array at once.
 * {@link #toString()} never shows it; neither does any message that names the account.
 */
public final class NtlmCredentials {

    private final String domain;
    private final String user;
    private final char[] password;

    private NtlmCredentials(String domain, String user, char[] password) {
        this.domain = domain;
        this.user = user;
        this.password = password;
    }

    /**
     * The account as typed — {@code DOMAIN\\user}, {@code DOMAIN/user}, {@code user@domain} or
     * {@code user} — with its password.
     *
     * @throws IllegalArgumentException if the account is empty, or names no user or no domain
     *                                  where its separator says it has one
     */
    public static NtlmCredentials of(String account, char[] password) {
        Objects.requireNonNull(account, "account");
        int separator = firstOf(account, '\\', '/');
        if (separator >= 0) {
            return of(account.substring(0, separator), account.substring(separator + 1), password, account);
        }
        int at = account.lastIndexOf('@');
        if (at >= 0) {
            return of(account.substring(at + 1), account.substring(0, at), password, account);
        }
        return of("", account, password, account);
    }

    /**
     * {@code domain\\user} with its password; {@code domain} may be empty for the server's own accounts.
     *
     * @throws IllegalArgumentException if the user is empty, or either contains a separator
     */
    public static NtlmCredentials of(String domain, String user, char[] password) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        if (firstOf(domain, '\\', '/') >= 0 || domain.indexOf('@') >= 0 || firstOf(user, '\\', '/') >= 0) {
            throw new IllegalArgumentException("the domain '" + domain + "' and the user '" + user
                    + "' are two parts: neither may contain \\ or / (nor the domain @)");
        }
        return of(domain, user, password, domain.isEmpty() ? user : domain + "\\" + user);
    }

    private static NtlmCredentials of(String domain, String user, char[] password, String typed) {
        Objects.requireNonNull(password, "password");
        if (typed.isEmpty()) {
            throw new IllegalArgumentException("the account is empty (expected DOMAIN\\user, DOMAIN/user,"
                    + " user@domain or user)");
        }
        if (user.isEmpty() || firstOf(user, '\\', '/') >= 0) {
            throw new IllegalArgumentException("'" + typed + "' names no user (expected DOMAIN\\user,"
                    + " DOMAIN/user, user@domain or user)");
        }
        if (domain.isEmpty() && !typed.equals(user)) {
            throw new IllegalArgumentException("'" + typed + "' names no domain (expected DOMAIN\\user,"
                    + " DOMAIN/user, user@domain or user)");
        }
        return new NtlmCredentials(domain, user, password.clone());
    }

    private static int firstOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** The domain sent in the logon; empty for the server's own accounts. */
    public String domain() {
        return domain;
    }

    /** The user name sent in the logon. */
    public String user() {
        return user;
    }

    /** {@code DOMAIN\\user}, or {@code user} without a domain: the account the logon is sent for. */
    public String account() {
        return domain.isEmpty() ? user : domain + "\\" + user;
    }

    /** A copy of the password, for the builder to keep. */
    char[] password() {
        return password.clone();
    }

    /** Clears this value's copy of the password; the builder and its enumerators keep their own. */
    public void clear() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "NtlmCredentials[" + account() + ", password ***]";
    }
}
