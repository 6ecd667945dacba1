package io.github.netconn.msrpc;

import com.sun.security.auth.module.UnixSystem;
import io.github.netconn.msrpc.SmbLayer.Failure;
import io.github.netconn.msrpc.SmbLayer.Failure.Kind;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Kerberos credentials for {@link MsrpcConnectionEnumerator.Builder#kerberos}: the user's
 * ticket cache as {@code kinit} leaves it, a keytab, or a principal and password with which
 * netconn asks the KDC itself (a JAAS login made in code: no JAAS file). Realm and KDC come
 * from the JDK's krb5.conf unless {@link #realm} and {@link #kdc} say otherwise.
 *
 * <p>With Kerberos, NTLM is never tried, the TGT is never delegated, the server must prove
 * its identity (mutual authentication), and its service principal is {@code cifs/<host>} for
 * the host name the query gives; a query that names the server by address is refused before
 * any traffic. Only on smbj: {@code build()} refuses Kerberos with jcifs, whose Kerberos
 * always delegates the TGT and falls back to NTLM.
 */
public final class KerberosCredentials {

    enum Source { TICKET_CACHE, KEYTAB, PASSWORD }

    final Source source;
    /** The client principal; null for a ticket cache, whose principal is its own. */
    final String principal;
    final Path file;
    private final char[] password;
    final String realm;
    final String kdc;

    private KerberosCredentials(Source source, String principal, Path file, char[] password, String realm, String kdc) {
        this.source = source;
        this.principal = principal;
        this.file = file;
        this.password = password;
        this.realm = realm;
        this.kdc = kdc;
    }

    /**
     * The ticket cache {@code KRB5CCNAME} names, or the default one ({@code /tmp/krb5cc_<uid>}),
     * as {@code kinit} leaves it. Like impacket's {@code -k -no-pass}.
     *
     * @throws IllegalArgumentException if {@code KRB5CCNAME} names a cache the JDK cannot read
     *                                  (only {@code FILE:} caches are)
     */
    public static KerberosCredentials ticketCache() {
        return ticketCacheNamed(System.getenv("KRB5CCNAME"));
    }

    /**
     * The ticket cache that {@code krb5ccname}, a value of {@code KRB5CCNAME}, names; the
     * default one when it is null or empty.
     *
     * @throws IllegalArgumentException if it names a cache the JDK cannot read (only {@code FILE:} caches are)
     */
    public static KerberosCredentials ticketCacheNamed(String krb5ccname) {
        String name = krb5ccname;
        if (name == null || name.isEmpty()) {
            return ticketCache(Path.of("/tmp/krb5cc_" + new UnixSystem().getUid()));
        }
        int colon = name.indexOf(':');
        if (colon > 0 && !name.regionMatches(true, 0, "FILE:", 0, 5)) {
            throw new IllegalArgumentException("KRB5CCNAME names a " + name.substring(0, colon + 1) + " cache, which the"
                    + " JDK cannot read: use a FILE: cache (kinit -c FILE:/path) and point KRB5CCNAME at it");
        }
        return ticketCache(Path.of(colon > 0 ? name.substring(5) : name));
    }

    /** The ticket cache in {@code cache}, a file as {@code kinit -c FILE:...} writes it. */
    public static KerberosCredentials ticketCache(Path cache) {
        return new KerberosCredentials(Source.TICKET_CACHE, null, Objects.requireNonNull(cache, "cache"), null, null, null);
    }

    /**
     * The key of {@code principal} in {@code keytab}.
     *
     * @throws IllegalArgumentException if the principal is empty or the keytab is not a readable file
     */
    public static KerberosCredentials keytab(String principal, Path keytab) {
        Objects.requireNonNull(keytab, "keytab");
        if (!Files.isRegularFile(keytab) || !Files.isReadable(keytab)) {
            throw new IllegalArgumentException("the keytab " + keytab + " is not a readable file");
        }
        return new KerberosCredentials(Source.KEYTAB, principal(principal), keytab, null, null, null);
    }

    /**
     * A logon to the KDC with {@code principal} ({@code user} or {@code user@REALM}) and its
     * password, which is copied; clear your array when done.
     */
    public static KerberosCredentials password(String principal, char[] password) {
        Objects.requireNonNull(password, "password");
        return new KerberosCredentials(Source.PASSWORD, principal(principal), null, password.clone(), null, null);
    }

    /** The realm, instead of krb5.conf's default_realm; it takes {@link #kdc} with it. */
    public KerberosCredentials realm(String realm) {
        if (realm == null || realm.isBlank() || realm.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the realm must be a name without spaces, not '" + realm + "'");
        }
        return new KerberosCredentials(source, principal, file, password, realm, kdc);
    }

    /** The KDC as {@code host} or {@code host:port}, instead of krb5.conf's; it needs {@link #realm}. */
    public KerberosCredentials kdc(String hostAndPort) {
        if (hostAndPort == null || !hostAndPort.matches("[^\\s:/]+(:\\d{1,5})?")) {
            throw new IllegalArgumentException("the KDC must be host or host:port, not '" + hostAndPort + "'");
        }
        int colon = hostAndPort.indexOf(':');
        if (colon > 0) {
            int port = Integer.parseInt(hostAndPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the KDC's port must be from 1 to 65535, not " + port);
            }
        }
        return new KerberosCredentials(source, principal, file, password, realm, hostAndPort);
    }

    /**
     * Refuses a server named by its IPv4 address ({@code address} or {@code address:port}, as a
     * query names it): Kerberos needs the host name, which the server's {@code cifs/} principal
     * is named by.
     *
     * @throws IllegalArgumentException naming the server, if it is an address
     */
    public static void requireHostName(String server) {
        if (server.replaceFirst(":\\d+$", "").matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException(server + " is an address, but Kerberos needs the server's host name,"
                    + " which its cifs/ principal is named by");
        }
    }

    private static String principal(String principal) {
        if (principal == null || principal.isEmpty() || principal.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the principal must be user or user@REALM without spaces, not '"
                    + principal + "'");
        }
        return principal;
    }

    /** Who logs on, for messages: the principal, or the ticket cache. */
    String who() {
        return principal != null ? principal : "the principal of the ticket cache " + file;
    }

    /**
     * A fresh login: the Subject holding the TGT. The JDK keeps one Kerberos configuration per
     * process, so {@link #realm} and {@link #kdc} become a krb5.conf of their own, which
     * {@code java.security.krb5.conf} names for the whole process: that realm and KDC only,
     * over TCP, waiting {@code timeout} for it, once, and no forwardable tickets.
     */
    Subject login(Duration timeout) throws Failure {
        synchronized (KerberosCredentials.class) {
            if (kdc != null || realm != null) {
                if (kdc == null || realm == null) {
                    throw new Failure(Kind.AUTHENTICATION, "a realm and a KDC go together: give both, or neither to use"
                            + " krb5.conf", null);
                }
                System.setProperty("java.security.krb5.conf", krb5Conf(timeout).toString());
            }
            if (source == Source.TICKET_CACHE && !Files.isRegularFile(file)) {
                throw new Failure(Kind.AUTHENTICATION, "there is no ticket cache at " + file + ": run kinit first", null);
            }
            Map<String, String> options = new HashMap<>();
            options.put("refreshKrb5Config", "true");
            options.put("isInitiator", "true");
            options.put("storeKey", "false");
            switch (source) {
                case TICKET_CACHE:
                    options.put("useTicketCache", "true");
                    options.put("ticketCache", file.toString());
                    options.put("doNotPrompt", "true");
                    break;
                case KEYTAB:
                    options.put("useKeyTab", "true");
                    options.put("keyTab", file.toString());
                    options.put("principal", principal);
                    options.put("doNotPrompt", "true");
                    break;
                default:
                    options.put("principal", principal);
                    break;
            }
            Configuration jaas = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
                }
            };
            try {
                LoginContext login = new LoginContext("netconn", new Subject(), callbacks -> {
                    for (var callback : callbacks) {
                        if (callback instanceof NameCallback n) {
                            n.setName(principal);
                        } else if (callback instanceof PasswordCallback p && password != null) {
                            p.setPassword(password);
                        } else {
                            throw new UnsupportedCallbackException(callback);
                        }
                    }
                }, jaas);
                login.login();
                Subject subject = login.getSubject();
                String expired = expired(subject);
                if (expired != null) {
                    throw new Failure(Kind.AUTHENTICATION, expired, null);
                }
                return subject;
            } catch (LoginException e) {
                throw failure(e);
            }
        }
    }

    private Path krb5Conf(Duration timeout) throws Failure {
        String conf = "[libdefaults]\n default_realm = " + realm + "\n dns_lookup_kdc = false\n dns_lookup_realm = false\n"
                + " udp_preference_limit = 1\n kdc_timeout = " + timeout.toMillis() + "\n max_retries = 1\n"
                + " forwardable = false\n[realms]\n " + realm + " = {\n  kdc = " + kdc + "\n }\n";
        try {
            Path file = Files.createTempFile("netconn-krb5-", ".conf");
            file.toFile().deleteOnExit();
            return Files.writeString(file, conf);
        } catch (java.io.IOException e) {
            throw new Failure(Kind.AUTHENTICATION, "cannot write the krb5.conf for realm " + realm + ": " + e, e);
        }
    }

    /** Why the Subject's TGT cannot be used, or null if it can. */
    String expired(Subject subject) {
        for (KerberosTicket ticket : subject.getPrivateCredentials(KerberosTicket.class)) {
            if (ticket.getServer().getName().startsWith("krbtgt/")) {
                return ticket.isCurrent() ? null : "the ticket of " + ticket.getClient().getName() + " expired at "
                        + ticket.getEndTime().toInstant() + (source == Source.TICKET_CACHE ? ": run kinit again" : "");
            }
        }
        return "the login gave no ticket-granting ticket";
    }

    /** The principal the Subject logged on as. */
    static String principalOf(Subject subject) {
        return subject.getPrincipals(KerberosPrincipal.class).stream().findFirst().map(KerberosPrincipal::getName)
                .orElse("?");
    }

    /** The JDK's login failure, in plain words. Its messages carry the KDC's error text, never a secret. */
    private Failure failure(LoginException e) {
        String all = messages(e);
        String lower = all.toLowerCase(Locale.ROOT);
        Throwable network = unreachable(e);
        if (network != null) {
            return new Failure(Kind.UNREACHABLE, "the KDC of " + (realm != null ? realm + " at " + kdc : "the realm")
                    + " did not answer (" + network + ")", e);
        }
        String why;
        if (lower.contains("pre-authentication information was invalid") || lower.contains("(24)")) {
            why = source == Source.KEYTAB ? "the KDC refused the key of " + principal + " in " + file
                    + " (the password changed since the keytab was made?)" : "the KDC refused the password of " + principal;
        } else if (lower.contains("client not found in kerberos database") || lower.contains("(6)")) {
            why = "the KDC knows no principal " + principal;
        } else if (lower.contains("revoked") || lower.contains("(18)")) {
            why = "the account of " + who() + " is disabled or locked";
        } else if (lower.contains("password has expired") || lower.contains("(23)")) {
            why = "the password of " + principal + " has expired";
        } else if (lower.contains("cannot locate default realm") || lower.contains("cannot locate kdc")) {
            why = "no realm or KDC is configured: name them in krb5.conf (java.security.krb5.conf) or with realm() and kdc()";
        } else if (source == Source.TICKET_CACHE) {
            why = "the ticket cache " + file + " holds no usable ticket (expired, or not a ticket cache): run kinit again";
        } else if (source == Source.KEYTAB && lower.contains("unable to obtain password")) {
            why = "the keytab " + file + " holds no key for " + principal;
        } else {
            why = "the Kerberos logon of " + who() + " failed";
        }
        return new Failure(Kind.AUTHENTICATION, why + " (" + all + ")", e);
    }

    /** The JDK's way of not reaching the KDC among {@code e}'s causes, or null. */
    static Throwable unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof PortUnreachableException
                    || t instanceof ConnectException || t instanceof UnknownHostException) {
                return t;
            }
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 500; t = t.getCause()) {
            if (t.getMessage() != null && s.indexOf(t.getMessage()) < 0) {
                s.append(s.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return s.toString();
    }

    /** The source and principal; never the password. */
    @Override
    public String toString() {
        String s = switch (source) {
            case TICKET_CACHE -> "Kerberos, ticket cache " + file;
            case KEYTAB -> "Kerberos, " + principal + ", keytab " + file;
            case PASSWORD -> "Kerberos, " + principal + ", password ***";
        };
        return s + (realm == null ? "" : ", realm " + realm) + (kdc == null ? "" : ", KDC " + kdc);
    }
}
