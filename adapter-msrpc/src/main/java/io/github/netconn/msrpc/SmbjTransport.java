package io.github.netconn.msrpc;

import com.hierynomus.protocol.commons.buffer.Buffer;
import com.hierynomus.protocol.transport.PacketHandlers;
import com.hierynomus.protocol.transport.PacketReceiver;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.protocol.transport.TransportLayer;
import com.hierynomus.smb.SMBPacket;
import com.hierynomus.smb.SMBPacketData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Direct TCP (MS-SMB2 2.1: a zero byte, a 24-bit length, the message) under smbj, read by a
 * few threads that every connection of one layer shares. smbj's own DirectTcpTransport starts
 * a reader thread per connection, so that a sweep 256 servers at a time ran 512 threads.
 * Connecting and writing run on the caller's thread, bounded by the connect and the response
 * time-out. Frames reach smbj, through the {@link SmbjWireGuard.Guard}, on a reader thread,
 * which therefore must never wait for the network: when a read fails the channel is closed
 * before smbj hears of it, so that the logoff smbj then attempts fails at once.
 */
final class SmbjTransport implements TransportLayer<SMBPacket<?, ?>> {

    /**
     * The largest frame taken. netconn's answers are at most {@link SrvsvcPipe#MAX_FRAGMENT}
     * bytes and a logon's a few KB; the 16 MiB the framing allows would let each hostile
     * server of a sweep claim that much heap.
     */
    static final int MAX_FRAME = 64 * 1024;

    private final AsynchronousChannelGroup readers;
    private final PacketHandlers<SMBPacketData<?>, SMBPacket<?, ?>> handlers;
    private final long connectTimeoutMillis;
    private final long writeTimeoutMillis;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile AsynchronousSocketChannel channel;
    private volatile boolean closed;
    /** Why the guard closed the connection, for every write after it; null if it did not. */
    private volatile SmbjWireGuard.Refused refused;

    SmbjTransport(AsynchronousChannelGroup readers, PacketHandlers<SMBPacketData<?>, SMBPacket<?, ?>> handlers,
            long connectTimeoutMillis, long writeTimeoutMillis) {
        this.readers = readers;
        this.handlers = handlers;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /** A fixed pool of {@code threads} daemon reader threads, named {@code <name>-smb-reader-N}. */
    static AsynchronousChannelGroup readers(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        try {
            return AsynchronousChannelGroup.withFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, name + "-smb-reader-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SMB reader threads", e);
        }
    }

    @Override
    public void connect(InetSocketAddress address) throws IOException {
        if (address.isUnresolved()) {
            throw new UnknownHostException(address.getHostString());
        }
        AsynchronousSocketChannel c = AsynchronousSocketChannel.open(readers);
        channel = c;
        try {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            await(c.connect(address), connectTimeoutMillis, "connect to " + address);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("no connection to " + address + " within " + connectTimeoutMillis + " ms");
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e;
        }
        new Reader(c).next();
    }

    @Override
    public void write(SMBPacket<?, ?> packet) throws TransportException {
        Buffer<?> data = handlers.getSerializer().write(packet);
        int length = data.available();
        if (length > 0xFF_FFFF) {
            throw new TransportException("a message of " + length + " bytes, more than direct TCP can frame");
        }
        ByteBuffer frame = ByteBuffer.allocate(4 + length).putInt(length); // the high byte is the zero
        frame.put(data.array(), data.rpos(), length).flip();
        writing.lock();
        try {
            AsynchronousSocketChannel c = channel;
            if (c == null || !isConnected()) {
                SmbjWireGuard.Refused why = refused;
                throw why != null ? new SmbjWireGuard.Refused(why.getMessage())
                        : new TransportException("the connection is closed");
            }
            while (frame.hasRemaining()) {
                await(c.write(frame), writeTimeoutMillis, "write");
            }
        } catch (TransportException e) {
            throw e;
        } catch (IOException | TimeoutException e) {
            disconnectQuietly();
            throw new TransportException(e);
        } finally {
            writing.unlock();
        }
    }

    /** Waits for {@code io}; on a time-out or an interrupt, it is abandoned with the channel. */
    private <T> T await(Future<T> io, long timeoutMillis, String what) throws IOException, TimeoutException {
        try {
            return io.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            disconnectQuietly();
            throw new TimeoutException("no " + what + " within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            disconnectQuietly();
            throw new InterruptedIOException("interrupted during " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException cause ? cause : new IOException(e.getCause());
        }
    }

    /**
     * Closes the connection for the guard: what smbj writes after this fails with the same
     * refusal, so that a call between two messages (its answer already taken, its next
     * request not yet written) fails as a refusal too, not as a broken connection.
     */
    void refuse(SmbjWireGuard.Refused why) throws IOException {
        refused = why;
        disconnect();
    }

    @Override
    public void disconnect() throws IOException {
        closed = true;
        AsynchronousSocketChannel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private void disconnectQuietly() {
        try {
            disconnect();
        } catch (IOException e) {
            MsrpcConnectionEnumerator.LOG.debug("closing an SMB connection: {}", e.toString());
        }
    }

    @Override
    public boolean isConnected() {
        AsynchronousSocketChannel c = channel;
        return !closed && c != null && c.isOpen();
    }

    /** One connection's reads: a frame header, then its message, then the next header. */
    private final class Reader implements CompletionHandler<Integer, Void> {
        private final AsynchronousSocketChannel c;
        private final ByteBuffer header = ByteBuffer.allocate(4);
        private ByteBuffer message;

        Reader(AsynchronousSocketChannel c) {
            this.c = c;
        }

        void next() {
            ByteBuffer into = message != null ? message : header;
            try {
                c.read(into, null, this);
            } catch (RuntimeException e) { // the channel closed meanwhile, or the group shut down
                failed(e, null);
            }
        }

        @Override
        public void completed(Integer read, Void nothing) {
            try {
                if (read < 0) {
                    fail(new TransportException("the server closed the connection"));
                } else if (message == null && !header.hasRemaining()) {
                    int length = header.getInt(0);
                    if (length >>> 24 != 0 || length > MAX_FRAME) {
                        fail(new SmbjWireGuard.Refused(length >>> 24 != 0
                                ? String.format("a frame that is not Direct TCP (first byte 0x%02x)", length >>> 24)
                                : "a frame of " + length + " bytes, more than the " + MAX_FRAME + " netconn takes"));
                        return;
                    }
                    message = ByteBuffer.allocate(length);
                    next();
                } else if (message != null && !message.hasRemaining()) {
                    byte[] bytes = message.array();
                    message = null;
                    header.clear();
                    receiver().handle(handlers.getPacketFactory().read(bytes));
                    next();
                } else {
                    next();
                }
            } catch (TransportException e) {
                fail(e);
            } catch (Exception | Error e) { // smbj could not deserialize the frame, or choked on it: close, never hang
                fail(new TransportException(e));
            }
        }

        @Override
        public void failed(Throwable e, Void nothing) {
            if (!closed) {
                fail(e instanceof TransportException t ? t : new TransportException(e));
            }
        }

        private void fail(TransportException e) {
            if (closed) {
                return; // closed here: nobody waits for this connection's answers any more
            }
            disconnectQuietly();
            receiver().handleError(e);
        }

        private PacketReceiver<SMBPacketData<?>> receiver() {
            return handlers.getReceiver();
        }
    }
}
