package dev.airlock.sandbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A seccomp filter (classic BPF, as bwrap's `--seccomp FD` reads it) that lets a confined command
 * make only network sockets that stay in its own network namespace (INET, INET6, NETLINK): no
 * Unix-domain sockets, no VSOCK, nothing else; only stream socketpairs; no io_uring, which could
 * make sockets behind the filter's back; no kernel keyrings (the session's credentials). On an
 * architecture it does not know, every system call fails. No `TIOCSTI` or `TIOCLINUX` ioctl either:
 * they push keys into a terminal, which a command that keeps its terminal (`airlock session`) has. A read-only mount does not
 * stop connect() on a socket file, and sockets live wherever programs put them (the home, the
 * workspace): ssh and gpg agents, editors' servers, rootless Docker. Without AF_UNIX sockets, a
 * confined command reaches none of them, wherever they are. Stream socketpairs stay: pipes between
 * a program's own processes are not a way out.
 */
public final class UnixSocketFilter {
    private static final int LD_ABS_W = 0x20;
    private static final int JEQ = 0x15;
    private static final int JGE = 0x35;
    private static final int RET = 0x06;
    private static final int ALLOW = 0x7fff0000;
    private static final int ERRNO_EACCES = 0x00050000 | 13;
    private static final int ARCH_X86_64 = 0xC000003E;
    private static final int ARCH_AARCH64 = 0xC00000B7;
    private static final int ARCH_I386 = 0x40000003;
    private static final int ALU_AND = 0x54;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int AF_NETLINK = 16;
    private static final int SOCK_STREAM = 1;
    private static final int IO_URING_SETUP = 425; // the same number on every architecture
    private static final int TIOCSTI = 0x5412;
    private static final int TIOCLINUX = 0x541C;

    private UnixSocketFilter() {}

    /** One instruction; a jump names its targets by label, resolved in {@link #program}. */
    private record Insn(int code, String jt, String jf, int k, String label) {}

    private static final List<Insn> CODE = List.of(
            new Insn(LD_ABS_W, null, null, 4, null),                        // seccomp_data.arch
            new Insn(JEQ, "x86", null, ARCH_X86_64, null),
            new Insn(JEQ, "arm", null, ARCH_AARCH64, null),
            new Insn(JEQ, "i386", "deny", ARCH_I386, null),                 // an architecture not known here: nothing runs
            new Insn(LD_ABS_W, null, null, 0, "x86"),                       // seccomp_data.nr
            new Insn(JGE, "deny", null, 0x40000000, null),                  // the x32 ABI
            new Insn(JEQ, "family", null, 41, null),                        // socket
            new Insn(JEQ, "pair", null, 53, null),                          // socketpair
            new Insn(JEQ, "deny", null, 248, null),                         // add_key
            new Insn(JEQ, "deny", null, 249, null),                         // request_key
            new Insn(JEQ, "deny", null, 250, null),                         // keyctl
            new Insn(JEQ, "ioctl", null, 16, null),                         // ioctl
            new Insn(JEQ, "deny", "allow", IO_URING_SETUP, null),
            new Insn(LD_ABS_W, null, null, 0, "arm"),
            new Insn(JEQ, "family", null, 198, null),                       // socket
            new Insn(JEQ, "pair", null, 199, null),                         // socketpair
            new Insn(JEQ, "deny", null, 217, null),                         // add_key
            new Insn(JEQ, "deny", null, 218, null),                         // request_key
            new Insn(JEQ, "deny", null, 219, null),                         // keyctl
            new Insn(JEQ, "ioctl", null, 29, null),                         // ioctl
            new Insn(JEQ, "deny", "allow", IO_URING_SETUP, null),
            new Insn(LD_ABS_W, null, null, 0, "i386"),
            new Insn(JEQ, "deny", null, 102, null),                         // socketcall: every socket call
            new Insn(JEQ, "family", null, 359, null),                       // socket
            new Insn(JEQ, "pair", null, 360, null),                         // socketpair
            new Insn(JEQ, "deny", null, 286, null),                         // add_key
            new Insn(JEQ, "deny", null, 287, null),                         // request_key
            new Insn(JEQ, "deny", null, 288, null),                         // keyctl
            new Insn(JEQ, "ioctl", null, 54, null),                         // ioctl
            new Insn(JEQ, "deny", "allow", IO_URING_SETUP, null),
            // socket(): only the families that stay inside the sandbox's network namespace.
            new Insn(LD_ABS_W, null, null, 16, "family"),                   // args[0], low half
            new Insn(JEQ, "allow", null, AF_INET, null),
            new Insn(JEQ, "allow", null, AF_INET6, null),
            new Insn(JEQ, "allow", "deny", AF_NETLINK, null),
            // socketpair(): stream pairs only; a datagram one could be connected to a named socket.
            new Insn(LD_ABS_W, null, null, 24, "pair"),                     // args[1] (the type), low half
            new Insn(ALU_AND, null, null, 0xf, null),                       // without SOCK_NONBLOCK, SOCK_CLOEXEC
            new Insn(JEQ, "allow", "deny", SOCK_STREAM, null),
            // ioctl(): the request is an unsigned int to the kernel, so its low half is all of it.
            new Insn(LD_ABS_W, null, null, 24, "ioctl"),                    // args[1] (the request), low half
            new Insn(JEQ, "deny", null, TIOCSTI, null),
            new Insn(JEQ, "deny", "allow", TIOCLINUX, null),
            new Insn(RET, null, null, ALLOW, "allow"),
            new Insn(RET, null, null, ERRNO_EACCES, "deny"));

    /** The filter as `struct sock_filter[]` in this machine's byte order. */
    public static byte[] program() {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < CODE.size(); i++) {
            if (CODE.get(i).label() != null) {
                at.put(CODE.get(i).label(), i);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(CODE.size() * 8).order(ByteOrder.nativeOrder());
        for (int i = 0; i < CODE.size(); i++) {
            Insn in = CODE.get(i);
            b.putShort((short) in.code());
            b.put((byte) (in.jt() == null ? 0 : at.get(in.jt()) - i - 1));
            b.put((byte) (in.jf() == null ? 0 : at.get(in.jf()) - i - 1));
            b.putInt(in.k());
        }
        return b.array();
    }

    /**
     * The filter in a file of {@code dir} (airlock's state directory), written when missing or not
     * this program: bwrap reads it from a descriptor that the launcher opens on it.
     */
    public static Path file(Path dir) throws IOException {
        Path f = dir.resolve("sandbox/unix-sockets.bpf");
        byte[] want = program();
        if (Files.isRegularFile(f) && Arrays.equals(Files.readAllBytes(f), want)) {
            return f;
        }
        PrivateFiles.write(f, want);
        return f;
    }
}
