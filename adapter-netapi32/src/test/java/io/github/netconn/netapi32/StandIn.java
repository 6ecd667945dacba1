package io.github.netconn.netapi32;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScenarioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The native stand-in of Netapi32 (src/test/native, a test fixture built by the Maven build
 * with gcc) as a {@link ScenarioServer}, for the server name {@value #SERVER} or the local
 * computer. The library decides no answer: each {@code NetConnectionEnum} call asks this class,
 * which answers with {@link Scenario#answer} (the testkit reference's own code), and the library
 * lays the answer out as Netapi32 does. It counts the buffers it hands out so that tests can
 * prove none leaks and none is freed twice.
 */
final class StandIn implements ScenarioServer {

    static final String SERVER = "standin.test";
    /** The user the calls come from, as far as deniedUsers is concerned (rule 1). */
    static final String CALLER = "netadmin";

    private static final int ERROR_BAD_NETPATH = 53;
    private static final int RPC_S_SERVER_UNAVAILABLE = 1722;
    private static final int RPC_X_BAD_STUB_DATA = 1783;
    /** Qualifiers are read no further than this: one unit more than rule 3 allows. */
    private static final int QUALIFIER_UNITS_READ = 1024;

    /** The answerer the library calls for each NetConnectionEnum ({@code StandIn_Answerer} in the C source). */
    interface Answerer extends Callback {
        int invoke(Pointer servername, Pointer qualifier, int level, int prefmaxlen, Pointer resumeHandle,
                   Pointer totalEntries, Pointer reply);
    }

    /** The stand-in's control functions, beside the Win32 ones. */
    interface Control extends Library {
        int StandIn_SetAnswerer(Answerer answerer);

        /** Strings as UTF-16 units followed by a 0 (never an empty array), with their length without it; null for NULL. */
        int StandIn_AddEntry(Pointer reply, int id, int type, int opens, int users, int seconds,
                             short[] username, int usernameUnits, short[] netname, int netnameUnits);

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
    private static int answer(Pointer servername, Pointer qualifier, int level, int prefmaxlen, Pointer resumeHandle,
                              Pointer totalEntries, Pointer reply) {
        StandIn standIn = serving;
        if (standIn == null) {
            return RPC_S_SERVER_UNAVAILABLE;
        }
        try {
            return standIn.answer(utf16(servername, Integer.MAX_VALUE), utf16(qualifier, QUALIFIER_UNITS_READ),
                    level, prefmaxlen, resumeHandle, totalEntries, reply);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            return RPC_X_BAD_STUB_DATA;
        }
    }

    private int answer(String server, String qualifier, int level, int prefmaxlen, Pointer resumeHandle,
                       Pointer totalEntries, Pointer reply) {
        if (!serves(server)) {
            return ERROR_BAD_NETPATH; // a host the stand-in is not: unreachable, as Windows says
        }
        Scenario now = scenario;
        sleep(now.quirks().delayMillis()); // rule 1's delay, which Scenario.answer leaves to the server
        Long resume = resumeHandle == null ? null : Integer.toUnsignedLong(resumeHandle.getInt(0));
        Scenario.Answer<Scenario.Entry> answer = now.answer(CALLER, Integer.toUnsignedLong(level), qualifier,
                Integer.toUnsignedLong(prefmaxlen), resume);
        if (answer.entries() != null) {
            for (Scenario.Entry e : answer.entries()) {
                control.StandIn_AddEntry(reply, (int) e.id(), (int) e.type(), (int) e.opens(), (int) e.users(),
                        (int) e.seconds(), units(e.userName()), length(e.userName()), units(e.netName()),
                        length(e.netName()));
            }
        }
        totalEntries.setInt(0, (int) answer.totalEntries());
        if (resumeHandle != null && answer.resumeHandle() != null) {
            resumeHandle.setInt(0, answer.resumeHandle().intValue());
        }
        return (int) answer.status();
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

    private static int length(String s) {
        return s == null ? 0 : s.length();
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
