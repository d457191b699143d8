package dev.airlock.session;

import com.pty4j.PtyProcess;
import com.pty4j.unix.UnixPtyProcess;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.InputStream;

/**
 * What a pty4j process prints, read straight from the PTY's master with one reused native buffer.
 * pty4j's own stream polls, allocates and copies a buffer of the requested size on every read,
 * which held a `cat` through the session to a few MB/s. Blocking; the end is the EIO a master
 * reads once no process holds the terminal any more.
 */
public final class PtyInput extends InputStream {
    private final int fd;
    private final int size;
    private final Memory buffer;

    private PtyInput(int fd, int size) {
        this.fd = fd;
        this.size = size;
        this.buffer = new Memory(size);
    }

    /** The output of {@code process}, read fast; pty4j's own stream when the process is not a Unix PTY. */
    public static InputStream of(PtyProcess process) {
        return process instanceof UnixPtyProcess u ? new PtyInput(u.getPty().getMasterFD(), 65536) : process.getInputStream();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /** Blocks for the first bytes, then takes what else is already waiting: fewer, larger writes downstream. */
    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int want = Math.min(len, size);
        int total = readSome(0, want);
        if (total <= 0) {
            return -1;
        }
        int[] waiting = new int[1];
        while (total < want && LibC.ioctl(fd, new NativeLong(LibC.FIONREAD), waiting) == 0 && waiting[0] > 0) {
            int n = readSome(total, Math.min(waiting[0], want - total));
            if (n <= 0) {
                break;
            }
            total += n;
        }
        buffer.read(0, b, off, total);
        return total;
    }

    /** One read(2) into the buffer at {@code at}; -1 at the end (EIO), or when nothing waits on a non-blocking fd. */
    private int readSome(int at, int count) {
        while (true) {
            try {
                long n = LibC.read(fd, buffer.share(at), new NativeLong(count)).longValue();
                return n <= 0 ? -1 : (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    return -1; // EIO: nobody holds the terminal open any more (EAGAIN: nothing waits)
                }
            }
        }
    }

    /** Reads the non-blocking terminal {@code fd} until nothing more is waiting, at most {@code max} bytes. */
    static void readAll(int fd, java.io.ByteArrayOutputStream out, int max) {
        PtyInput in = new PtyInput(fd, 4096);
        byte[] b = new byte[4096];
        int n;
        while (out.size() < max && (n = in.read(b, 0, Math.min(b.length, max - out.size()))) > 0) {
            out.write(b, 0, n);
        }
    }
}
