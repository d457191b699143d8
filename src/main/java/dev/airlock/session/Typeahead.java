package dev.airlock.session;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What was typed while a command ran and no program read: it waits in the PTY's input queue. In a
 * plain terminal it becomes the next command line; here it is taken out of the queue when the
 * command ends and handed to airlock's line reader, so it is checked like anything typed at the
 * prompt (the shell never reads the terminal itself). The queue is read with canonical mode off for
 * a moment, which makes a line still being typed readable too. Linux's struct termios layout.
 */
final class Typeahead {
    /** struct termios: four 4-byte flag words, c_line, then c_cc. */
    private static final int LFLAG = 12;
    private static final int CC = 17;
    private static final int ICANON = 0x2;
    private static final int VTIME = 5;
    private static final int VMIN = 6;
    /** At most this much is taken back: more would be a paste into a command that ignored it. */
    static final int MAX = 1 << 20;

    private Typeahead() {}

    /** Takes the unread input out of the terminal {@code device} (e.g. /dev/pts/4); empty when there is none. */
    static byte[] drain(String device) {
        int fd = LibC.open(device, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK);
        if (fd < 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] saved = new byte[64];
        try {
            if (LibC.tcgetattr(fd, saved) != 0) {
                return new byte[0];
            }
            byte[] raw = saved.clone();
            ByteBuffer flags = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
            flags.putInt(LFLAG, flags.getInt(LFLAG) & ~ICANON);
            raw[CC + VMIN] = 0;
            raw[CC + VTIME] = 0;
            if (LibC.tcsetattr(fd, LibC.TCSANOW, raw) != 0) {
                return new byte[0];
            }
            try {
                PtyInput.readAll(fd, out, MAX);
            } finally {
                LibC.tcsetattr(fd, LibC.TCSANOW, saved);
            }
        } finally {
            LibC.close(fd);
        }
        return out.toByteArray();
    }
}
