package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.NdrEntries.dword;
import static io.github.netconn.msrpc.NdrEntries.string;

import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.SessionInfo;

/**
 * MS-SRVS 3.1.4.5 {@code NetrSessionEnum} (srvsvc opnum 12): the request stub and the reply
 * stub in NDR20, little-endian.
 *
 * <pre>
 * NET_API_STATUS NetrSessionEnum(
 *   [in, string, unique] SRVSVC_HANDLE ServerName,
 *   [in, string, unique] WCHAR* ClientName,
 *   [in, string, unique] WCHAR* UserName,
 *   [in, out] PSESSION_ENUM_STRUCT InfoStruct,
 *   [in] DWORD PreferedMaximumLength,
 *   [out] DWORD* TotalEntries,
 *   [in, out, unique] DWORD* ResumeHandle);
 *
 * typedef struct _SESSION_ENUM_STRUCT {                   // 2.2.4.21
 *   DWORD Level;
 *   [switch_is(Level)] SESSION_ENUM_UNION SessionInfo;    // [case(N)] SESSION_INFO_N_CONTAINER* LevelN;
 * } SESSION_ENUM_STRUCT;                                  // N = 0, 1, 2, 10, 502
 * typedef struct _SESSION_INFO_N_CONTAINER {              // 2.2.4.16 to 2.2.4.20
 *   DWORD EntriesRead;
 *   [size_is(EntriesRead)] LPSESSION_INFO_N Buffer;
 * } SESSION_INFO_N_CONTAINER;
 * typedef struct _SESSION_INFO_502 {                      // 2.2.4.15
 *   [string] wchar_t* sesi502_cname;                      // SESSION_INFO_0: cname only (2.2.4.11)
 *   [string] wchar_t* sesi502_username;                   // SESSION_INFO_10: cname, username, time,
 *   DWORD sesi502_num_opens;                              //   idle_time (2.2.4.14)
 *   DWORD sesi502_time;
 *   DWORD sesi502_idle_time;
 *   DWORD sesi502_user_flags;                             // SESSION_INFO_1: up to here (2.2.4.12)
 *   [string] wchar_t* sesi502_cltype_name;                // SESSION_INFO_2: up to here (2.2.4.13)
 *   [string] wchar_t* sesi502_transport;
 * } SESSION_INFO_502;
 * </pre>
 *
 * The shared layout, the referent ids and the strict decoding are {@link SrvsvcEnum}'s.
 */
final class NetrSessionEnum {

    static final int OPNUM = 12;

