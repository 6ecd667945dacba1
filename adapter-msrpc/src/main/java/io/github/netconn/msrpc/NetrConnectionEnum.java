package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.NdrEntries.dword;
import static io.github.netconn.msrpc.NdrEntries.string;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ProtocolViolationException;

/**
 * MS-SRVS 3.1.4.1 {@code NetrConnectionEnum} (srvsvc opnum 8): the request stub and the
 * reply stub in NDR20, little-endian.
 *
 * <pre>
 * NET_API_STATUS NetrConnectionEnum(
 *   [in, string, unique] SRVSVC_HANDLE ServerName,
 *   [in, string, unique] WCHAR* Qualifier,
 *   [in, out] LPCONNECT_ENUM_STRUCT InfoStruct,
 *   [in] DWORD PreferedMaximumLength,
 *   [out] DWORD* TotalEntries,
 *   [in, out, unique] DWORD* ResumeHandle);
 *
 * typedef struct _CONNECT_ENUM_STRUCT {
 *   DWORD Level;
 *   [switch_is(Level)] CONNECT_ENUM_UNION ConnectInfo;   // [case(0)] CONNECT_INFO_0_CONTAINER* Level0;
 * } CONNECT_ENUM_STRUCT;                                 // [case(1)] CONNECT_INFO_1_CONTAINER* Level1;
 * typedef struct _CONNECT_INFO_1_CONTAINER {
 *   DWORD EntriesRead;
 *   [size_is(EntriesRead)] LPCONNECTION_INFO_1 Buffer;
 * } CONNECT_INFO_1_CONTAINER;
 * typedef struct _CONNECTION_INFO_1 {
 *   DWORD coni1_id; DWORD coni1_type; DWORD coni1_num_opens; DWORD coni1_num_users;
 *   DWORD coni1_time; [string] wchar_t* coni1_username; [string] wchar_t* coni1_netname;
 * } CONNECTION_INFO_1;                                   // CONNECTION_INFO_0 { DWORD coni0_id; }
 * </pre>
 *
 * Referent ids are {@code 0x00020000 + 4·k} over the non-NULL pointers in wire order, as
 * MIDL and Samba write them ({@link NdrWriter}). Decoding is strict ({@link SrvsvcEnum}): every
 * count is checked against the bytes present before anything is allocated, and a reply that is
 * short, long, or inconsistent is a {@link ProtocolViolationException} naming the field and offset.
 */
final class NetrConnectionEnum {

    static final int OPNUM = 8;

    private static final NdrEntries<ConnectionInfo> LEVEL_0 = new NdrEntries<>("CONNECTION_INFO_0",
            m -> new ConnectionInfo.Level0(m.dword(0)),
            dword("coni0_id"));                          // coni0_id: DWORD
    private static final NdrEntries<ConnectionInfo> LEVEL_1 = new NdrEntries<>("CONNECTION_INFO_1",
            m -> ConnectionInfo.Level1.of(m.dword(0), m.dword(1), m.dword(2), m.dword(3), m.dword(4),
                    m.string(0), m.string(1)),
            dword("coni1_id"),                           // coni1_id: DWORD
            dword("coni1_type"),                         // coni1_type: DWORD
            dword("coni1_num_opens"),                    // coni1_num_opens: DWORD
            dword("coni1_num_users"),                    // coni1_num_users: DWORD
            dword("coni1_time"),                         // coni1_time: DWORD
            string("coni1_username"),                    // coni1_username: [string] wchar_t* (unique)
            string("coni1_netname"));                    // coni1_netname: [string] wchar_t* (unique)
    private static final SrvsvcEnum<ConnectionInfo> REPLY = new SrvsvcEnum<>("NetrConnectionEnum", "ConnectInfo",
            level -> switch (level) {
                case 0 -> LEVEL_0;
                case 1 -> LEVEL_1;
                default -> null;
            });

    private NetrConnectionEnum() {
    }

    /**
     * The request stub.
     *
     * @param serverName   ServerName, or null for a NULL pointer
     * @param qualifier    Qualifier, or null for a NULL pointer
     * @param level        InfoStruct.Level (0 or 1, or any number for tests)
     * @param prefMaxLen   PreferedMaximumLength, an unsigned DWORD
     * @param resumeHandle *ResumeHandle, or null for a NULL pointer
     */
    static byte[] request(String serverName, String qualifier, int level, long prefMaxLen, Long resumeHandle) {
        NdrWriter w = new NdrWriter();
        w.string(serverName);                            // ServerName: [in,string,unique] wchar_t*
        w.string(qualifier);                             // Qualifier: [in,string,unique] WCHAR*
        SrvsvcEnum.request(w, level, prefMaxLen, resumeHandle); // InfoStruct, PreferedMaximumLength, ResumeHandle
        return w.bytes();
    }

    /** Decodes {@code length} bytes of reply stub at {@code offset} in {@code stub}. */
    static EnumReply<ConnectionInfo> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        return REPLY.reply(stub, offset, length);
    }
}
