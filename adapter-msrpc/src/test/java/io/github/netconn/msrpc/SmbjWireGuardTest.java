package io.github.netconn.msrpc;

import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_128;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_ALWAYS_SIGN;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_ANONYMOUS;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_KEY_EXCH;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_SEAL;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_SIGN;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.ntlm.messages.NtlmNegotiateFlag;
import com.hierynomus.ntlm.messages.NtlmAuthenticate;
import com.hierynomus.protocol.commons.buffer.Buffer;
import com.hierynomus.protocol.commons.buffer.Endian;
import com.hierynomus.spnego.NegTokenTarg;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link SmbjWireGuard.Guard#keyInTheClear} on SESSION_SETUP tokens written by smbj's own
 * classes, as NtlmAuthenticator writes them: the flags come from the AUTHENTICATE's own
 * field, never from a scan, so bytes that look like another AUTHENTICATE inside it change
 * nothing. (What reaches this check on the wire is in {@link MsrpcWireAttackTest}.)
 */
class SmbjWireGuardTest {

    private static final byte[] KEY = new byte[16];

    @Test
    void aKeyExchangedUnderSigningLeaves() {
        assertNull(SmbjWireGuard.Guard.keyInTheClear(token(flags(NTLMSSP_NEGOTIATE_KEY_EXCH, NTLMSSP_NEGOTIATE_SIGN,
                NTLMSSP_NEGOTIATE_ALWAYS_SIGN), KEY, "NETCONN")));
        assertNull(SmbjWireGuard.Guard.keyInTheClear(token(flags(NTLMSSP_NEGOTIATE_KEY_EXCH, NTLMSSP_NEGOTIATE_SEAL),
                KEY, "NETCONN")));
    }

    @Test
    void aKeyWithoutKeyExchangeOrWithoutSigningNeverLeaves() {
        for (Set<NtlmNegotiateFlag> weak : java.util.List.of(flags(NTLMSSP_NEGOTIATE_KEY_EXCH),
                flags(NTLMSSP_NEGOTIATE_SIGN, NTLMSSP_NEGOTIATE_ALWAYS_SIGN, NTLMSSP_NEGOTIATE_SEAL), flags())) {
            String why = SmbjWireGuard.Guard.keyInTheClear(token(weak, KEY, "NETCONN"));
            assertNotNull(why, () -> "passed: " + weak);
            assertTrue(why.contains("session key in the clear"), why);
        }
    }

    /** A decoy: an AUTHENTICATE with good flags written into the domain name of one with bad flags. */
    @Test
    void aDecoyInsideTheMessageChangesNothing() {
        byte[] good = ntlm(flags(NTLMSSP_NEGOTIATE_KEY_EXCH, NTLMSSP_NEGOTIATE_SIGN), KEY, "");
        String decoy = new String(good, StandardCharsets.ISO_8859_1);
        byte[] bad = token(flags(NTLMSSP_NEGOTIATE_KEY_EXCH), KEY, decoy);
        assertNotNull(SmbjWireGuard.Guard.keyInTheClear(bad), "the outer message's own flags decide");
    }

    /** Nothing to leak: an anonymous AUTHENTICATE (no key), smbj's NegTokenInit, a Kerberos token. */
    @Test
    void tokensWithoutASessionKeyPass() {
        assertNull(SmbjWireGuard.Guard.keyInTheClear(token(flags(NTLMSSP_NEGOTIATE_ANONYMOUS), null, "")));
        assertNull(SmbjWireGuard.Guard.keyInTheClear(new byte[] {0x60, 0x03, 0x06, 0x01, 0x00}));
        assertNull(SmbjWireGuard.Guard.keyInTheClear(targ("not an NTLM message, say an AP-REQ".getBytes(StandardCharsets.US_ASCII))));
        assertNull(SmbjWireGuard.Guard.keyInTheClear(null));
    }

    @Test
    void aTokenSmbjCannotReadBackIsRefused() {
        assertNotNull(SmbjWireGuard.Guard.keyInTheClear(new byte[] {(byte) 0xA1, 0x7F, 0x30}));
    }

    private static Set<NtlmNegotiateFlag> flags(NtlmNegotiateFlag... more) {
        Set<NtlmNegotiateFlag> flags = EnumSet.of(NTLMSSP_NEGOTIATE_128, NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY);
        flags.addAll(java.util.List.of(more));
        return flags;
    }

    /** The SESSION_SETUP security buffer as NtlmAuthenticator makes it: the AUTHENTICATE in a NegTokenTarg. */
    private static byte[] token(Set<NtlmNegotiateFlag> flags, byte[] key, String domain) {
        return targ(ntlm(flags, key, domain));
    }

    private static byte[] ntlm(Set<NtlmNegotiateFlag> flags, byte[] key, String domain) {
        NtlmAuthenticate message = new NtlmAuthenticate(new byte[0], new byte[24], "netadmin", domain, "WS01", key, flags,
                null);
        Buffer.PlainBuffer ntlm = new Buffer.PlainBuffer(Endian.LE);
        message.write(ntlm);
        return ntlm.getCompactData();
    }

    private static byte[] targ(byte[] responseToken) {
        NegTokenTarg targ = new NegTokenTarg();
        targ.setResponseToken(responseToken);
        Buffer.PlainBuffer out = new Buffer.PlainBuffer(Endian.LE);
        try {
            targ.write(out);
        } catch (com.hierynomus.spnego.SpnegoException e) {
            throw new IllegalStateException(e);
        }
        return out.getCompactData();
    }
}