    private static final NdrEntries<SessionInfo> LEVEL_0 = new NdrEntries<>("SESSION_INFO_0",
            m -> SessionInfo.Level0.of(m.string(0)),
            string("sesi0_cname"));                      // sesi0_cname: [string] wchar_t* (unique)
    private static final NdrEntries<SessionInfo> LEVEL_1 = new NdrEntries<>("SESSION_INFO_1",
            m -> SessionInfo.Level1.of(m.string(0), m.string(1), m.dword(0), m.dword(1), m.dword(2), m.dword(3)),
            string("sesi1_cname"),                       // sesi1_cname: [string] wchar_t* (unique)
            string("sesi1_username"),                    // sesi1_username: [string] wchar_t* (unique)
            dword("sesi1_num_opens"),                    // sesi1_num_opens: DWORD
            dword("sesi1_time"),                         // sesi1_time: DWORD (seconds)
            dword("sesi1_idle_time"),                    // sesi1_idle_time: DWORD (seconds)
            dword("sesi1_user_flags"));                  // sesi1_user_flags: DWORD
    private static final NdrEntries<SessionInfo> LEVEL_2 = new NdrEntries<>("SESSION_INFO_2",
            m -> SessionInfo.Level2.of(m.string(0), m.string(1), m.dword(0), m.dword(1), m.dword(2), m.dword(3),
                    m.string(2)),
            string("sesi2_cname"),                       // sesi2_cname: [string] wchar_t* (unique)
            string("sesi2_username"),                    // sesi2_username: [string] wchar_t* (unique)
            dword("sesi2_num_opens"),                    // sesi2_num_opens: DWORD
            dword("sesi2_time"),                         // sesi2_time: DWORD (seconds)
            dword("sesi2_idle_time"),                    // sesi2_idle_time: DWORD (seconds)
            dword("sesi2_user_flags"),                   // sesi2_user_flags: DWORD
            string("sesi2_cltype_name"));                // sesi2_cltype_name: [string] wchar_t* (unique)
    private static final NdrEntries<SessionInfo> LEVEL_10 = new NdrEntries<>("SESSION_INFO_10",
            m -> SessionInfo.Level10.of(m.string(0), m.string(1), m.dword(0), m.dword(1)),
            string("sesi10_cname"),                      // sesi10_cname: [string] wchar_t* (unique)
            string("sesi10_username"),                   // sesi10_username: [string] wchar_t* (unique)
            dword("sesi10_time"),                        // sesi10_time: DWORD (seconds)
            dword("sesi10_idle_time"));                  // sesi10_idle_time: DWORD (seconds)
    private static final NdrEntries<SessionInfo> LEVEL_502 = new NdrEntries<>("SESSION_INFO_502",
            m -> SessionInfo.Level502.of(m.string(0), m.string(1), m.dword(0), m.dword(1), m.dword(2), m.dword(3),
                    m.string(2), m.string(3)),
            string("sesi502_cname"),                     // sesi502_cname: [string] wchar_t* (unique)
            string("sesi502_username"),                  // sesi502_username: [string] wchar_t* (unique)
            dword("sesi502_num_opens"),                  // sesi502_num_opens: DWORD
            dword("sesi502_time"),                       // sesi502_time: DWORD (seconds)
            dword("sesi502_idle_time"),                  // sesi502_idle_time: DWORD (seconds)
            dword("sesi502_user_flags"),                 // sesi502_user_flags: DWORD
            string("sesi502_cltype_name"),               // sesi502_cltype_name: [string] wchar_t* (unique)
            string("sesi502_transport"));                // sesi502_transport: [string] wchar_t* (unique)
    private static final SrvsvcEnum<SessionInfo> REPLY = new SrvsvcEnum<>("NetrSessionEnum", "SessionInfo",
            level -> switch (level) {
                case 0 -> LEVEL_0;
                case 1 -> LEVEL_1;
                case 2 -> LEVEL_2;
                case 10 -> LEVEL_10;
                case 502 -> LEVEL_502;
                default -> null;
            });

    private NetrSessionEnum() {
    }

    /**
     * The request stub.
     *
     * @param serverName   ServerName, or null for a NULL pointer
     * @param clientName   ClientName (a computer, {@code \\name}), or null for a NULL pointer: every client
     * @param userName     UserName, or null for a NULL pointer: every user
     * @param level        InfoStruct.Level (0, 1, 2, 10 or 502, or any number for tests)
     * @param prefMaxLen   PreferedMaximumLength, an unsigned DWORD
     * @param resumeHandle *ResumeHandle, or null for a NULL pointer
     */
    static byte[] request(String serverName, String clientName, String userName, int level, long prefMaxLen,
                          Long resumeHandle) {
        NdrWriter w = new NdrWriter();
        w.string(serverName);                            // ServerName: [in,string,unique] wchar_t*
        w.string(clientName);                            // ClientName: [in,string,unique] WCHAR*
        w.string(userName);                              // UserName: [in,string,unique] WCHAR*
        SrvsvcEnum.request(w, level, prefMaxLen, resumeHandle); // InfoStruct, PreferedMaximumLength, ResumeHandle
        return w.bytes();
    }

    /** Decodes {@code length} bytes of reply stub at {@code offset} in {@code stub}. */
    static EnumReply<SessionInfo> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        return REPLY.reply(stub, offset, length);
    }
}
