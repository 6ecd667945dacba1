package io.github.netconn.netapi32;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.SessionInfo;

/**
 * The five Netapi32 functions netconn calls (lmshare.h, lmapibuf.h); jna-platform maps
 * none. Strings are passed as pointers to UTF-16LE memory we fill ourselves, not as
 * {@code WString}, whose {@code wchar_t} is 4 bytes on Linux: the same code is then right on
 * Windows and against the Linux stand-in of Netapi32 that the tests load.
 *
 * <p>Each structure keeps its lmshare.h name and fields, and says in {@code LAYOUT} how one of
 * them becomes the port's record: {@link Netapi32Buffer} reads the array with it.
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

    /**
     * <pre>
     * NET_API_STATUS NetSessionEnum(LMSTR servername, LMSTR UncClientName, LMSTR username, DWORD level,
     *     LPBYTE *bufptr, DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries, LPDWORD resume_handle);
     * </pre>
     */
    int NetSessionEnum(Pointer servername, Pointer UncClientName, Pointer username, int level,
                       PointerByReference bufptr, int prefmaxlen, IntByReference entriesread,
                       IntByReference totalentries, IntByReference resume_handle);

    /**
     * <pre>
     * NET_API_STATUS NetFileEnum(LMSTR servername, LMSTR basepath, LMSTR username, DWORD level,
     *     LPBYTE *bufptr, DWORD prefmaxlen, LPDWORD entriesread, LPDWORD totalentries, PDWORD_PTR resume_handle);
     * </pre>
     * The resume handle alone is pointer-sized: 8 bytes on x64, where a 4-byte one would be
     * overrun.
     */
    int NetFileEnum(Pointer servername, Pointer basepath, Pointer username, int level, PointerByReference bufptr,
                    int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                    DWORD_PTRByReference resume_handle);

    /** {@code NET_API_STATUS NetApiBufferFree(LPVOID Buffer);} */
    int NetApiBufferFree(Pointer buffer);

    /** {@code NET_API_STATUS NetApiBufferSize(LPVOID Buffer, LPDWORD ByteCount);} */
    int NetApiBufferSize(Pointer buffer, IntByReference bytecount);

    /**
     * {@code PDWORD_PTR}: a pointer to an unsigned integer as wide as a pointer (DWORD_PTR is
     * ULONG_PTR). jna-platform has one; JNA itself has none that is pointer-sized and unsigned.
     */
    final class DWORD_PTRByReference extends ByReference {

        /** JNA makes one this way when it converts a call's arguments. */
        public DWORD_PTRByReference() {
            this(0);
        }

        public DWORD_PTRByReference(long value) {
            super(Native.POINTER_SIZE);
            setValue(value);
        }

        /** Writes the whole width: on 64-bit the upper half too. */
        public void setValue(long value) {
            if (Native.POINTER_SIZE == 8) {
                getPointer().setLong(0, value);
            } else {
                getPointer().setInt(0, (int) value);
            }
        }

        /** The whole value, unsigned on 32-bit (on 64-bit, a value past 2^63 reads as negative). */
        public long getValue() {
            return Native.POINTER_SIZE == 8 ? getPointer().getLong(0) : Integer.toUnsignedLong(getPointer().getInt(0));
        }
    }

    /** {@code typedef struct _CONNECTION_INFO_0 { DWORD coni0_id; }}: 4 bytes. */
    @Structure.FieldOrder({"coni0_id"})
    final class CONNECTION_INFO_0 extends Structure {
        /** Bytes per entry in the buffer, as JNA lays the structure out on this platform. */
        static final int SIZE = new CONNECTION_INFO_0().size();
        static final Netapi32Buffer.Layout<ConnectionInfo.Level0> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> new ConnectionInfo.Level0(dword(new CONNECTION_INFO_0(p).coni0_id)));

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
        static final Netapi32Buffer.Layout<ConnectionInfo.Level1> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    CONNECTION_INFO_1 e = new CONNECTION_INFO_1(p);
                    return ConnectionInfo.Level1.of(dword(e.coni1_id), dword(e.coni1_type), dword(e.coni1_num_opens),
                            dword(e.coni1_num_users), dword(e.coni1_time),
                            strings.read(e.coni1_username, "coni1_username"),
                            strings.read(e.coni1_netname, "coni1_netname"));
                });

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

    /** {@code typedef struct _SESSION_INFO_0 { LMSTR sesi0_cname; }}: 8 bytes on 64-bit. */
    @Structure.FieldOrder({"sesi0_cname"})
    final class SESSION_INFO_0 extends Structure {
        static final int SIZE = new SESSION_INFO_0().size();
        static final Netapi32Buffer.Layout<SessionInfo.Level0> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> SessionInfo.Level0.of(strings.read(new SESSION_INFO_0(p).sesi0_cname, "sesi0_cname")));

        public Pointer sesi0_cname;

        public SESSION_INFO_0(Pointer p) {
            super(p);
            read();
        }

        private SESSION_INFO_0() {
        }
    }

    /**
     * {@code typedef struct _SESSION_INFO_1 { LMSTR sesi1_cname; LMSTR sesi1_username; DWORD sesi1_num_opens;
     * DWORD sesi1_time; DWORD sesi1_idle_time; DWORD sesi1_user_flags; }}: 32 bytes on 64-bit.
     */
    @Structure.FieldOrder({"sesi1_cname", "sesi1_username", "sesi1_num_opens", "sesi1_time", "sesi1_idle_time",
            "sesi1_user_flags"})
    final class SESSION_INFO_1 extends Structure {
        static final int SIZE = new SESSION_INFO_1().size();
        static final Netapi32Buffer.Layout<SessionInfo.Level1> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    SESSION_INFO_1 e = new SESSION_INFO_1(p);
                    return SessionInfo.Level1.of(strings.read(e.sesi1_cname, "sesi1_cname"),
                            strings.read(e.sesi1_username, "sesi1_username"), dword(e.sesi1_num_opens),
                            dword(e.sesi1_time), dword(e.sesi1_idle_time), dword(e.sesi1_user_flags));
                });

        public Pointer sesi1_cname;
        public Pointer sesi1_username;
        public int sesi1_num_opens;
        public int sesi1_time;
        public int sesi1_idle_time;
        public int sesi1_user_flags;

        public SESSION_INFO_1(Pointer p) {
            super(p);
            read();
        }

        private SESSION_INFO_1() {
        }
    }

    /**
     * {@code typedef struct _SESSION_INFO_2 { LMSTR sesi2_cname; LMSTR sesi2_username; DWORD sesi2_num_opens;
     * DWORD sesi2_time; DWORD sesi2_idle_time; DWORD sesi2_user_flags; LMSTR sesi2_cltype_name; }}: 40 bytes
     * on 64-bit.
     */
    @Structure.FieldOrder({"sesi2_cname", "sesi2_username", "sesi2_num_opens", "sesi2_time", "sesi2_idle_time",
            "sesi2_user_flags", "sesi2_cltype_name"})
    final class SESSION_INFO_2 extends Structure {
        static final int SIZE = new SESSION_INFO_2().size();
        static final Netapi32Buffer.Layout<SessionInfo.Level2> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    SESSION_INFO_2 e = new SESSION_INFO_2(p);
                    return SessionInfo.Level2.of(strings.read(e.sesi2_cname, "sesi2_cname"),
                            strings.read(e.sesi2_username, "sesi2_username"), dword(e.sesi2_num_opens),
                            dword(e.sesi2_time), dword(e.sesi2_idle_time), dword(e.sesi2_user_flags),
                            strings.read(e.sesi2_cltype_name, "sesi2_cltype_name"));
                });

        public Pointer sesi2_cname;
        public Pointer sesi2_username;
        public int sesi2_num_opens;
        public int sesi2_time;
        public int sesi2_idle_time;
        public int sesi2_user_flags;
        public Pointer sesi2_cltype_name;

        public SESSION_INFO_2(Pointer p) {
            super(p);
            read();
        }

        private SESSION_INFO_2() {
        }
    }

    /**
     * {@code typedef struct _SESSION_INFO_10 { LMSTR sesi10_cname; LMSTR sesi10_username; DWORD sesi10_time;
     * DWORD sesi10_idle_time; }}: 24 bytes on 64-bit.
     */
    @Structure.FieldOrder({"sesi10_cname", "sesi10_username", "sesi10_time", "sesi10_idle_time"})
    final class SESSION_INFO_10 extends Structure {
        static final int SIZE = new SESSION_INFO_10().size();
        static final Netapi32Buffer.Layout<SessionInfo.Level10> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    SESSION_INFO_10 e = new SESSION_INFO_10(p);
                    return SessionInfo.Level10.of(strings.read(e.sesi10_cname, "sesi10_cname"),
                            strings.read(e.sesi10_username, "sesi10_username"), dword(e.sesi10_time),
                            dword(e.sesi10_idle_time));
                });

        public Pointer sesi10_cname;
        public Pointer sesi10_username;
        public int sesi10_time;
        public int sesi10_idle_time;

        public SESSION_INFO_10(Pointer p) {
            super(p);
            read();
        }

        private SESSION_INFO_10() {
        }
    }

    /**
     * {@code typedef struct _SESSION_INFO_502 { LMSTR sesi502_cname; LMSTR sesi502_username; DWORD
     * sesi502_num_opens; DWORD sesi502_time; DWORD sesi502_idle_time; DWORD sesi502_user_flags; LMSTR
     * sesi502_cltype_name; LMSTR sesi502_transport; }}: 48 bytes on 64-bit.
     */
    @Structure.FieldOrder({"sesi502_cname", "sesi502_username", "sesi502_num_opens", "sesi502_time",
            "sesi502_idle_time", "sesi502_user_flags", "sesi502_cltype_name", "sesi502_transport"})
    final class SESSION_INFO_502 extends Structure {
        static final int SIZE = new SESSION_INFO_502().size();
        static final Netapi32Buffer.Layout<SessionInfo.Level502> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    SESSION_INFO_502 e = new SESSION_INFO_502(p);
                    return SessionInfo.Level502.of(strings.read(e.sesi502_cname, "sesi502_cname"),
                            strings.read(e.sesi502_username, "sesi502_username"), dword(e.sesi502_num_opens),
                            dword(e.sesi502_time), dword(e.sesi502_idle_time), dword(e.sesi502_user_flags),
                            strings.read(e.sesi502_cltype_name, "sesi502_cltype_name"),
                            strings.read(e.sesi502_transport, "sesi502_transport"));
                });

        public Pointer sesi502_cname;
        public Pointer sesi502_username;
        public int sesi502_num_opens;
        public int sesi502_time;
        public int sesi502_idle_time;
        public int sesi502_user_flags;
        public Pointer sesi502_cltype_name;
        public Pointer sesi502_transport;

        public SESSION_INFO_502(Pointer p) {
            super(p);
            read();
        }

        private SESSION_INFO_502() {
        }
    }

    /** {@code typedef struct _FILE_INFO_2 { DWORD fi2_id; }}: 4 bytes. */
    @Structure.FieldOrder({"fi2_id"})
    final class FILE_INFO_2 extends Structure {
        static final int SIZE = new FILE_INFO_2().size();
        static final Netapi32Buffer.Layout<FileInfo.Level2> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> new FileInfo.Level2(dword(new FILE_INFO_2(p).fi2_id)));

        public int fi2_id;

        public FILE_INFO_2(Pointer p) {
            super(p);
            read();
        }

        private FILE_INFO_2() {
        }
    }

    /**
     * {@code typedef struct _FILE_INFO_3 { DWORD fi3_id; DWORD fi3_permissions; DWORD fi3_num_locks; LMSTR
     * fi3_pathname; LMSTR fi3_username; }}: 32 bytes on 64-bit (4 bytes of padding before the first pointer).
     */
    @Structure.FieldOrder({"fi3_id", "fi3_permissions", "fi3_num_locks", "fi3_pathname", "fi3_username"})
    final class FILE_INFO_3 extends Structure {
        static final int SIZE = new FILE_INFO_3().size();
        static final Netapi32Buffer.Layout<FileInfo.Level3> LAYOUT = new Netapi32Buffer.Layout<>(SIZE,
                (p, strings) -> {
                    FILE_INFO_3 e = new FILE_INFO_3(p);
                    return FileInfo.Level3.of(dword(e.fi3_id), dword(e.fi3_permissions), dword(e.fi3_num_locks),
                            strings.read(e.fi3_pathname, "fi3_pathname"), strings.read(e.fi3_username, "fi3_username"));
                });

        public int fi3_id;
        public int fi3_permissions;
        public int fi3_num_locks;
        public Pointer fi3_pathname;
        public Pointer fi3_username;

        public FILE_INFO_3(Pointer p) {
            super(p);
            read();
        }

        private FILE_INFO_3() {
        }
    }

    /** A DWORD field, unsigned. */
    private static long dword(int value) {
        return Integer.toUnsignedLong(value);
    }
}
