package io.github.netconn.testkit;

import java.util.Objects;

/**
 * An account on a test server. {@link #toString()} never shows the password (C11).
 *
 * @param domain   the domain or workgroup, e.g. {@code NETCONN}
 * @param user     the user name
 * @param password the password
 */
public record Account(String domain, String user, String password) {

    /** In BUILTIN\Administrators on the Samba server; allowed on the scripted server. */
    public static final Account ADMIN = new Account("NETCONN", "netadmin", "Adm1n-Pass!");

    /** A plain user: ERROR_ACCESS_DENIED for NetrConnectionEnum on Samba. */
    public static final Account PLAIN = new Account("NETCONN", "netuser", "Us3r-Pass!");

    public Account {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The same account with a password the server will refuse. */
    public Account withWrongPassword() {
        return new Account(domain, user, "Wr0ng-" + password);
    }

    @Override
    public String toString() {
        return "Account[" + domain + "\\" + user + ", password ***]";
    }
}
