package io.github.netconn.netapi32;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScenarioServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The native stand-in of Netapi32 (src/test/native, a test fixture built by the Maven build
 * with gcc) as a {@link ScenarioServer}: it answers {@code NetConnectionEnum} from the
 * scenario file, for the server name {@value #SERVER} or the local computer, and counts
 * the buffers it hands out so that tests can prove none leaks and none is freed twice.
 */
final class StandIn implements ScenarioServer {

    static final String SERVER = "standin.test";

    /** The stand-in's control functions, beside the Win32 ones. */
    interface Control extends Library {
        void StandIn_SetScenario(String utf8Path);

        void StandIn_SetCaller(String utf8Name);

        void StandIn_SetServerName(String utf8Name);

        int StandIn_OutstandingBuffers();

        int StandIn_BadFrees();

        void StandIn_ResetCounters();

        void StandIn_SetEntriesReadExcess(int excess);
    }

    private final Control control;
    private final Path directory;
    private final Path scenario;

    StandIn() {
        control = Native.load(library(), Control.class);
        try {
            directory = Files.createTempDirectory("netconn-standin-");
            scenario = directory.resolve("scenario.json");
            Scenario.empty().writeTo(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        control.StandIn_SetScenario(scenario.toString());
        control.StandIn_SetServerName(SERVER);
        control.StandIn_SetCaller("netadmin");
        control.StandIn_SetEntriesReadExcess(0);
        control.StandIn_ResetCounters();
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

    @Override
    public void load(Scenario next) throws IOException {
        next.writeTo(scenario);
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
        try {
            Files.deleteIfExists(scenario);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
