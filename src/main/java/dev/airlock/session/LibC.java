package dev.airlock.session;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few C library calls the session needs and pty4j has no API (or no fast path) for; JNA direct
 * mapping, bound on first use.
 */
final class LibC {
    static final int EINTR = 4;
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int TCSANOW = 0;
    /** ioctl: how many bytes wait to be read (Linux). */
    static final long FIONREAD = 0x541B;

    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {}

    static native int open(String path, int flags);

    static native int close(int fd);

    static native NativeLong read(int fd, Pointer buffer, NativeLong count) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, int[] result);

    static native int tcgetattr(int fd, byte[] termios);

    static native int tcsetattr(int fd, int when, byte[] termios);
}
