package io.github.netconn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * The scripted Windows-like server: impacket's SMB server with MS-SRVS handlers for opnums 8, 9
 * and 12 (testkit/servers/scripted/srvsvc_server.py) answering from a {@link Scenario}, over a
 * real {@code \PIPE\srvsvc}, in a container on a free loopback port. It speaks SMB1 and
 * SMB 2.0.2 only, accepts {@link Account#ADMIN} and {@link Account#PLAIN} with NTLMv2, and
 * re-reads the scenario on every call, so {@link #load} takes effect at once.
 */
public final class ScriptedServer implements ScenarioServer {

    private static final String SCENARIO_DIR = "/scenario";
    private static final String SCENARIO_FILE = "scenario.json";

    private final GenericContainer<?> container;
    private final Path directory;
    private final int port;

    private ScriptedServer(GenericContainer<?> container, Path directory, int port) {
        this.container = container;
        this.directory = directory;
        this.port = port;
    }

    /** Starts the server with an empty scenario. */
    public static ScriptedServer start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("netconn-scenario-");
            Scenario.empty().writeTo(directory.resolve(SCENARIO_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scenario", e);
        }
        int port = Docker.freePort();
        GenericContainer<?> container = Docker.container()
                .withFileSystemBind(directory.toString(), SCENARIO_DIR, BindMode.READ_ONLY)
                .withCommand("/usr/bin/python3", "/opt/netconn/scripted/srvsvc_server.py",
                        "--port", Integer.toString(port), "--scenario", SCENARIO_DIR + "/" + SCENARIO_FILE);
        Docker.start(container, port);
        return new ScriptedServer(container, directory, port);
    }

    @Override
    public void load(Scenario scenario) throws IOException {
        scenario.writeTo(directory.resolve(SCENARIO_FILE));
    }

    /**
     * Writes {@code json} as the scenario, unchecked: a file the server cannot read makes it
     * answer with a DCE/RPC fault, which is how tests get one.
     */
    public void loadJson(String json) throws IOException {
        Path partial = directory.resolve(SCENARIO_FILE + ".partial");
        Files.writeString(partial, json, java.nio.charset.StandardCharsets.UTF_8);
        Files.move(partial, directory.resolve(SCENARIO_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    @Override
    public String serverName() {
        return host() + ":" + port;
    }

    @Override
    public String unreachableServerName() {
        return host() + ":" + Docker.freePort();
    }

    /**
     * Runs the server script's own tests (test_*.py next to it, with impacket's client)
     * inside the container, and returns their result.
     */
    public Container.ExecResult runScriptTests() throws IOException, InterruptedException {
        return container.execInContainer("/usr/bin/python3", "-m", "unittest", "discover",
                "-s", "/opt/netconn/scripted", "-p", "test_*.py", "-v");
    }

    /**
     * What the server script's rules answer to {@code callsJson} (a JSON list of calls, see
     * answer_probe.py), one canonical line per call; for checking the script against
     * {@link Scenario#answer}.
     */
    String probeAnswers(String callsJson) throws IOException, InterruptedException {
        return probe(callsJson, "answer_probe.py", SCENARIO_DIR + "/" + SCENARIO_FILE);
    }

    /**
     * What the running server answers on the wire to {@code callsJson} (NetrSessionEnum and
     * NetrFileEnum calls, see wire_probe.py), decoded by impacket's client inside the container,
     * one line per call in {@link #probeAnswers}'s format.
     */
    String probeWire(String callsJson) throws IOException, InterruptedException {
        return probe(callsJson, "wire_probe.py", Integer.toString(port));
    }

    private String probe(String callsJson, String script, String first) throws IOException, InterruptedException {
        Files.writeString(directory.resolve("calls.json"), callsJson, java.nio.charset.StandardCharsets.US_ASCII);
        Container.ExecResult result = container.execInContainer("/usr/bin/python3",
                "/opt/netconn/scripted/" + script, first, SCENARIO_DIR + "/calls.json");
        if (result.getExitCode() != 0) {
            throw new IOException(script + " failed: " + result.getStderr());
        }
        return result.getStdout();
    }

    /** The server's output so far. */
    public String logs() {
        return container.getLogs();
    }

    /**
     * Freezes the server (docker pause), as a server that hangs would: connections stay
     * open and nothing answers until {@link #unpause()}. For failure tests.
     */
    public void pause() {
        Docker.pause(container);
    }

    /** Lets a {@link #pause() paused} server run again; what it was doing goes on. */
    public void unpause() {
        Docker.unpause(container);
    }

    @Override
    public void close() {
        container.stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
