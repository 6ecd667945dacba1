package io.github.netconn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What the container fixtures share: the image, Docker's presence, free loopback ports,
 * and the wait for a server's port. Containers run on the host network bound to
 * loopback: nothing leaves 127.0.0.1.
 */
final class Docker {

    /** Built from testkit/servers by testkit/servers/build-image.sh; never pulled. */
    static final String IMAGE = "netconn-testkit/servers:latest";

    static final String LABEL = "netconn-testkit";

    private static final String HOW_TO_FIX =
            "run scripts/test (which starts Docker and builds the image), or scripts/docker-up.sh and then"
                    + " testkit/servers/build-image.sh";

    private static String checked;

    private Docker() {
    }

    /** A container of the test image on the host network, or a clear failure if Docker or the image is missing. */
    static GenericContainer<?> container() {
        return container(IMAGE);
    }

    static synchronized GenericContainer<?> container(String image) {
        if (!image.equals(checked)) {
            pinApiVersion();
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("Docker is not available to the tests: " + HOW_TO_FIX);
            }
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (RuntimeException missing) {
                throw new IllegalStateException("the test image " + image + " is missing: " + HOW_TO_FIX, missing);
            }
            checked = image;
        }
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withImagePullPolicy(name -> false)
                .withLabel(LABEL, "1");
    }

    /**
     * docker-java does not negotiate the API version, and Debian's dockerd 20.10 speaks at
     * most 1.41: ask the daemon which version it speaks and pin that, unless already set.
     */
    private static void pinApiVersion() {
        if (System.getProperty("api.version") != null) {
            return;
        }
        try {
            Process p = new ProcessBuilder("docker", "version", "--format", "{{.Server.APIVersion}}")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("\\d+\\.\\d+")) {
                System.setProperty("api.version", out);
            }
        } catch (IOException e) {
            // no docker CLI: leave docker-java to its defaults
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port on loopback that nothing listens on right now. */
    static int freePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!listening(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    static boolean listening(int port) {
        return listening("127.0.0.1", port);
    }

    static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Freezes every process of the container (docker pause): its sockets stay open and nothing answers. */
    static void pause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    /** Undoes {@link #pause}. */
    static void unpause(GenericContainer<?> container) {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Runs {@code command} in the container; a non-zero exit is an IOException with its output. */
    static Container.ExecResult exec(GenericContainer<?> container, String... command) throws IOException {
        Container.ExecResult result;
        try {
            result = container.execInContainer(command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0], e);
        }
        if (result.getExitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.getExitCode() + "): "
                    + result.getStderr().trim() + " " + result.getStdout().trim());
        }
        return result;
    }

    /** Starts the container and waits for its server on {@code port}; stops it again if the server never comes. */
    static void start(GenericContainer<?> container, int port) {
        container.start();
        try {
            awaitPort(container, port, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    /** Waits until the container's server accepts connections on {@code port}; fails fast if it exits. */
    static void awaitPort(GenericContainer<?> container, int port, Duration limit) {
        awaitPort(container, "127.0.0.1", port, limit);
    }

    /** Waits until the container's server accepts connections on {@code host:port}; fails fast if it exits. */
    static void awaitPort(GenericContainer<?> container, String host, int port, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!container.isRunning()) {
                throw new IllegalStateException("the server container exited before listening on port " + port
                        + "; its log:\n" + container.getLogs());
            }
            if (listening(host, port)) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for port " + port, e);
            }
        }
        throw new IllegalStateException("the server did not listen on port " + port + " within " + limit.toMillis()
                + " ms; its log:\n" + container.getLogs());
    }
}
