package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;
import static io.github.netconn.msrpc.LittleEndian.u32;

import com.hierynomus.mssmb2.SMB2GlobalCapability;
import com.hierynomus.protocol.commons.EnumWithValue;
import com.hierynomus.smbj.server.Server;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * MS-SMB2 2.2.31.4 VALIDATE_NEGOTIATE_INFO Request and 2.2.32.6 Response, sent as
 * FSCTL_VALIDATE_NEGOTIATE_INFO after the tree connect on SMB 3.0 and 3.0.2 (MS-SMB2
 * 3.2.5.5): the client repeats, in a signed request, what its NEGOTIATE request said, and
 * the server repeats what its NEGOTIATE response said, so that a negotiation rewritten on
 * the wire (a downgrade to 3.0, signing turned off) is found. The request repeats smbj's
 * NEGOTIATE request as smbj wrote it ({@link SmbjWireGuard.Guard#negotiateRequest}); the
 * answer is compared with the negotiation smbj completed, never with bytes of its own parse.
 */
final class FsctlValidateNegotiateInfo {

    static final long FSCTL_VALIDATE_NEGOTIATE_INFO = 0x0014_0204L;
    private static final int HEADER = 64;
    private static final int RESPONSE_LENGTH = 24;

    private FsctlValidateNegotiateInfo() {
    }

    /** The request, from the SMB2 NEGOTIATE request (MS-SMB2 2.2.3) as it was sent. */
    static byte[] request(byte[] negotiateRequest) {
        int dialects = u16(negotiateRequest, HEADER + 2);                        // NEGOTIATE.DialectCount
        byte[] b = new byte[24 + 2 * dialects];
        System.arraycopy(negotiateRequest, HEADER + 8, b, 0, 4);                 // Capabilities (4 bytes)
        System.arraycopy(negotiateRequest, HEADER + 12, b, 4, 16);               // Guid (16 bytes): ClientGuid
        System.arraycopy(negotiateRequest, HEADER + 4, b, 20, 2);                // SecurityMode (2 bytes)
        System.arraycopy(negotiateRequest, HEADER + 2, b, 22, 2);                // DialectCount (2 bytes)
        System.arraycopy(negotiateRequest, HEADER + 36, b, 24, 2 * dialects);    // Dialects (DialectCount x 2 bytes)
        return b;
    }

    /**
     * Why the response does not confirm the negotiation smbj completed (MS-SMB2 3.2.5.5: the
     * server's Capabilities, Guid, SecurityMode and Dialect as smbj took them from the one
     * NEGOTIATE response it accepted), or null if it does. Capabilities are compared as the
     * set smbj knows, since only those are acted on.
     */
    static String mismatch(byte[] response, Server negotiated) {
        if (response == null || response.length != RESPONSE_LENGTH) {
            return "a VALIDATE_NEGOTIATE_INFO response of " + (response == null ? 0 : response.length)
                    + " bytes, not " + RESPONSE_LENGTH;
        }
        long capabilities = Integer.toUnsignedLong(u32(response, 0));                                             // Capabilities
        if (!EnumWithValue.EnumUtils.toEnumSet(capabilities, SMB2GlobalCapability.class).equals(negotiated.getCapabilities())) {
            return String.format("the server's capabilities 0x%08x differ from those of its NEGOTIATE response (%s)",
                    capabilities, negotiated.getCapabilities());
        }
        if (!guid(response, 4).equals(negotiated.getServerGUID())) {                       // Guid: ServerGuid
            return "the server's GUID differs from its NEGOTIATE response";
        }
        if (u16(response, 20) != negotiated.getSecurityMode()) {                           // SecurityMode
            return String.format("the server's security mode 0x%04x differs from its NEGOTIATE response's 0x%04x",
                    u16(response, 20), negotiated.getSecurityMode());
        }
        if (u16(response, 22) != negotiated.getDialectRevision().getValue()) {             // Dialect
            return String.format("the server says it chose dialect 0x%04x, but the NEGOTIATE response said 0x%04x",
                    u16(response, 22), negotiated.getDialectRevision().getValue());
        }
        return null;
    }

    /** MS-DTYP 2.3.4.2: Data1, Data2 and Data3 little-endian, Data4 as it stands. */
    private static UUID guid(byte[] b, int at) {
        long high = Integer.toUnsignedLong(u32(b, at)) << 32 | (long) u16(b, at + 4) << 16 | u16(b, at + 6);
        return new UUID(high, ByteBuffer.wrap(b, at + 8, 8).getLong());
    }
}
