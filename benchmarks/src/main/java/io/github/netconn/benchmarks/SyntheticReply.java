package io.github.netconn.benchmarks;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Level-1 {@code NetrConnectionEnum} reply stubs made by hand, for the decoding benchmark
 * and the reassembly benchmark: NDR20 little-endian, the layout of MS-SRVS 3.1.4.1 as
 * adapter-msrpc's {@code NetrConnectionEnum} documents it, with MIDL's referent ids
 * ({@code 0x00020000 + 4·k} over the non-NULL pointers in wire order). SyntheticReplyTest
 * checks the bytes against a golden vector that impacket made.
 */
public final class SyntheticReply {

    /** One CONNECTION_INFO_1; a null name is sent as a NULL pointer. */
    public record Entry(long id, long type, long opens, long users, long seconds, String userName, String netName) {
    }

    private SyntheticReply() {
    }

    /**
     * {@code count} entries as a file server with many clients would send them: ids from 1,
     * disk shares, a few open files, one user, user names {@code user000042} and client
     * computers {@code WS000042} (10 and 8 characters). 96 stub bytes per entry.
     */
    public static List<Entry> entries(int count) {
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(i + 1, 0, i % 8, 1, 60L * i, String.format("user%06d", i), String.format("WS%06d", i)));
        }
        return entries;
    }

    /** A complete successful reply (NERR_Success, resume handle 0) of {@code count} synthetic entries. */
    public static byte[] level1(int count) {
        return level1(entries(count), count, 0L, 0);
    }

    /**
     * A level-1 reply stub.
     *
     * @param entries      the array (never NULL here)
     * @param totalEntries TotalEntries
     * @param resumeHandle *ResumeHandle, or null for a NULL pointer
     * @param status       the NET_API_STATUS
     */
    public static byte[] level1(List<Entry> entries, long totalEntries, Long resumeHandle, long status) {
        Writer w = new Writer(64 + 100 * entries.size());
        w.dword(1);                                     // InfoStruct.Level: DWORD
        w.dword(1);                                     // InfoStruct.ConnectInfo: union switch
        w.referent();                                   // ConnectInfo.Level1: CONNECT_INFO_1_CONTAINER* (unique)
        w.dword(entries.size());                        // EntriesRead: DWORD
        w.referent();                                   // Buffer: CONNECTION_INFO_1* (unique)
        w.dword(entries.size());                        // Buffer max_count: size_is(EntriesRead)
        for (Entry e : entries) {
            w.dword(e.id());                            // coni1_id: DWORD
            w.dword(e.type());                          // coni1_type: DWORD
            w.dword(e.opens());                         // coni1_num_opens: DWORD
            w.dword(e.users());                         // coni1_num_users: DWORD
            w.dword(e.seconds());                       // coni1_time: DWORD
            w.pointer(e.userName());                    // coni1_username: [string] wchar_t* (unique)
            w.pointer(e.netName());                     // coni1_netname: [string] wchar_t* (unique)
        }
        for (Entry e : entries) {                       // deferred strings, in element order
            w.string(e.userName());
            w.string(e.netName());
        }
        w.dword(totalEntries);                          // TotalEntries: DWORD
        if (resumeHandle == null) {
            w.dword(0);                                 // ResumeHandle: NULL
        } else {
            w.referent();                               // ResumeHandle: DWORD* (unique)
            w.dword(resumeHandle);                      // *ResumeHandle: DWORD
        }
        w.dword(status);                                // return value: NET_API_STATUS
        return w.bytes();
    }

    /**
     * The stub cut into DCE/RPC response PDUs of at most {@code maxFragment} bytes (24-byte
     * header, no authentication), as a server sends them over the pipe.
     */
    public static List<byte[]> fragments(byte[] stub, int maxFragment, int callId) {
        int room = maxFragment - 24;
        List<byte[]> pdus = new ArrayList<>(stub.length / room + 1);
        for (int off = 0; off < stub.length || off == 0; off += room) {
            int n = Math.min(room, stub.length - off);
            boolean first = off == 0;
            boolean last = off + n >= stub.length;
            byte[] pdu = new byte[24 + n];
            pdu[0] = 5;                                 // rpc_vers
            pdu[1] = 0;                                 // rpc_vers_minor
            pdu[2] = 2;                                 // PTYPE: response
            pdu[3] = (byte) ((first ? 1 : 0) | (last ? 2 : 0)); // PFC_FIRST_FRAG | PFC_LAST_FRAG
            pdu[4] = 0x10;                              // drep: little-endian, ASCII, IEEE
            le16(pdu, 8, pdu.length);                   // frag_length
            le16(pdu, 10, 0);                           // auth_length
            le32(pdu, 12, callId);                      // call_id
            le32(pdu, 16, stub.length - off);           // alloc_hint
            System.arraycopy(stub, off, pdu, 24, n);    // p_cont_id 0, cancel_count 0, then stub
            pdus.add(pdu);
            if (last) {
                break;
            }
        }
        return pdus;
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void le32(byte[] b, int at, int v) {
        le16(b, at, v);
        le16(b, at + 2, v >>> 16);
    }

    /** NDR20 little-endian output with MIDL's referent ids. */
    private static final class Writer {
        private final ByteArrayOutputStream out;
        private int nextReferent = 0x0002_0000;

        Writer(int size) {
            out = new ByteArrayOutputStream(size);
        }

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

        /** An embedded unique pointer: its referent now, its string deferred. */
        void pointer(String s) {
            if (s == null) {
                dword(0);
            } else {
                referent();
            }
        }

        /** A deferred conformant varying string with its NUL, or nothing for a NULL pointer. */
        void string(String s) {
            if (s == null) {
                return;
            }
            int units = s.length() + 1;
            dword(units);                               // max_count
            dword(0);                                   // offset
            dword(units);                               // actual_count
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.write(c);
                out.write(c >>> 8);
            }
            out.write(0);                               // terminating NUL
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
}
