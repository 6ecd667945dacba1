package io.github.netconn.netapi32;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The three Netapi32 functions netconn calls (lmshare.h, lmapibuf.h); jna-platform maps
 * none. Strings are passed as pointers to UTF-16LE memory we fill ourselves, not as
 * {@code WString}, whose {@code wchar_t} is 4 bytes on Linux: the same code is then right on
 * Windows and against the Linux stand-in of Netapi32 that the tests load.
 */
interface Netapi32 extends Library {

    /** MAX_PREFERRED_LENGTH. */
    int MAX_PREFERRED_LENGTH = -1;

    /**
     * <pre>
     * NET_API_STATUS NetConnectionEnum(LMSTR servername, LMSTR qualifier, DWORD level, LPBYTE *bufptr,
     *     DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries, LPDWORD resume_handle);
     * </pre>
     */
    int NetConnectionEnum(Pointer servername, Pointer qualifier, int level, PointerByReference bufptr,
                          int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                          IntByReference resume_handle);

    /** {@code NET_API_STATUS NetApiBufferFree(LPVOID Buffer);} */
    int NetApiBufferFree(Pointer buffer);

    /** {@code NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount);} */
    int NetApiBufferSize(Pointer buffer, IntByReference bytecount);

    /** {@code typedef struct _CONNECTION_INFO_0 { DWORD coni0_id; }}: 4 bytes. */
    @Structure.FieldOrder({"coni0_id"})
    final class CONNECTION_INFO_0 extends Structure {
        /** Bytes per entry in the buffer, as JNA lays the structure out on this platform. */
        static final int SIZE = new CONNECTION_INFO_0().size();

        public int coni0_id;

        public CONNECTION_INFO_0(Pointer p) {
            super(p);
            read();
        }

        /** For {@link #SIZE}: in memory of its own. */
        private CONNECTION_INFO_0() {
        }
    }

    /**
     * {@code typedef struct _CONNECTION_INFO_1 { DWORD coni1_id; DWORD coni1_type; DWORD coni1_num_opens;
     * DWORD coni1_num_users; DWORD coni1_time; LMSTR coni1_username; LMSTR coni1_netname; }}:
     * 40 bytes on 64-bit (4 bytes of padding before the first pointer), 28 on 32-bit.
     */
    @Structure.FieldOrder({"coni1_id", "coni1_type", "coni1_num_opens", "coni1_num_users", "coni1_time",
            "coni1_username", "coni1_netname"})
    final class CONNECTION_INFO_1 extends Structure {
        /** Bytes per entry in the buffer, as JNA lays the structure out on this platform. */
        static final int SIZE = new CONNECTION_INFO_1().size();

        public int coni1_id;
        public int coni1_type;
        public int coni1_num_opens;
        public int coni1_num_users;
        public int coni1_time;
        public Pointer coni1_username;
        public Pointer coni1_netname;

        public CONNECTION_INFO_1(Pointer p) {
            super(p);
            read();
        }

        /** For {@link #SIZE}: in memory of its own. */
        private CONNECTION_INFO_1() {
        }
    }
}
