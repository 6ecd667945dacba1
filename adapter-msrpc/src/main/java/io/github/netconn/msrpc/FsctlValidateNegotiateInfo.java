package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;

import java.util.Arrays;

/**
 * MS-SMB2 2.2.31.4 VALIDATE_NEGOTIATE_INFO Request and 2.2.32.6 Response, sent as
 * FSCTL_VALIDATE_NEGOTIATE_INFO after the tree connect on SMB 3.0 and 3.0.2 (MS-SMB2
 * 3.2.5.5): the client repeats, in a signed request, what its NEGOTIATE request said, and
 * the server repeats what its NEGOTIATE response said, so that a negotiation rewritten on
 * the wire (a downgrade to 3.0, signing turned off) is found. Both sides are taken from the
 * NEGOTIATE messages exactly as they crossed the wire ({@link SmbjWireGuard.Guard}).
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
     * Why the response does not confirm the SMB2 NEGOTIATE response (MS-SMB2 2.2.4) as it
     * arrived, or null if it does.
     */
    static String mismatch(byte[] response, byte[] negotiateResponse) {
        if (response == null || response.length != RESPONSE_LENGTH) {
            return "a VALIDATE_NEGOTIATE_INFO response of " + (response == null ? 0 : response.length)
                    + " bytes, not " + RESPONSE_LENGTH;
        }
        if (!Arrays.equals(response, 0, 4, negotiateResponse, HEADER + 24, HEADER + 28)) {   // Capabilities
            return "the server's capabilities differ from its NEGOTIATE response";
        }
        if (!Arrays.equals(response, 4, 20, negotiateResponse, HEADER + 8, HEADER + 24)) {   // Guid: ServerGuid
            return "the server's GUID differs from its NEGOTIATE response";
        }
        if (!Arrays.equals(response, 20, 22, negotiateResponse, HEADER + 2, HEADER + 4)) {   // SecurityMode
            return "the server's security mode differs from its NEGOTIATE response";
        }
        if (!Arrays.equals(response, 22, 24, negotiateResponse, HEADER + 4, HEADER + 6)) {   // Dialect: DialectRevision
            return String.format("the server says it chose dialect 0x%04x, but the NEGOTIATE response said 0x%04x",
                    u16(response, 22), u16(negotiateResponse, HEADER + 4));
        }
        return null;
    }
}
