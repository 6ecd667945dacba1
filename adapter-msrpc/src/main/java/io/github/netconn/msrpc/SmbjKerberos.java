package io.github.netconn.msrpc;

import com.hierynomus.mssmb2.SMB2PacketHeader;
import com.hierynomus.protocol.commons.Factory;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticateResponse;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.auth.Authenticator;
import com.hierynomus.smbj.connection.ConnectionContext;
import com.hierynomus.spnego.RawToken;
import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import io.github.netconn.msrpc.SmbLayer.Failure;
import io.github.netconn.msrpc.SmbLayer.Failure.Kind;
import java.io.IOException;
import java.security.Key;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * netconn's Kerberos for smbj, in place of smbj's SpnegoAuthenticator, on the JDK's JGSS:
 * SPNEGO with the Kerberos mechanism only, the service principal {@code cifs/<host>@<realm>}
 * named exactly (no DNS canonicalisation of the host), mutual authentication required and
 * checked once the context is established, delegation off. The session key is the first 16
 * bytes of the context's key (MS-SMB2 3.2.5.3.1). smbj picks an authenticator by the
 * mechanisms the server lists in its NEGOTIATE; these are offered under the Kerberos OIDs
 * (and NEGOEX, as smbj's own is), and when Kerberos is chosen they are smbj's only
 * authenticators, so that NTLM cannot be tried.
 */
final class SmbjKerberos implements Authenticator {

    /** MS-KILE's Kerberos OID, RFC 4121's, and NEGOEX. */
    private static final List<String> MECHANISMS = List.of("1.2.840.48018.1.2.2", "1.2.840.113554.1.2.2",
            "1.3.6.1.4.1.311.2.2.30");
    private static final String SPNEGO = "1.3.6.1.5.5.2";
    private static final String KRB5_PRINCIPAL_NAME = "1.2.840.113554.1.2.2.1";

    /** One Kerberos logon: the Subject with the TGT. */
    static final class Logon extends AuthenticationContext {
        final Subject subject;

        Logon(Subject subject) {
            super(KerberosCredentials.principalOf(subject), new char[0], "");
            this.subject = subject;
        }

        @Override
        public String toString() {
            return "Kerberos logon of " + getUsername();
        }
    }

    /** The factories smbj chooses from, one per mechanism a server may list. */
    static List<Factory.Named<Authenticator>> factories() {
        return MECHANISMS.stream().<Factory.Named<Authenticator>>map(oid -> new Factory.Named<>() {
            @Override
            public String getName() {
                return oid;
            }

            @Override
            public Authenticator create() {
                return new SmbjKerberos();
            }
        }).toList();
    }

    private GSSContext context;

    @Override
    public void init(SmbConfig config) {
    }

    @Override
    public boolean supports(AuthenticationContext context) {
        return context instanceof Logon;
    }

    @Override
    public AuthenticateResponse authenticate(AuthenticationContext logon, byte[] token, ConnectionContext connection)
            throws IOException {
        Subject subject = ((Logon) logon).subject;
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<AuthenticateResponse>) () ->
                    step(subject, token, connection.getServerName()));
        } catch (PrivilegedActionException e) {
            Exception cause = e.getException();
            if (cause instanceof GSSException g) {
                throw failure(g, connection.getServerName());
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    private AuthenticateResponse step(Subject subject, byte[] token, String host) throws GSSException, Failure {
        byte[] in = token;
        if (context == null) {
            String principal = KerberosCredentials.principalOf(subject);
            String realm = principal.substring(principal.lastIndexOf('@') + 1);
            GSSManager manager = GSSManager.getInstance();
            GSSName server = manager.createName("cifs/" + host + "@" + realm, new Oid(KRB5_PRINCIPAL_NAME));
            context = manager.createContext(server, new Oid(SPNEGO), null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(true);
            context.requestCredDeleg(false);
            ((ExtendedGSSContext) context).requestDelegPolicy(false);
            in = new byte[0]; // the NEGOTIATE's hint is no answer to anything yet
        }
        byte[] out = context.initSecContext(in, 0, in.length);
        AuthenticateResponse response = new AuthenticateResponse(new RawToken(out == null ? new byte[0] : out));
        if (context.isEstablished()) {
            if (!context.getMutualAuthState()) {
                throw new Failure(Kind.AUTHENTICATION, "cifs/" + host + " did not prove its identity"
                        + " (no Kerberos mutual authentication)", null);
            }
            if (context.getCredDelegState()) {
                throw new Failure(Kind.AUTHENTICATION, "the JDK delegated the TGT to cifs/" + host
                        + ", which netconn never asks for", null);
            }
            Key key = (Key) ((ExtendedGSSContext) context).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY);
            response.setSessionKey(Arrays.copyOf(key.getEncoded(), SMB2PacketHeader.SIGNATURE_SIZE));
        }
        return response;
    }

    /** JGSS's failure, in plain words; its messages carry the KDC's error text, never a secret. */
    static Failure failure(GSSException e, String host) {
        String message = e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
        Throwable network = KerberosCredentials.unreachable(e);
        if (network != null) {
            return new Failure(Kind.UNREACHABLE, "the KDC did not answer when asked for a ticket to cifs/" + host
                    + " (" + network + ")", e);
        }
        if (message.contains("Server not found in Kerberos database") || message.contains("(7)")) {
            return new Failure(Kind.AUTHENTICATION, "the KDC knows no principal cifs/" + host + ": the server is not in"
                    + " the realm, or is known by another name (" + message + ")", e);
        }
        if (message.contains("Checksum failed") || message.contains("Integrity check")) {
            return new Failure(Kind.AUTHENTICATION, "cifs/" + host + " did not prove its identity: its Kerberos answer"
                    + " fails its check (not the server, or altered on the wire: " + message + ")", e);
        }
        if (e.getMajor() == GSSException.NO_CRED) {
            return new Failure(Kind.AUTHENTICATION, "no Kerberos ticket to use (" + message + ")", e);
        }
        return new Failure(Kind.AUTHENTICATION, "Kerberos with cifs/" + host + " failed: " + message, e);
    }
}
