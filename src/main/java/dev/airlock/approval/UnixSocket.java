package dev.airlock.approval;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Unix stream socket opened through the C library, so that the kernel's record of the process at the
 * other end (SO_PEERCRED) can be read for this very connection: Java's own channels give the user but
 * not the pid. One end of one connection (or a listening socket); reads block, and {@link #shutdown()}
 * from another thread wakes them, as does an interrupt of the reading thread (Ctrl-C withdrawing a
 * request), which closes the socket as Java's own channels do.
 */
public final class UnixSocket extends AbstractInterruptibleChannel implements ByteChannel {
    /** sun_path in struct sockaddr_un holds 108 bytes, the terminating NUL included. */
    private static final int MAX_PATH = 107;

    private final int fd;
    private boolean closed;
    /** Calls in progress on {@link #fd}: the descriptor is released only when none is, so no call reaches a reused number. */
    private int users;
    private boolean released;
    private final byte[] ahead = new byte[1 << 16];
    private int aheadStart;
    private int aheadEnd;

    /** The kernel's record of the peer: the process that called connect() or listen(), as it was then. */
    public record Credentials(long pid, long uid, long gid) {}

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to the socket at {@code path}. */
    public static UnixSocket connect(Path path) throws IOException {
        byte[] address = address(path);
        int fd = open();
        try {
            Kernel.connect(fd, address, address.length);
            return new UnixSocket(fd);
        } catch (LastErrorException e) {
            Kernel.close(fd);
            throw error("cannot connect to " + path, e);
        }
    }

    /** Binds a new listening socket to {@code path}, which must not exist. */
    public static UnixSocket listen(Path path) throws IOException {
        byte[] address = address(path);
        int fd = open();
        try {
            Kernel.bind(fd, address, address.length);
            Kernel.listen(fd, 64);
            return new UnixSocket(fd);
        } catch (LastErrorException e) {
            Kernel.close(fd);
            throw error("cannot listen on " + path, e);
        }
    }

    /** Waits for the next connection; an IOException once the socket is shut down or closed. */
    public UnixSocket accept() throws IOException {
        int fd = enter();
        try {
            while (true) {
                boolean done = false;
                try {
                    begin();
                    UnixSocket accepted = new UnixSocket(Kernel.accept4(fd, null, null, Kernel.SOCK_CLOEXEC));
                    done = true;
                    return accepted;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Kernel.EINTR) {
                        throw error("accept", e);
                    }
                } finally {
                    end(done);
                }
            }
        } finally {
            leave();
        }
    }

    /** Who is at the other end, as the kernel recorded it; pid 0 when that process is in a PID namespace we cannot see. */
    public Credentials peer() throws IOException {
        int[] cred = new int[3];
        int fd = enter();
        try {
            Kernel.getsockopt(fd, Kernel.SOL_SOCKET, Kernel.SO_PEERCRED, cred, new int[] {12});
        } catch (LastErrorException e) {
            throw error("SO_PEERCRED", e);
        } finally {
            leave();
        }
        return new Credentials(cred[0], Integer.toUnsignedLong(cred[1]), Integer.toUnsignedLong(cred[2]));
    }

    /**
     * Reads what has arrived, at most what {@code dst} holds; -1 at the end of the stream. Reads ahead into
     * a buffer of its own, so the protocol's byte-at-a-time line reading costs one call per chunk.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (ahead) {
            if (aheadStart == aheadEnd) {
                int n = fill();
                if (n <= 0) {
                    return n == 0 && dst.remaining() == 0 ? 0 : -1;
                }
            }
            int n = Math.min(dst.remaining(), aheadEnd - aheadStart);
            dst.put(ahead, aheadStart, n);
            aheadStart += n;
            return n;
        }
    }

    private int fill() throws IOException {
        int fd = enter();
        try {
            while (true) {
                int n = -1;
                try {
                    begin();
                    n = Kernel.read(fd, ahead, new NativeLong(ahead.length)).intValue();
                    aheadStart = 0;
                    aheadEnd = Math.max(n, 0);
                    return n;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Kernel.EINTR) {
                        throw error("read", e);
                    }
                } finally {
                    end(n > 0);
                }
            }
        } finally {
            leave();
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        byte[] buf = new byte[src.remaining()];
        src.get(buf);
        int off = 0;
        int fd = enter();
        try {
            while (off < buf.length) {
                byte[] rest = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, buf.length);
                try {
                    // MSG_NOSIGNAL: a peer that went away is an error here, not a SIGPIPE for the JVM.
                    off += Kernel.send(fd, rest, new NativeLong(rest.length), Kernel.MSG_NOSIGNAL).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Kernel.EINTR) {
                        throw error("write", e);
                    }
                }
            }
        } finally {
            leave();
        }
        return buf.length;
    }

    /** Ends both directions: a read or accept blocked in another thread returns. The descriptor stays open. */
    public void shutdown() {
        synchronized (this) {
            if (!closed) {
                Kernel.shutdown(fd, Kernel.SHUT_RDWR);
            }
        }
    }

    /** Closes it; closing never fails in a way a caller could act on (the kernel frees the descriptor anyway). */
    public void release() {
        try {
            close();
        } catch (IOException ignored) {
            // implCloseChannel throws nothing
        }
    }

    @Override
    protected synchronized void implCloseChannel() {
        if (closed) {
            return;
        }
        closed = true;
        // A thread blocked in read or accept returns at the shutdown; the last call to leave releases the descriptor.
        Kernel.shutdown(fd, Kernel.SHUT_RDWR);
        if (users == 0) {
            freeDescriptor();
        }
    }

    private synchronized int enter() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
        users++;
        return fd;
    }

    private synchronized void leave() {
        users--;
        if (closed && users == 0) {
            freeDescriptor();
        }
    }

    private void freeDescriptor() {
        if (!released) {
            released = true;
            Kernel.close(fd);
        }
    }

    private static int open() throws IOException {
        if (!Kernel.supported()) {
            throw new IOException("Unix sockets with peer credentials need Linux on 64 bits");
        }
        try {
            return Kernel.socket(Kernel.AF_UNIX, Kernel.SOCK_STREAM | Kernel.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw error("socket", e);
        }
    }

    /** struct sockaddr_un: the family in native byte order, then the path and its NUL. */
    private static byte[] address(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > MAX_PATH || name.length == 0) {
            throw new IOException("socket path too long for a Unix socket (" + name.length + " bytes, at most "
                    + MAX_PATH + "): " + path);
        }
        ByteBuffer b = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
        b.putShort((short) Kernel.AF_UNIX).put(name).put((byte) 0);
        return b.array();
    }

    private static IOException error(String what, LastErrorException e) {
        return new IOException(what + ": " + e.getMessage());
    }
}
