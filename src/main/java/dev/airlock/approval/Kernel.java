package dev.airlock.approval;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The C library calls the approval channel needs and Java has no API for: Unix sockets whose peer's
 * credentials (SO_PEERCRED: pid, uid, gid) can be read, and the process's own resource limits (the
 * guard mark, {@link GuardedTree}). JNA direct mapping, bound on first use; Linux on 64 bits only
 * (`rlim_t` is then 64 bits wide), checked by {@link #supported()}.
 */
final class Kernel {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_PEERCRED = 17;
    static final int SHUT_RDWR = 2;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int RLIMIT_RTTIME = 15;
    static final int EINTR = 4;

    private static final boolean BOUND = bind();

    private Kernel() {}

    private static boolean bind() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            Native.register(Kernel.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** False where these calls cannot be made (not 64-bit Linux, no native library): callers fail closed. */
    static boolean supported() {
        return BOUND;
    }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int connect(int fd, byte[] address, int length) throws LastErrorException;

    static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    static native int listen(int fd, int backlog) throws LastErrorException;

    static native int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

    static native NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    static native NativeLong send(int fd, byte[] buffer, NativeLong count, int flags) throws LastErrorException;

    static native int shutdown(int fd, int how);

    static native int close(int fd);

    static native int getuid();

    /** struct rlimit { rlim_t cur; rlim_t max; } as two 64-bit values. */
    static native int getrlimit(int resource, long[] limit) throws LastErrorException;

    static native int setrlimit(int resource, long[] limit) throws LastErrorException;
}
