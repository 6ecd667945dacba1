package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.FaultProxy.Action;
import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a trivial echo server: each fault at its point, and nothing else changed. */
class FaultProxyTest {

    private ServerSocket echo;
    private Thread echoThread;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        echoThread = new Thread(() -> {
            while (true) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    }, "echo-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "echo");
        echoThread.setDaemon(true);
        echoThread.start();
        proxy = FaultProxy.to(echo.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        echo.close();
        echoThread.join(2_000);
    }

    private Socket client() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    /** A direct-TCP frame: a zero byte, a 24-bit length, the body. */
    private static byte[] frame(byte[] body) {
        byte[] f = new byte[4 + body.length];
        f[1] = (byte) (body.length >> 16);
        f[2] = (byte) (body.length >> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int r;
        while (got.size() < n && (r = in.read(buf, 0, Math.min(buf.length, n - got.size()))) >= 0) {
            got.write(buf, 0, r);
        }
        return got.toByteArray();
    }

    @Test
    void withoutAFaultBytesPassUnchanged() throws IOException {
        byte[] sent = bytes(100_000);
        try (Socket s = client()) {
            new Thread(() -> write(s, sent)).start();
            assertArrayEquals(sent, readUpTo(s.getInputStream(), sent.length));
        }
        assertEquals(0, proxy.fired());
        assertEquals(1, proxy.connectionsAccepted());
    }

    @Test
    void corruptFlipsExactlyTheByteAtTheOffset() throws IOException {
        proxy.inject(Fault.afterBytes(Direction.SERVER_TO_CLIENT, 40_000, Action.CORRUPT));
        byte[] sent = bytes(100_000);
        try (Socket s = client()) {
            new Thread(() -> write(s, sent)).start();
            byte[] got = readUpTo(s.getInputStream(), sent.length);
            byte[] expected = sent.clone();
            expected[40_000] ^= (byte) 0xFF;
            assertArrayEquals(expected, got);
        }
        assertEquals(1, proxy.fired());
    }

    @Test
    void messagePointsCountFramesNotReads() throws IOException {
        byte[] first = frame(bytes(300));
        byte[] second = frame(bytes(500));
        byte[] third = frame(bytes(10));
        proxy.inject(Fault.at(Direction.SERVER_TO_CLIENT, 2, 10, Action.CORRUPT).repeating());
        try (Socket s = client()) {
            // Written in odd pieces, so frames and reads do not line up.
            byte[] all = concat(first, second, third, first, second);
            for (int i = 0; i < all.length; i += 7) {
                s.getOutputStream().write(all, i, Math.min(7, all.length - i));
            }
            byte[] got = readUpTo(s.getInputStream(), all.length);
            byte[] expected = all.clone();
            // Fires in the 2nd message after arming and in every later one longer than 10 bytes.
            int at = first.length;
            for (byte[] f : new byte[][] {second, third, first, second}) {
                expected[at + 10] ^= (byte) 0xFF;
                at += f.length;
            }
            assertArrayEquals(expected, got);
        }
        assertEquals(4, proxy.fired());
    }

    @Test
    void truncateForwardsThePartThenEndsTheStream() throws IOException {
        proxy.inject(Fault.afterBytes(Direction.SERVER_TO_CLIENT, 1_000, Action.TRUNCATE));
        byte[] sent = bytes(5_000);
        try (Socket s = client()) {
            s.getOutputStream().write(sent);
            byte[] got = readUpTo(s.getInputStream(), sent.length);
            assertArrayEquals(Arrays.copyOf(sent, 1_000), got);
            assertEquals(-1, s.getInputStream().read(), "end of stream after the part");
        }
    }

    @Test
    void cutClosesBothSidesBeforeThePoint() throws IOException {
        proxy.inject(Fault.at(Direction.SERVER_TO_CLIENT, 1, 0, Action.CUT));
        try (Socket s = client()) {
            s.getOutputStream().write(frame(bytes(100)));
            assertEquals(-1, s.getInputStream().read(), "nothing of the reply, then end of stream");
        }
        awaitNoOpenConnections();
    }

    @Test
    void resetAbortsTheConnection() throws IOException {
        proxy.inject(Fault.afterBytes(Direction.SERVER_TO_CLIENT, 50, Action.RESET));
        try (Socket s = client()) {
            s.getOutputStream().write(bytes(100));
            InputStream in = s.getInputStream();
            assertThrows(SocketException.class, () -> readUpTo(in, 100), "connection reset");
        }
        awaitNoOpenConnections();
    }

    @Test
    void delayHoldsTheStreamThenForwardsIt() throws IOException {
        proxy.inject(Fault.delay(Direction.SERVER_TO_CLIENT, 1, Duration.ofMillis(700)));
        byte[] sent = frame(bytes(100));
        try (Socket s = client()) {
            long start = System.nanoTime();
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, readUpTo(s.getInputStream(), sent.length));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took >= 650, "the reply came after " + took + " ms");
            proxy.clear();
            start = System.nanoTime();
            s.getOutputStream().write(sent);
            assertArrayEquals(sent, readUpTo(s.getInputStream(), sent.length));
            took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(took < 500, "after clear() the reply came after " + took + " ms");
        }
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        proxy.inject(Fault.delay(Direction.SERVER_TO_CLIENT, 1, Duration.ofSeconds(60)));
        try (Socket s = client()) {
            s.getOutputStream().write(frame(bytes(10)));
            while (proxy.fired() == 0) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            proxy.close();
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "close() waited for the delay");
            assertEquals(-1, s.getInputStream().read(), "the client's connection ended");
        }
        assertEquals(0, proxy.connectionsOpen());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("fault-proxy-")), "fault-proxy threads left");
    }

    private void awaitNoOpenConnections() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (proxy.connectionsOpen() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, proxy.connectionsOpen(), "connections open through the proxy");
    }

    private static void write(Socket s, byte[] b) {
        try {
            s.getOutputStream().write(b);
        } catch (IOException ignored) {
            // the test fails on what it reads
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
