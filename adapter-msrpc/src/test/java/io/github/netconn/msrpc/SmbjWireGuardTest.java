package io.github.netconn.msrpc;

import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_128;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_ALWAYS_SIGN;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_ANONYMOUS;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_KEY_EXCH;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_SEAL;
import static com.hierynomus.ntlm.messages.NtlmNegotiateFlag.NTLMSSP_NEGOTIATE_SIGN;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The DER check against smbj's own decoder, token by token: every token the check passes,
     * smbj reads without allocating more than a few times its size; every one that would make
     * smbj allocate gigabytes, the check refuses. Among them the ways found to hide a length from
     * a check that descends only into constructed elements.
     */
    @Test
    void theDerCheckPassesOnlyTokensSmbjReadsWithoutAllocatingTheirClaims() {
        java.util.HexFormat hex = java.util.HexFormat.ofDelimiter(" ");
        java.util.Map<String, Boolean> tokens = new java.util.LinkedHashMap<>(); // token -> refused
        tokens.put(java.util.HexFormat.of().formatHex(token(flags(NTLMSSP_NEGOTIATE_KEY_EXCH, NTLMSSP_NEGOTIATE_SIGN),
                KEY, "NETCONN")).replaceAll("(..)(?!$)", "$1 "), false);             // smbj's own AUTHENTICATE
        tokens.put("a1 84 7f ff ff 00", true);                                       // the outer length
        tokens.put("81 06 30 84 7f ff ff 00", true);                                 // a primitive [1] around it
        tokens.put("a1 08 10 06 a2 84 7f ff ff 00", false); // a primitive SEQUENCE: smbj refuses the tag before its contents
        tokens.put("a1 0a 30 08 82 06 04 84 7f ff ff 00", true);                     // a primitive [2] around an OCTET STRING
        tokens.put("a1 00 30 84 7f ff ff 00", false);                                // trailing bytes after the element
        tokens.put("a1 85 00 00 00 00 01", true);                                    // a five-byte length
        tokens.put("a1 80 00 00", true);                                             // the indefinite form
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        tokens.forEach((text, refused) -> {
            byte[] token = hex.parseHex(text);
            String why = SmbjWireGuard.Der.overlong(token);
            assertEquals(refused, why != null, () -> text + ": " + why);
            if (why == null) {
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    new NegTokenTarg().read(token);
                } catch (Exception e) {
                    // smbj may refuse it: what matters is what it allocated on the way
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 1024 * 1024, () -> text + ": smbj allocated " + allocated + " bytes");
            }
        });
    }
}
