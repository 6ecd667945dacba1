package io.github.netconn.netapi32;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScenarioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The native stand-in of Netapi32 (src/test/native, a test fixture built by the Maven build
 * with gcc) as a {@link ScenarioServer}, for the server name {@value #SERVER} or the local
 * computer. The library decides no answer: each {@code NetConnectionEnum}, {@code NetSessionEnum}
 * or {@code NetFileEnum} call asks this class, which answers with {@link Scenario#answer},
 * {@link Scenario#answerSessions} or {@link Scenario#answerFiles} (the testkit reference's own
 * code), and the library lays the answer out as Netapi32 does. It counts the buffers it hands out so that tests can
 * prove none leaks and none is freed twice.
 */
final class StandIn implements ScenarioServer {

    static final String SERVER = "standin.test";
    /** The user the calls come from, as far as deniedUsers is concerned (rule 1). */
    static final String CALLER = "netadmin";

    private static final int ERROR_BAD_NETPATH = 53;
    private static final int RPC_S_SERVER_UNAVAILABLE = 1722;
    private static final int RPC_X_BAD_STUB_DATA = 1783;
    /** Qualifiers are read no further than this, one unit more than rule 3 allows; the other filters in full. */
    private static final int QUALIFIER_UNITS_READ = 1024;
    /** StandIn_Function in the C source: which function is being answered. */
    private static final int CONNECTIONS = 1;
    private static final int SESSIONS = 2;
    private static final int FILES = 3;

    /** The answerer the library calls for each call ({@code StandIn_Answerer} in the C source). */
    interface Answerer extends Callback {
        int invoke(int function, Pointer servername, Pointer filter1, Pointer filter2, int level, int prefmaxlen,
                   Pointer resumeHandle, Pointer totalEntries, Pointer reply);
    }

    /** The stand-in's control functions, beside the Win32 ones. */
    interface Control extends Library {
        int StandIn_SetAnswerer(Answerer answerer);

        /** One more entry, with its function's DWORD values in order (see {@link #add}). */
        int StandIn_AddEntry(Pointer reply, int v0, int v1, int v2, int v3, int v4);

        /**
         * String {@code index} of the last entry: UTF-16 units followed by a 0 (never an empty array),
         * with their length without it; null for NULL.
         */
        int StandIn_SetString(Pointer reply, int index, short[] units, int length);

        int StandIn_OutstandingBuffers();

        int StandIn_BadFrees();

        void StandIn_ResetCounters();

        void StandIn_SetEntriesReadExcess(int excess);
    }

    /** One answerer for the process, registered once and never collected while the library may call it. */
    private static final Answerer ANSWERER = StandIn::answer;
    private static Control loaded;                   // guarded by StandIn.class
    /** The stand-in the library answers for: the one made last, until it is closed. */
    private static volatile StandIn serving;

    private final Control control;
    private volatile Scenario scenario = Scenario.empty();

    StandIn() {
        control = control();
        control.StandIn_SetEntriesReadExcess(0);
        control.StandIn_ResetCounters();
        synchronized (StandIn.class) {
            serving = this;
        }
    }

    private static synchronized Control control() {
        if (loaded == null) {
            loaded = Native.load(library(), Control.class);
            loaded.StandIn_SetAnswerer(ANSWERER);
        }
        return loaded;
    }

    /** The path of the built stand-in, which surefire passes as {@code netconn.standin}. */
    static String library() {
        String path = System.getProperty("netconn.standin");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("the native stand-in is not built (" + path
                    + "); run the tests through Maven, which builds it with gcc");
        }
        return path;
    }

    /** Called by the library; nothing may be thrown back into native code. */
    private static int answer(int function, Pointer servername, Pointer filter1, Pointer filter2, int level,
                              int prefmaxlen, Pointer resumeHandle, Pointer totalEntries, Pointer reply) {
        StandIn standIn = serving;
        if (standIn == null) {
            return RPC_S_SERVER_UNAVAILABLE;
        }
        try {
            if (!serves(utf16(servername, Integer.MAX_VALUE))) {
                return ERROR_BAD_NETPATH; // a host the stand-in is not: unreachable, as Windows says
            }
            Scenario now = standIn.scenario;
            sleep(now.quirks().delayMillis()); // rule 1's delay, which Scenario leaves to the server
            Long resume = resumeHandle == null ? null : Integer.toUnsignedLong(resumeHandle.getInt(0));
            Scenario.Answer<?> answer = standIn.answer(now, function,
                    utf16(filter1, function == CONNECTIONS ? QUALIFIER_UNITS_READ : Integer.MAX_VALUE),
                    utf16(filter2, Integer.MAX_VALUE), Integer.toUnsignedLong(level),
                    Integer.toUnsignedLong(prefmaxlen), resume, reply);
            totalEntries.setInt(0, (int) answer.totalEntries());
            if (resumeHandle != null && answer.resumeHandle() != null) {
                resumeHandle.setInt(0, answer.resumeHandle().intValue());
            }
            return (int) answer.status();
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            return RPC_X_BAD_STUB_DATA;
        }
    }

    /**
     * The scenario's answer to one call of {@code function}, for the caller {@value #CALLER}, its
     * entries added to {@code reply} with every field the function's structures have (the C side
     * lays out those of the level).
     */
    private Scenario.Answer<?> answer(Scenario now, int function, String filter1, String filter2, long level,
                                      long prefMaxLen, Long resume, Pointer reply) {
        switch (function) {
            case CONNECTIONS -> {
                Scenario.Answer<Scenario.Entry> answer = now.answer(CALLER, level, filter1, prefMaxLen, resume);
                for (Scenario.Entry e : entries(answer)) {
                    add(reply, new long[] {e.id(), e.type(), e.opens(), e.users(), e.seconds()}, e.userName(),
                            e.netName());
                }
                return answer;
            }
            case SESSIONS -> {
                Scenario.Answer<Scenario.Session> answer = now.answerSessions(CALLER, level, filter1, filter2,
                        prefMaxLen, resume);
                for (Scenario.Session e : entries(answer)) {
                    add(reply, new long[] {e.opens(), e.seconds(), e.idleSeconds(), e.flags()}, e.computer(),
                            e.user(), e.clientType(), e.transport());
                }
                return answer;
            }
            case FILES -> {
                Scenario.Answer<Scenario.OpenFile> answer = now.answerFiles(CALLER, level, filter1, filter2,
                        prefMaxLen, resume);
                for (Scenario.OpenFile e : entries(answer)) {
                    add(reply, new long[] {e.id(), e.permissions(), e.locks()}, e.path(), e.user());
                }
                return answer;
            }
            default -> throw new IllegalArgumentException("the stand-in was called for function " + function);
        }
    }

    private static <E> List<E> entries(Scenario.Answer<E> answer) {
        return answer.entries() == null ? List.of() : answer.entries();
    }

    /**
     * One entry of the reply: its function's DWORD values and strings in the order of the C
     * source's entry type (connections: id, type, opens, users, seconds; user name, net name.
     * Sessions: opens, time, idle time, flags; client, user, client type, transport. Files: id,
     * permissions, locks; path, user).
     */
    private void add(Pointer reply, long[] dwords, String... strings) {
        long[] v = Arrays.copyOf(dwords, 5);
        control.StandIn_AddEntry(reply, (int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4]);
        for (int i = 0; i < strings.length; i++) {
            if (strings[i] != null) {
                control.StandIn_SetString(reply, i, units(strings[i]), strings[i].length());
            }
        }
    }

    /** NULL, empty, or this stand-in's own name, ignoring case, with or without a leading {@code \\}. */
    private static boolean serves(String server) {
        if (server == null || server.isEmpty()) {
            return true;
        }
        return (server.startsWith("\\\\") ? server.substring(2) : server).equalsIgnoreCase(SERVER);
    }

    /** A NUL-terminated UTF-16 string, read no further than {@code max} units; null for NULL. */
    private static String utf16(Pointer p, int max) {
        if (p == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (long i = 0; s.length() < max; i += 2) {
            char c = (char) p.getShort(i); // getChar would read a 4-byte wchar_t on Linux
            if (c == 0) {
                break;
            }
            s.append(c);
        }
        return s.toString();
    }

    private static short[] units(String s) {
        if (s == null) {
            return null;
        }
        short[] units = new short[s.length() + 1];
        for (int i = 0; i < s.length(); i++) {
            units[i] = (short) s.charAt(i);
        }
        return units;
    }

    /** Sleeps the whole time even if interrupted (the native call it stands for cannot be), then restores the flag. */
    private static void sleep(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        boolean interrupted = false;
        for (long left = millis * 1_000_000; left > 0; left = end - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fault injection: from now on, every buffer comes with an entriesread {@code excess} higher
     * (an unsigned DWORD, modulo 2^32) than the entries in it; 0 tells the truth again, as
     * {@link #close} does.
     */
    void lieAboutEntriesRead(int excess) {
        control.StandIn_SetEntriesReadExcess(excess);
    }

    int badFrees() {
        return control.StandIn_BadFrees();
    }

    int outstandingBuffers() {
        return control.StandIn_OutstandingBuffers();
    }

    void resetCounters() {
        control.StandIn_ResetCounters();
    }

    @Override
    public void load(Scenario next) {
        scenario = next;
    }

    @Override
    public String serverName() {
        return SERVER;
    }

    @Override
    public String unreachableServerName() {
        return "unreachable.test";
    }

    /** Buffers not yet freed, plus one for every bad free (a double free must show as a difference). */
    @Override
    public OptionalLong outstandingHandles() {
        return OptionalLong.of(control.StandIn_OutstandingBuffers() + (long) control.StandIn_BadFrees());
    }

    @Override
    public void close() {
        control.StandIn_SetEntriesReadExcess(0);
        synchronized (StandIn.class) {
            if (serving == this) {
                serving = null;
            }
        }
    }
}
