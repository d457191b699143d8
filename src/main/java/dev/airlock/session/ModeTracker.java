package dev.airlock.session;

import java.util.TreeSet;

/**
 * Follows the terminal modes that the shell's programs switch on and off (DEC private modes such
 * as the alternate screen, a hidden cursor, mouse reporting, bracketed paste, application keypad),
 * so the session can switch off what a program left on when it ends while the program still runs.
 */
final class ModeTracker {
    /** The modes a program may leave behind, and that are off in a terminal's normal state. */
    private static final int[] TRACKED = {1, 47, 1000, 1002, 1003, 1005, 1006, 1015, 1047, 1049, 2004};

    private enum State { GROUND, ESC, CSI }

    private final TreeSet<Integer> on = new TreeSet<>();
    private boolean cursorHidden;
    private boolean keypad;
    private State state = State.GROUND;
    private final StringBuilder params = new StringBuilder();

    void feed(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            switch (state) {
                case GROUND:
                    if (c == 0x1b) {
                        state = State.ESC;
                    }
                    break;
                case ESC:
                    if (c == '[') {
                        state = State.CSI;
                        params.setLength(0);
                    } else {
                        if (c == '=') {
                            keypad = true;
                        } else if (c == '>') {
                            keypad = false;
                        }
                        state = c == 0x1b ? State.ESC : State.GROUND;
                    }
                    break;
                case CSI:
                    if (c >= 0x40 && c <= 0x7e) {
                        if ((c == 'h' || c == 'l') && params.length() > 0 && params.charAt(0) == '?') {
                            modes(params.substring(1), c == 'h');
                        }
                        state = State.GROUND;
                    } else if (params.length() < 64) {
                        params.append((char) c);
                    } else {
                        state = State.GROUND;
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void modes(String list, boolean set) {
        for (String p : list.split(";")) {
            int mode;
            try {
                mode = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                continue;
            }
            if (mode == 25) {
                cursorHidden = !set;
            } else if (set) {
                on.add(mode);
            } else {
                on.remove(mode);
            }
        }
    }

    /** The sequence that switches off every tracked mode still on, and resets colours. */
    String reset() {
        StringBuilder sb = new StringBuilder();
        for (int mode : TRACKED) {
            if (on.contains(mode)) {
                sb.append("\u001b[?").append(mode).append('l');
            }
        }
        if (cursorHidden) {
            sb.append("\u001b[?25h");
        }
        if (keypad) {
            sb.append("\u001b>");
        }
        on.clear();
        cursorHidden = false;
        keypad = false;
        return sb.append("\u001b[0m").toString();
    }
}
