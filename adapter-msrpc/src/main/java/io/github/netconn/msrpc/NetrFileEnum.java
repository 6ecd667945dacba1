package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.NdrEntries.dword;
import static io.github.netconn.msrpc.NdrEntries.string;

import io.github.netconn.api.FileInfo;
import io.github.netconn.api.ProtocolViolationException;

/**
 * MS-SRVS 3.1.4.2 {@code NetrFileEnum} (srvsvc opnum 9): the request stub and the reply stub
 * in NDR20, little-endian.
 *
 * <pre>
 * NET_API_STATUS NetrFileEnum(
 *   [in, string, unique] SRVSVC_HANDLE ServerName,
 *   [in, string, unique] WCHAR* BasePath,
 *   [in, string, unique] WCHAR* UserName,
 *   [in, out] PFILE_ENUM_STRUCT InfoStruct,
 *   [in] DWORD PreferedMaximumLength,
 *   [out] DWORD* TotalEntries,
 *   [in, out, unique] DWORD* ResumeHandle);
 *
 * typedef struct _FILE_ENUM_STRUCT {                      // 2.2.4.10
 *   DWORD Level;
 *   [switch_is(Level)] FILE_ENUM_UNION FileInfo;          // [case(2)] FILE_INFO_2_CONTAINER* Level2;
 * } FILE_ENUM_STRUCT;                                     // [case(3)] FILE_INFO_3_CONTAINER* Level3;
 * typedef struct _FILE_INFO_3_CONTAINER {                 // 2.2.4.9 (FILE_INFO_2_CONTAINER: 2.2.4.8)
 *   DWORD EntriesRead;
 *   [size_is(EntriesRead)] LPFILE_INFO_3 Buffer;
 * } FILE_INFO_3_CONTAINER;
 * typedef struct _FILE_INFO_3 {                           // 2.2.4.7
 *   DWORD fi3_id; DWORD fi3_permissions; DWORD fi3_num_locks;
 *   [string] wchar_t* fi3_path_name; [string] wchar_t* fi3_username;
 * } FILE_INFO_3;                                          // FILE_INFO_2 { DWORD fi2_id; } (2.2.4.6)
 * </pre>
 *
 * The shared layout, the referent ids and the strict decoding are {@link SrvsvcEnum}'s.
 */
final class NetrFileEnum {

    static final int OPNUM = 9;

    private static final NdrEntries<FileInfo> LEVEL_2 = new NdrEntries<>("FILE_INFO_2",
            m -> new FileInfo.Level2(m.dword(0)),
            dword("fi2_id"));                            // fi2_id: DWORD
    private static final NdrEntries<FileInfo> LEVEL_3 = new NdrEntries<>("FILE_INFO_3",
            m -> FileInfo.Level3.of(m.dword(0), m.dword(1), m.dword(2), m.string(0), m.string(1)),
            dword("fi3_id"),                             // fi3_id: DWORD
            dword("fi3_permissions"),                    // fi3_permissions: DWORD
            dword("fi3_num_locks"),                      // fi3_num_locks: DWORD
            string("fi3_path_name"),                     // fi3_path_name: [string] wchar_t* (unique)
            string("fi3_username"));                     // fi3_username: [string] wchar_t* (unique)
    private static final SrvsvcEnum<FileInfo> REPLY = new SrvsvcEnum<>("NetrFileEnum", "FileInfo",
            level -> switch (level) {
                case 2 -> LEVEL_2;
                case 3 -> LEVEL_3;
                default -> null;
            });

    private NetrFileEnum() {
    }

    /**
     * The request stub.
     *
     * @param serverName   ServerName, or null for a NULL pointer
     * @param basePath     BasePath (a path prefix on the server), or null for a NULL pointer: every path
     * @param userName     UserName, or null for a NULL pointer: every user
     * @param level        InfoStruct.Level (2 or 3, or any number for tests)
     * @param prefMaxLen   PreferedMaximumLength, an unsigned DWORD
     * @param resumeHandle *ResumeHandle, or null for a NULL pointer
     */
    static byte[] request(String serverName, String basePath, String userName, int level, long prefMaxLen,
                          Long resumeHandle) {
        NdrWriter w = new NdrWriter();
        w.string(serverName);                            // ServerName: [in,string,unique] wchar_t*
        w.string(basePath);                              // BasePath: [in,string,unique] WCHAR*
        w.string(userName);                              // UserName: [in,string,unique] WCHAR*
        SrvsvcEnum.request(w, level, prefMaxLen, resumeHandle); // InfoStruct, PreferedMaximumLength, ResumeHandle
        return w.bytes();
    }

    /** Decodes {@code length} bytes of reply stub at {@code offset} in {@code stub}. */
    static EnumReply<FileInfo> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        return REPLY.reply(stub, offset, length);
    }
}
