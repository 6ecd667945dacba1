package io.github.netconn.msrpc;

import io.github.netconn.api.ProtocolViolationException;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What srvsvc's enumerations ({@code NetrConnectionEnum}, {@code NetrFileEnum}, {@code
 * NetrSessionEnum}) share on the wire: the request from its InfoStruct on, and the whole reply
 * but each level's array ({@link NdrEntries}). In MS-SRVS's IDL, with XXX for CONNECT, FILE or
 * SESSION and Info for the union's member (ConnectInfo, FileInfo, SessionInfo):
 *
 * <pre>
 *   ...
 *   [in, out] LPXXX_ENUM_STRUCT InfoStruct,
 *   [in] DWORD PreferedMaximumLength,
 *   [out] DWORD* TotalEntries,
 *   [in, out, unique] DWORD* ResumeHandle);             // returns NET_API_STATUS
 *
 * typedef struct _XXX_ENUM_STRUCT {
 *   DWORD Level;
 *   [switch_is(Level)] XXX_ENUM_UNION Info;             // [case(N)] XXX_INFO_N_CONTAINER* LevelN;
 * } XXX_ENUM_STRUCT;
 * typedef struct _XXX_INFO_N_CONTAINER {
 *   DWORD EntriesRead;
 *   [size_is(EntriesRead)] LPXXX_INFO_N Buffer;
 * } XXX_INFO_N_CONTAINER;
 * </pre>
 *
 * Decoding is strict: the union's switch must equal Level, an array's max_count must equal
 * EntriesRead, a NULL Buffer must come with EntriesRead 0, an array needs a level that has a
 * layout, every count is checked against the bytes present before anything is allocated, and
 * bytes left over are an error.
 *
 * @param <E> the port's entry type
 */
final class SrvsvcEnum<E> {

    private final String call;
    private final String infoSwitch;
    private final String info;
    private final IntFunction<NdrEntries<E>> levels;

    /**
     * @param call   the operation, for messages ({@code NetrSessionEnum})
     * @param info   the name of InfoStruct's union member ({@code SessionInfo})
     * @param levels the array of a level, or null for a level with no layout
     */
    SrvsvcEnum(String call, String info, IntFunction<NdrEntries<E>> levels) {
        this.call = call;
        this.info = "InfoStruct." + info;
        this.infoSwitch = this.info + " switch";
        this.levels = levels;
    }

    /**
     * Writes the request from InfoStruct on, with an empty container: what follows the call's
     * strings.
     */
    static void request(NdrWriter w, int level, long prefMaxLen, Long resumeHandle) {
        w.dword(level);                                  // InfoStruct.Level: DWORD
        w.dword(level);                                  // InfoStruct.Info: union switch (= Level)
        w.referent();                                    // Info.LevelN: XXX_INFO_N_CONTAINER* (unique)
        w.dword(0);                                      // XXX_INFO_N_CONTAINER.EntriesRead: DWORD
        w.dword(0);                                      // XXX_INFO_N_CONTAINER.Buffer: NULL (unique)
        w.dword(prefMaxLen);                             // PreferedMaximumLength: DWORD
        if (resumeHandle == null) {
            w.dword(0);                                  // ResumeHandle: NULL (unique DWORD*)
        } else {
            w.referent();                                // ResumeHandle: [in,out,unique] DWORD*
            w.dword(resumeHandle);                       // *ResumeHandle: DWORD
        }
    }

    /** Decodes {@code length} bytes of reply stub at {@code offset} in {@code stub}. */
    EnumReply<E> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        NdrReader r = new NdrReader(call, stub, offset, length);
        int level = r.int32("InfoStruct.Level");         // InfoStruct.Level: DWORD
        int arm = r.int32(infoSwitch);                   // InfoStruct.Info: union switch, DWORD
        if (arm != level) {
            throw r.violation(infoSwitch + " " + Integer.toUnsignedString(arm)
                    + " differs from InfoStruct.Level " + Integer.toUnsignedString(level));
        }
        List<E> entries = null;
        if (r.pointer(info)) {                           // Info.LevelN: XXX_INFO_N_CONTAINER* (unique)
            long entriesRead = r.dword("EntriesRead");   // XXX_INFO_N_CONTAINER.EntriesRead: DWORD
            if (r.pointer("Buffer")) {                   // Buffer: XXX_INFO_N* (unique)
                NdrEntries<E> array = levels.apply(level);
                if (array == null) {
                    throw r.violation("an array at level " + Integer.toUnsignedString(level) + ", which has no layout");
                }
                long maxCount = r.dword("Buffer max_count"); // conformant array: size_is(EntriesRead)
                if (maxCount != entriesRead) {
                    throw r.violation("Buffer max_count " + maxCount + " differs from EntriesRead " + entriesRead);
                }
                entries = array.read(r, maxCount);
            } else if (entriesRead != 0) {
                throw r.violation("EntriesRead " + entriesRead + " with a NULL Buffer");
            }
        }
        long totalEntries = r.dword("TotalEntries");      // TotalEntries: [out] DWORD*
        Long resumeHandle = r.pointer("ResumeHandle")     // ResumeHandle: [in,out,unique] DWORD*
                ? r.dword("*ResumeHandle") : null;        // *ResumeHandle: DWORD
        long status = r.dword("return value");            // NET_API_STATUS: DWORD
        r.end();
        return new EnumReply<>(level, entries, totalEntries, resumeHandle, status);
    }
}
