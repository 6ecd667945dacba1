package io.github.netconn.msrpc;

import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Encryption;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Signing;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import java.time.Duration;

/**
 * An enumerator's options, fixed when it is built ({@link MsrpcConnectionEnumerator.Builder#build}
 * copies them here): what the SMB layers and the enumerator read, so that changing the builder
 * afterwards changes no enumerator already built, and two enumerators of one builder share
 * nothing. The password is the enumerator's own copy, cleared when it closes.
 */
record Settings(String domain, String user, char[] password, KerberosCredentials kerberos, boolean anonymous,
                int port, SmbLibrary library, Dialect minDialect, Dialect maxDialect, Signing signing,
                Encryption encryption, Duration connectTimeout, Duration responseTimeout, Duration callTimeout,
                int maxReplyBytes, long maxEntries, long maxEnumerationBytes) {

    /** The settings, with the password masked (C11). */
    @Override
    public String toString() {
        return (anonymous ? "anonymous" : kerberos != null ? kerberos.toString()
                : (domain.isEmpty() ? "" : domain + "\\") + user + ", password ***")
                + ", port " + port + ", " + library + ", dialects " + minDialect + ".." + maxDialect
                + ", signing " + signing + ", encryption " + encryption
                + ", connect time-out " + connectTimeout.toMillis() + " ms"
                + ", response time-out " + responseTimeout.toMillis() + " ms"
                + ", call time-out " + callTimeout.toMillis() + " ms";
    }
}
