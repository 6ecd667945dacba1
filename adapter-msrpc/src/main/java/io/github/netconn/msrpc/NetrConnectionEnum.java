package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * MIDL and Samba write them. Decoding is strict: every count is checked against the bytes
 * present before anything is allocated, and a reply that is short, long, or inconsistent
 * is a {@link ProtocolViolationException} naming the field and offset.
 */
final class NetrConnectionEnum {

    static final int OPNUM = 8;

    private static final int FIRST_REFERENT = 0x0002_0000;
    private static final int LEVEL_0_ENTRY_SIZE = 4;
    private static final int LEVEL_1_ENTRY_SIZE = 28;

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
        Writer w = new Writer();
        w.string(serverName);                            // ServerName: [in,string,unique] wchar_t*
        w.string(qualifier);                             // Qualifier: [in,string,unique] WCHAR*
        w.dword(level);                                  // InfoStruct.Level: DWORD
        w.dword(level);                                  // InfoStruct.ConnectInfo: union switch (= Level)
        w.referent();                                    // ConnectInfo.LevelN: CONNECT_INFO_N_CONTAINER* (unique)
        w.dword(0);                                      // CONNECT_INFO_N_CONTAINER.EntriesRead: DWORD
        w.dword(0);                                      // CONNECT_INFO_N_CONTAINER.Buffer: NULL (unique)
        w.dword(prefMaxLen);                             // PreferedMaximumLength: DWORD
        if (resumeHandle == null) {
            w.dword(0);                                  // ResumeHandle: NULL (unique DWORD*)
        } else {
            w.referent();                                // ResumeHandle: [in,out,unique] DWORD*
            w.dword(resumeHandle);                       // *ResumeHandle: DWORD
        }
        return w.bytes();
    }

    /** Decodes {@code length} bytes of reply stub at {@code offset} in {@code stub}. */
    static EnumReply<ConnectionInfo> reply(byte[] stub, int offset, int length) throws ProtocolViolationException {
        Reader r = new Reader(stub, offset, length);
        int level = r.int32("InfoStruct.Level");         // InfoStruct.Level: DWORD
        int arm = r.int32("InfoStruct.ConnectInfo switch"); // union switch: DWORD
        if (arm != level) {
            throw r.violation("InfoStruct.ConnectInfo switch " + Integer.toUnsignedString(arm)
                    + " differs from InfoStruct.Level " + Integer.toUnsignedString(level));
        }
        List<ConnectionInfo> entries = null;
        boolean container = r.pointer("InfoStruct.ConnectInfo"); // CONNECT_INFO_N_CONTAINER* (unique)
        if (container) {
            long entriesRead = r.dword("EntriesRead");     // CONNECT_INFO_N_CONTAINER.EntriesRead: DWORD
            boolean buffer = r.pointer("Buffer");          // Buffer: CONNECTION_INFO_N* (unique)
            if (buffer) {
                if (level != 0 && level != 1) {
                    throw r.violation("an array at level " + Integer.toUnsignedString(level) + ", which has no layout");
                }
                long maxCount = r.dword("Buffer max_count"); // conformant array: size_is(EntriesRead)
                if (maxCount != entriesRead) {
                    throw r.violation("Buffer max_count " + maxCount + " differs from EntriesRead " + entriesRead);
                }
                entries = level == 0 ? level0(r, maxCount) : level1(r, maxCount);
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

    private static List<ConnectionInfo> level0(Reader r, long count) throws ProtocolViolationException {
        r.require(count, LEVEL_0_ENTRY_SIZE, "CONNECTION_INFO_0 array");
        List<ConnectionInfo> entries = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            entries.add(new ConnectionInfo.Level0(r.dword("coni0_id"))); // coni0_id: DWORD
        }
        return entries;
    }

    private static List<ConnectionInfo> level1(Reader r, long count) throws ProtocolViolationException {
        r.require(count, LEVEL_1_ENTRY_SIZE, "CONNECTION_INFO_1 array");
        int n = (int) count;
        long[] fixed = new long[n * 5];
        boolean[] present = new boolean[n * 2];
        for (int i = 0; i < n; i++) {
            fixed[i * 5] = r.dword("coni1_id");                 // coni1_id: DWORD
            fixed[i * 5 + 1] = r.dword("coni1_type");           // coni1_type: DWORD
            fixed[i * 5 + 2] = r.dword("coni1_num_opens");      // coni1_num_opens: DWORD
            fixed[i * 5 + 3] = r.dword("coni1_num_users");      // coni1_num_users: DWORD
            fixed[i * 5 + 4] = r.dword("coni1_time");           // coni1_time: DWORD
            present[i * 2] = r.pointer("coni1_username");       // coni1_username: [string] wchar_t* (unique)
            present[i * 2 + 1] = r.pointer("coni1_netname");    // coni1_netname: [string] wchar_t* (unique)
        }
        List<ConnectionInfo> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {                           // deferred strings, in element order
            String userName = present[i * 2] ? r.string("coni1_username") : null;
            String netName = present[i * 2 + 1] ? r.string("coni1_netname") : null;
            entries.add(ConnectionInfo.Level1.of(fixed[i * 5], fixed[i * 5 + 1], fixed[i * 5 + 2],
                    fixed[i * 5 + 3], fixed[i * 5 + 4], userName, netName));
        }
        return entries;
    }

    /** NDR20 little-endian output with MIDL's referent ids. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        private int nextReferent = FIRST_REFERENT;

        void dword(long value) {
            align();
            out.write((int) value);
            out.write((int) (value >>> 8));
            out.write((int) (value >>> 16));
            out.write((int) (value >>> 24));
        }

        void referent() {
            dword(nextReferent);
            nextReferent += 4;
        }

        /** A top-level unique [string] pointer: referent, then the conformant varying string at once. */
        void string(String s) {
            if (s == null) {
                dword(0);
                return;
            }
            referent();
            int units = s.length() + 1;
            dword(units);                                // max_count
            dword(0);                                    // offset
            dword(units);                                // actual_count
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.write(c);
                out.write(c >>> 8);
            }
            out.write(0);                                // terminating NUL
            out.write(0);
        }

        private void align() {
            while (out.size() % 4 != 0) {
                out.write(0);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Strict NDR20 little-endian input over one stub. */
    private static final class Reader {
        private final byte[] data;
        private final int start;
        private final int end;
        private int pos;

        Reader(byte[] data, int offset, int length) {
            this.data = data;
            this.start = offset;
            this.end = offset + length;
            this.pos = offset;
        }

        ProtocolViolationException violation(String what) {
            return new ProtocolViolationException("malformed NetrConnectionEnum reply at stub offset "
                    + (pos - start) + " of " + (end - start) + ": " + what, null);
        }

        // Field names come in two parts, joined only for a message: decoding a good reply
        // allocates nothing for them (the field name of a string is shared by its counts).
        private void align(String field, String part) throws ProtocolViolationException {
            int pad = -(pos - start) & 3;
            if (pos + pad > end) {
                throw violation(field + part + " is missing: the reply ends");
            }
            pos += pad;
        }

        int int32(String field) throws ProtocolViolationException {
            return int32(field, "");
        }

        int int32(String field, String part) throws ProtocolViolationException {
            align(field, part);
            if (end - pos < 4) {
                throw violation(field + part + " is missing: the reply ends");
            }
            int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16 | data[pos + 3] << 24;
            pos += 4;
            return v;
        }

        long dword(String field) throws ProtocolViolationException {
            return Integer.toUnsignedLong(int32(field, ""));
        }

        long dword(String field, String part) throws ProtocolViolationException {
            return Integer.toUnsignedLong(int32(field, part));
        }

        boolean pointer(String field) throws ProtocolViolationException {
            return int32(field, " referent") != 0;
        }

        /** Checks that {@code count} items of {@code size} bytes can be present, before allocating them. */
        void require(long count, int size, String what) throws ProtocolViolationException {
            if (count * size > end - pos) {
                throw violation(what + " claims " + count + " entries (" + count * size + " bytes) but "
                        + (end - pos) + " bytes remain");
            }
        }

        /** A deferred conformant varying string with its terminating NUL. */
        String string(String field) throws ProtocolViolationException {
            long maxCount = dword(field, " max_count");
            long offset = dword(field, " offset");
            long actual = dword(field, " actual_count");
            if (offset != 0) {
                throw violation(field + " offset " + offset + "; only 0 is valid for a [string]");
            }
            if (actual > maxCount) {
                throw violation(field + " actual_count " + actual + " exceeds max_count " + maxCount);
            }
            if (actual == 0) {
                throw violation(field + " has no terminating NUL (actual_count 0)");
            }
            if (actual * 2 > end - pos) {
                throw violation(field + " claims " + actual + " UTF-16 units but " + (end - pos) + " bytes remain");
            }
            int units = (int) actual - 1;
            char[] chars = new char[units];
            for (int i = 0; i < units; i++, pos += 2) {
                chars[i] = (char) ((data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8);
            }
            if (data[pos] != 0 || data[pos + 1] != 0) {
                throw violation(field + " does not end with a NUL");
            }
            pos += 2;
            // Exact: new String(char[]) keeps every UTF-16 unit, lone surrogates included.
            return new String(chars);
        }

        void end() throws ProtocolViolationException {
            int left = end - pos;
            // Up to 7 zero bytes may pad a stub to an 8-byte boundary; anything else is left over.
            boolean padding = left < 8 && Arrays.equals(data, pos, end, new byte[left], 0, left);
            if (left != 0 && !padding) {
                throw violation(left + " bytes left over after the return value");
            }
        }
    }
}
