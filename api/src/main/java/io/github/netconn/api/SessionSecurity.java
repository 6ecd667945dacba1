package io.github.netconn.api;

import java.util.Objects;

/**
 * What protected an answer on the wire: the SMB session that carried it, as the adapter
 * negotiated and checked it. The values are fixed words, so that a script can compare them.
 *
 * @param dialect             the SMB dialect: {@code 2.0.2}, {@code 2.1}, {@code 3.0},
 *                            {@code 3.0.2}, {@code 3.1.1}, or {@code unknown} where the SMB
 *                            library does not say
 * @param signing             how each reply was signed and checked: {@code AES-128-CMAC},
 *                            {@code HMAC-SHA256}, {@code none} (an encrypted session, whose
 *                            cipher authenticates every reply, or an unsigned one), or
 *                            {@code logon only} (the library checks no signature after the
 *                            logon)
 * @param encryption          the cipher: {@code AES-128-GCM}, {@code AES-128-CCM}, or
 *                            {@code none}
 * @param authentication      {@code NTLMv2}, {@code Kerberos} or {@code anonymous}
 * @param downgradeProtection what showed that nobody on the wire changed the negotiation:
 *                            {@code pre-authentication integrity} (SMB 3.1.1),
 *                            {@code VALIDATE_NEGOTIATE_INFO} (SMB 3.0 and 3.0.2), or
 *                            {@code none}
 */
public record SessionSecurity(String dialect, String signing, String encryption, String authentication,
                              String downgradeProtection) {

    public SessionSecurity {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(downgradeProtection, "downgradeProtection");
    }

    /** One line, as {@code --verbose} prints it: {@code SMB 3.1.1, signed AES-128-CMAC, ...}. */
    @Override
    public String toString() {
        return "SMB " + dialect + ", signing " + signing + ", encryption " + encryption + ", " + authentication
                + ", downgrade protection " + downgradeProtection;
    }
}
