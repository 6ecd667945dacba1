package io.github.netconn.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A TCP proxy on loopback that sits between a client and a server and breaks the byte
 * stream on command: for failure tests of anything that speaks TCP to a test server.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(server.port())) {
 *     proxy.inject(FaultProxy.Fault.at(Direction.SERVER_TO_CLIENT, 1, 0, Action.RESET));
 *     // connect to proxy.serverName() instead of server.serverName()
 * }
 * }</pre>
 *
 * <p>One {@link Fault} is armed at a time. Its point counts from the moment it is armed,
 * in its direction, over all connections: either a byte count, or a byte offset into the
 * n-th message, where messages are the frames of SMB's direct-TCP transport (a zero byte
 * and a 24-bit big-endian length, RFC 1002 style) — so "the first reply after now" or
 * "1,000 bytes into the second reply" can be named without knowing how TCP splits them.
 * A fault fires once, or, if it {@link Fault#repeat repeats}, again in every later message
 * (every {@code offset} bytes for a byte count) until {@link #clear()} — so that a client
 * that retries on a new connection meets it again. Everything stays on 127.0.0.1; each connection costs two daemon
 * threads named {@code fault-proxy-*}, which end when either side closes.
 *
 * <p>A {@link Rewrite} rule plays an attacker who understands the messages: while one is
 * {@linkplain #rewrite armed} (one per direction), the proxy holds each whole message of the rule's direction
 * (header and body, however TCP splits it), offers the body to the rule, and sends what the
 * rule returns in its place, each body with a fresh 4-byte header — nothing to drop it,
 * several to inject more. {@link Smb2Tamper} has rules for SMB2, {@link Smb2Frames} reads
 * and builds SMB2 messages for rules of one's own:
 *
 * <pre>{@code
 * proxy.rewrite(Smb2Tamper.stripSignature(Smb2Frames.TREE_CONNECT));
 * // ... the client connects through the proxy; it must refuse the unsigned reply
 * assertEquals(1, proxy.rewritten());
 * }</pre>
 *
 * A rule sees every message of its direction that starts after it is armed (a message the
 * proxy has begun to forward passes as it is), on all connections, one call at a time; it
 * decides itself whether it acts once or again. The other direction, and everything while no
 * rule is armed, streams through unheld. The rule and the armed {@link Fault} are independent:
 * the fault counts and breaks the bytes actually sent, after rewriting (a dropped message is
 * not counted, an injected one is). A rule that throws resets its connection; the exception
 * goes to the pump thread's uncaught-exception handler.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which way the bytes go. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** What happens at the fault's point. */
    public enum Action {
        /** Hold the stream for {@link Fault#delay}, then forward it unchanged. */
        DELAY,
        /** Close both sides of the connection gracefully (FIN); nothing past the point is forwarded. */
        CUT,
        /** Abort both sides of the connection (RST); nothing past the point is forwarded. */
        RESET,
        /** End this direction (FIN to the receiver) and drop everything after the point; the other direction stays open. */
        TRUNCATE,
        /** Flip every bit of the byte at the point, and forward the rest unchanged. */
        CORRUPT
    }

    /**
     * A rule that rewrites whole messages of one direction; see {@link FaultProxy} and the
     * built-in rules of {@link Smb2Tamper}.
     */
    public interface Rewrite {
        /** The direction whose messages the rule is offered. */
        Direction direction();

        /**
         * What to send instead of one message.
         *
         * @param body the message without its 4-byte direct-TCP header (a copy: the rule may change it)
         * @return the bodies to send in its place, each framed afresh; empty to drop the message;
         *         {@code null}, or the body unchanged, to forward it as it was
         */
        List<byte[]> apply(byte[] body);

        /** A rule of {@code direction} that applies {@code apply}, called {@code name} in messages. */
        static Rewrite of(Direction direction, String name, Function<byte[], List<byte[]>> apply) {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(apply, "apply");
            return new Rewrite() {
                @Override
                public Direction direction() {
                    return direction;
                }

                @Override
                public List<byte[]> apply(byte[] body) {
                    return apply.apply(body);
                }

                @Override
                public String toString() {
                    return name;
                }
            };
        }
    }

    /**
     * One fault.
     *
     * @param direction the direction whose bytes are counted and broken
     * @param message   0 to count {@code offset} in bytes from arming; n &gt; 0 to count it
     *                  from the start (its 4-byte header) of the n-th message after arming
     * @param offset    how many bytes pass before the fault
     * @param action    what happens there
     * @param delay     how long {@link Action#DELAY} holds the stream (zero otherwise)
     * @param repeat    fire again until cleared: every {@code offset} bytes, or at {@code offset} in
     *                  the {@code message}-th message and every later one long enough
     */
    public record Fault(Direction direction, int message, long offset, Action action, Duration delay, boolean repeat) {
        public Fault {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(delay, "delay");
            if (message < 0 || offset < 0 || delay.isNegative()) {
                throw new IllegalArgumentException("message, offset and delay must not be negative");
            }
            if ((action == Action.DELAY) == delay.isZero()) {
                throw new IllegalArgumentException("a delay, and only a delay, needs a positive duration");
            }
        }

        /** {@code action} once, {@code offset} bytes into the {@code message}-th message after arming (1 = the next). */
        public static Fault at(Direction direction, int message, long offset, Action action) {
            return new Fault(direction, message, offset, action, Duration.ZERO, false);
        }

        /** {@code action} once, after {@code bytes} bytes from arming. */
        public static Fault afterBytes(Direction direction, long bytes, Action action) {
            return new Fault(direction, 0, bytes, action, Duration.ZERO, false);
        }

        /** Holds the {@code message}-th message after arming, before its first byte, for {@code delay}. */
        public static Fault delay(Direction direction, int message, Duration delay) {
            return new Fault(direction, message, 0, Action.DELAY, delay, false);
        }

        /** The same fault, firing again until cleared (see {@link #repeat}). */
        public Fault repeating() {
            return new Fault(direction, message, offset, action, delay, true);
        }
    }

    private final int targetPort;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> pumps = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger fired = new AtomicInteger();
    private final AtomicInteger rewritten = new AtomicInteger();
    private final Object rewriting = new Object(); // rules are called one at a time
    private final AtomicInteger open = new AtomicInteger();

    // Guarded by this: the armed fault and what has passed in its direction since it was armed.
    private Fault fault;
    private long bytesSinceArmed;
    private int messagesSinceArmed;
    private long offsetInMessage;
    private final EnumMap<Direction, Rewrite> rules = new EnumMap<>(Direction.class);

    private volatile boolean closed;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "fault-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on a free loopback port to the server on 127.0.0.1:{@code targetPort}. */
    public static FaultProxy to(int targetPort) {
        try {
            return new FaultProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, to give clients instead of the server's. */
    public String serverName() {
        return "127.0.0.1:" + port();
    }

    /** Arms {@code fault}, replacing any armed one; its point counts from now. */
    public synchronized void inject(Fault fault) {
        this.fault = Objects.requireNonNull(fault, "fault");
        bytesSinceArmed = 0;
        messagesSinceArmed = 0;
        offsetInMessage = 0;
    }

    /**
     * Arms {@code rules}, each replacing the armed rule of its direction (the armed fault
     * stays); each is offered every message of its direction that starts from now on.
     */
    public synchronized void rewrite(Rewrite... rules) {
        for (Rewrite rule : rules) {
            Objects.requireNonNull(rule, "rule");
            this.rules.put(Objects.requireNonNull(rule.direction(), "rule.direction()"), rule);
        }
    }

    /** Disarms the fault and the rewrite rule: bytes flow unchanged from now on (a delay under way still ends). */
    public synchronized void clear() {
        fault = null;
        rules.clear();
    }

    /** How many times faults have fired since the proxy started. */
    public int fired() {
        return fired.get();
    }

    /** How many messages rewrite rules have changed (replaced, dropped or expanded) since the proxy started. */
    public int rewritten() {
        return rewritten.get();
    }

    private synchronized Rewrite rule(Direction direction) {
        return rules.get(direction);
    }

    /** How many client connections the proxy has accepted. */
    public int connectionsAccepted() {
        return connectionCount.get();
    }

    /** How many client connections are open through the proxy right now. */
    public int connectionsOpen() {
        return open.get();
    }

    /** Closes the listener and every connection, and waits for the proxy's threads to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        try {
            acceptor.join(2_000);
            sockets.forEach(FaultProxy::closeQuietly);
            pumps.forEach(Thread::interrupt); // a delay under way ends now
            for (Thread t : Set.copyOf(pumps)) {
                t.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException e) {
                // The server is down: the client sees its connection reset, as it would without the proxy.
                abort(client);
                closeQuietly(server);
                continue;
            }
            for (Socket s : new Socket[] {client, server}) {
                sockets.add(s);
                try {
                    s.setTcpNoDelay(true);
                } catch (SocketException ignored) {
                    // only a latency matter
                }
            }
            int id = connectionCount.incrementAndGet();
            open.incrementAndGet();
            Connection connection = new Connection(client, server);
            start(connection, client, server, Direction.CLIENT_TO_SERVER, "fault-proxy-" + id + "-c2s");
            start(connection, server, client, Direction.SERVER_TO_CLIENT, "fault-proxy-" + id + "-s2c");
        }
    }

    private void start(Connection connection, Socket from, Socket to, Direction direction, String name) {
        Thread t = new Thread(() -> {
            try {
                connection.pump(from, to, direction);
            } finally {
                pumps.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    /**
     * Frames and counts {@code chunk[from..to)} for one pump; returns the armed fault if it
     * fires at a byte, with the byte's index in {@code at[0]} (that byte is counted already).
     */
    private synchronized Fault scan(Framing framing, Direction direction, byte[] chunk, int from, int to, int[] at) {
        for (int i = from; i < to; i++) {
            boolean counted = fault != null && fault.direction() == direction;
            if (!counted) {
                framing.advance(chunk[i]);
                continue;
            }
            if (framing.atBoundary()) {
                messagesSinceArmed++;
                offsetInMessage = 0;
            }
            boolean fires = fault.message() == 0 ? bytesSinceArmed == fault.offset()
                    : (fault.repeat() ? messagesSinceArmed >= fault.message() : messagesSinceArmed == fault.message())
                            && offsetInMessage == fault.offset();
            framing.advance(chunk[i]);
            bytesSinceArmed++;
            offsetInMessage++;
            if (fires) {
                Fault firing = fault;
                if (firing.repeat()) {
                    bytesSinceArmed = 0;
                } else {
                    fault = null;
                }
                fired.incrementAndGet();
                at[0] = i;
                return firing;
            }
        }
        return null;
    }

    /** Where a pump is in the stream's direct-TCP frames (a 4-byte header, then the body). */
    private static final class Framing {
        private int headerBytes;
        private final byte[] header = new byte[4];
        private long bodyLeft;

        boolean atBoundary() {
            return headerBytes == 0 && bodyLeft == 0;
        }

        /** How many bytes are left of the header, if in it, or else of the body; not at a boundary. */
        long leftInPart() {
            return headerBytes > 0 ? 4 - headerBytes : bodyLeft;
        }

        void advance(byte b) {
            if (bodyLeft > 0) {
                bodyLeft--;
                return;
            }
            header[headerBytes++] = b;
            if (headerBytes == 4) {
                headerBytes = 0;
                bodyLeft = (header[1] & 0xFFL) << 16 | (header[2] & 0xFFL) << 8 | (header[3] & 0xFFL);
            }
        }
    }

    /** One proxied connection: the client's socket and ours to the server. */
    private final class Connection {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger pumping = new AtomicInteger(2);
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void pump(Socket from, Socket to, Direction direction) {
            try {
                new Pump(this, to, direction).run(from.getInputStream());
            } catch (IOException e) {
                closeBoth(false); // a side went away, or the proxy closed: the connection is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeBoth(false);
            } catch (RuntimeException | Error e) {
                closeBoth(true); // a rule failed: the test should not go on as if nothing happened
                throw e;
            } finally {
                if (pumping.decrementAndGet() == 0) {
                    closeBoth(false);
                }
            }
        }

        private void closeBoth(boolean reset) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            for (Socket s : new Socket[] {client, server}) {
                sockets.remove(s);
                if (reset) {
                    abort(s);
                } else {
                    closeQuietly(s);
                }
            }
            open.decrementAndGet();
        }
    }

    /** One direction of one connection: reads, holds messages for a rule, and writes through the fault. */
    private final class Pump {
        private final Connection connection;
        private final Socket to;
        private final OutputStream out;
        private final Direction direction;
        private final Framing framing = new Framing(); // of the bytes sent, for the fault
        private final int[] at = new int[1];
        private boolean dropping;
        // A message held for the rule: its header first, then header and body; null if none.
        private byte[] held;
        private int heldCount;

        Pump(Connection connection, Socket to, Direction direction) throws IOException {
            this.connection = connection;
            this.to = to;
            this.out = to.getOutputStream();
            this.direction = direction;
        }

        void run(InputStream in) throws IOException, InterruptedException {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (dropping) {
                    continue;
                }
                if (!relay(buffer, 0, n)) {
                    return;
                }
            }
            if (!dropping && held != null && !send(held, 0, heldCount)) {
                return; // the sender ended inside a message: what it sent goes on as it was
            }
            if (!dropping) {
                to.shutdownOutput(); // pass the sender's FIN on
            }
        }

        /** Forwards {@code b[from..end)}, holding messages for an armed rule; false if the connection is over. */
        private boolean relay(byte[] b, int from, int end) throws IOException, InterruptedException {
            int pos = from;
            while (pos < end && !dropping) {
                if (held == null) {
                    if (rule(direction) == null) {
                        return send(b, pos, end); // no rule: the bytes stream as they come
                    }
                    if (!framing.atBoundary()) { // a message under way passes as it is
                        int part = (int) Math.min(end - pos, framing.leftInPart());
                        if (!send(b, pos, pos + part)) {
                            return false;
                        }
                        pos += part;
                        continue;
                    }
                    held = new byte[4];
                    heldCount = 0;
                }
                int take = Math.min(held.length - heldCount, end - pos);
                System.arraycopy(b, pos, held, heldCount, take);
                heldCount += take;
                pos += take;
                if (heldCount == 4 && held.length == 4) {
                    held = Arrays.copyOf(held, 4 + ((held[1] & 0xFF) << 16 | (held[2] & 0xFF) << 8 | (held[3] & 0xFF)));
                }
                if (heldCount == held.length && heldCount >= 4) {
                    byte[] message = held;
                    held = null;
                    if (!release(message)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Offers a whole held message to the rule armed now, and sends what it returns. */
        private boolean release(byte[] message) throws IOException, InterruptedException {
            Rewrite now = rule(direction);
            if (now == null) {
                return send(message, 0, message.length); // cleared while held
            }
            byte[] body = Arrays.copyOfRange(message, 4, message.length);
            List<byte[]> result;
            synchronized (rewriting) {
                result = now.apply(body.clone());
            }
            if (result == null || result.size() == 1 && Arrays.equals(result.get(0), body)) {
                return send(message, 0, message.length);
            }
            rewritten.incrementAndGet();
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            for (byte[] r : result) {
                Objects.requireNonNull(r, "a body returned by the rewrite rule");
                if (r.length > 0xFFFFFF) {
                    throw new IllegalStateException("the rewrite rule returned a body of " + r.length
                            + " bytes; a direct-TCP message holds at most 16,777,215");
                }
                framed.write(0);
                framed.write(r.length >> 16);
                framed.write(r.length >> 8);
                framed.write(r.length);
                framed.writeBytes(r);
            }
            byte[] bytes = framed.toByteArray();
            return bytes.length == 0 || send(bytes, 0, bytes.length);
        }

        /** Writes {@code b[from..end)} through the armed fault; false if the fault ended the connection. */
        private boolean send(byte[] b, int from, int end) throws IOException, InterruptedException {
            int unsent = from; // b[unsent..scanned) is scanned but not yet written
            int scanned = from;
            Fault firing;
            while ((firing = scan(framing, direction, b, scanned, end, at)) != null) {
                int point = at[0];
                out.write(b, unsent, point - unsent);
                out.flush();
                switch (firing.action()) {
                    case DELAY:
                        Thread.sleep(firing.delay().toMillis());
                        break;
                    case CORRUPT:
                        b[point] ^= (byte) 0xFF;
                        break;
                    case TRUNCATE:
                        to.shutdownOutput();
                        dropping = true;
                        return true;
                    case CUT:
                    case RESET:
                        connection.closeBoth(firing.action() == Action.RESET);
                        return false;
                    default:
                        throw new IllegalStateException(firing.action().name());
                }
                unsent = point;
                scanned = point + 1;
            }
            out.write(b, unsent, end - unsent);
            out.flush();
            return true;
        }
    }

    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closed already
        }
        closeQuietly(s);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
