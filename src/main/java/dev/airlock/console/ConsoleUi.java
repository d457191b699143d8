package dev.airlock.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The approver's full-screen view: pending requests oldest first, the selected one in detail, the
 * last decisions, and one key per answer. Decisions come only from these keys, never from a socket.
 */
final class ConsoleUi {
    private enum Mode { NORMAL, NOTE, CONFIRM_QUIT, HELP, CONFIRM_ALWAYS }

    private final Terminal terminal;
    private final Display display;
    private final Queue queue;
    private final Path socket;
    private final boolean color;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Mode mode = Mode.NORMAL;
    private int selected;
    private boolean explain;
    private final StringBuilder note = new StringBuilder();
    private String message = "";
    private int seenRequests;

    private final Path userPolicy;
    private RememberedRule proposed;
    private Pending proposedFor;

    /** What the console must tell the person about its socket (something else answered there); empty for nothing. */
    private java.util.function.Supplier<String> notice = () -> "";

    ConsoleUi notice(java.util.function.Supplier<String> notice) {
        this.notice = notice;
        return this;
    }

    ConsoleUi(Terminal terminal, Queue queue, Path socket, Path userPolicy, boolean color) {
        this.userPolicy = userPolicy;
        this.terminal = terminal;
        this.display = new Display(terminal, true);
        this.queue = queue;
        this.socket = socket;
        this.color = color;
    }

    /** Runs until the person quits; returns the exit status. */
    int run() throws IOException {
        Attributes saved = terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.handle(Terminal.Signal.WINCH, s -> events.add("resize"));
        terminal.handle(Terminal.Signal.INT, s -> events.add("quit"));
        queue.onChange(() -> events.add("change"));
        Thread keys = new Thread(this::readKeys, "console-keys");
        keys.setDaemon(true);
        keys.start();
        try {
            resize();
            while (true) {
                render();
                String e;
                try {
                    e = events.poll(500, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ex) {
                    return 1;
                }
                if (e == null) {
                    continue; // redraw the waiting times
                }
                // Handle everything that is waiting before drawing again: a flood of requests draws once.
                List<String> batch = new ArrayList<>();
                batch.add(e);
                events.drainTo(batch);
                boolean changed = false;
                for (String ev : batch) {
                    if (ev.equals("resize")) {
                        resize();
                    } else if (ev.equals("change")) {
                        changed = true;
                    } else if (handle(ev)) {
                        return 0;
                    }
                }
                if (changed) {
                    arrived();
                }
            }
        } finally {
            for (Pending p : queue.pending()) {
                p.answer(false, "the approval console was closed");
            }
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.setAttributes(saved);
            terminal.flush();
        }
    }

    private void readKeys() {
        KeyMap<String> map = new KeyMap<>();
        for (char c = ' '; c < 127; c++) {
            map.bind(String.valueOf(c), String.valueOf(c));
        }
        map.bind("up", KeyMap.key(terminal, Capability.key_up));
        map.bind("down", KeyMap.key(terminal, Capability.key_down));
        map.bind("up", "\033[A");
        map.bind("down", "\033[B");
        map.bind("enter", "\r");
        map.bind("enter", "\n");
        map.bind("backspace", KeyMap.del());
        map.bind("backspace", "\b");
        map.bind("escape", KeyMap.esc());
        map.bind("quit", KeyMap.ctrl('C'));
        map.setAmbiguousTimeout(100);
        BindingReader reader = new BindingReader(terminal.reader());
        while (true) {
            String op = reader.readBinding(map);
            if (op == null) {
                events.add("quit");
                return;
            }
            events.add(op);
        }
    }

    /** Rings the bell and raises a desktop notification for each new request. */
    private void arrived() {
        queue.settle();
        List<Pending> pending = queue.pending();
        int total = pending.size() + queue.history().size();
        if (total > seenRequests && !pending.isEmpty()) {
            terminal.puts(Capability.bell);
            notifyDesktop(pending.get(pending.size() - 1));
        }
        seenRequests = total;
        if (selected >= pending.size()) {
            selected = Math.max(0, pending.size() - 1);
        }
    }

    private static void notifyDesktop(Pending p) {
        try {
            new ProcessBuilder("notify-send", "airlock: approval needed",
                    Visible.of(p.request.command()).replace("&", "&amp;").replace("<", "&lt;"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // no notify-send here: the bell is enough
        }
    }

    /** True when the console should close. */
    private boolean handle(String op) {
        queue.settle();
        List<Pending> pending = queue.pending();
        Pending current = pending.isEmpty() ? null : pending.get(Math.min(selected, pending.size() - 1));
        switch (mode) {
            case NOTE -> {
                if (op.equals("enter")) {
                    if (current != null) {
                        decide(current, false, note.toString().strip());
                    }
                    mode = Mode.NORMAL;
                } else if (op.equals("escape")) {
                    mode = Mode.NORMAL;
                    message = "note cancelled";
                } else if (op.equals("backspace")) {
                    if (note.length() > 0) {
                        note.setLength(note.length() - 1);
                    }
                } else if (op.length() == 1 && note.length() < 500) {
                    note.append(op);
                }
                return false;
            }
            case CONFIRM_QUIT -> {
                if (op.equals("y")) {
                    return true;
                }
                mode = Mode.NORMAL;
                message = "";
                return false;
            }
            case HELP -> {
                mode = Mode.NORMAL;
                return false;
            }
            case CONFIRM_ALWAYS -> {
                if (op.equals("enter") && proposedFor != null) {
                    try {
                        proposed.save(userPolicy);
                        boolean sent = proposedFor.answer(true, null, "always");
                        message = sent ? "saved to " + userPolicy + ": " + proposed.describe()
                                : "saved, but the request was withdrawn";
                    } catch (java.io.IOException e) {
                        message = "could not save the rule (" + e.getMessage() + "); nothing was approved";
                    }
                } else {
                    message = "approve always cancelled";
                }
                mode = Mode.NORMAL;
                proposed = null;
                proposedFor = null;
                queue.settle();
                return false;
            }
            default -> {
                return normalKey(op, pending, current);
            }
        }
    }

    private boolean normalKey(String op, List<Pending> pending, Pending current) {
        switch (op) {
            case "y" -> decide(current, true, null);
            case "w" -> {
                if (current != null && current.request.sandboxes().contains("workspace")) {
                    decide(current, true, null, "workspace");
                } else if (current != null) {
                    message = "no sandbox can be had for this request; use y or n";
                }
            }
            case "n" -> decide(current, false, null);
            case "d" -> {
                if (current != null) {
                    note.setLength(0);
                    mode = Mode.NOTE;
                }
            }
            case "a" -> {
                if (current != null) {
                    var rule = RememberedRule.propose(current.request);
                    if (rule.isEmpty()) {
                        message = "approve always is offered for one plain command with fixed words only; use y";
                    } else {
                        proposed = rule.get();
                        proposedFor = current;
                        mode = Mode.CONFIRM_ALWAYS;
                    }
                }
            }
            case "e" -> explain = !explain;
            case "j", "down" -> selected = Math.min(selected + 1, Math.max(0, pending.size() - 1));
            case "k", "up" -> selected = Math.max(0, selected - 1);
            case "?" -> mode = Mode.HELP;
            case "q", "quit" -> {
                if (pending.isEmpty()) {
                    return true;
                }
                mode = Mode.CONFIRM_QUIT;
            }
            default -> { }
        }
        return false;
    }

    private void decide(Pending p, boolean approve, String withNote) {
        decide(p, approve, withNote, null);
    }

    private void decide(Pending p, boolean approve, String withNote, String sandbox) {
        if (p == null) {
            message = "nothing is waiting";
            return;
        }
        boolean sent = p.answer(approve, withNote == null || withNote.isEmpty() ? null : withNote, "once", sandbox);
        message = sent ? (approve ? "approved" + (sandbox == null ? "" : " (" + runsIn(sandbox) + ")") + ": " : "denied: ")
                + p.request.command() : "too late: the request was withdrawn";
        queue.settle();
    }

    /** A profile in the words the person reads. */
    private static String runsIn(String sandbox) {
        return switch (sandbox) {
            case "workspace" -> "confined to the workspace, no network";
            case "read-only" -> "read-only, no network";
            default -> "unconfined";
        };
    }

    private void resize() {
        Size size = terminal.getSize();
        display.resize(Math.max(5, size.getRows()), Math.max(20, size.getColumns()));
        display.clear();
    }

    private void render() {
        queue.settle();
        Size size = terminal.getSize();
        int width = Math.max(20, size.getColumns());
        int rows = Math.max(5, size.getRows());
        List<AttributedString> lines = new ArrayList<>();
        List<Pending> pending = queue.pending();
        long now = System.currentTimeMillis();
        lines.add(styled("airlock console: " + pending.size() + " waiting   (" + socket + ")", AttributedStyle.BOLD));
        String told = notice.get();
        if (told.isEmpty()) {
            lines.add(AttributedString.EMPTY);
        } else {
            // Said in full, over as many lines as it takes: the person must be able to read what happened.
            StringBuilder line = new StringBuilder();
            for (String word : ("warning: " + told).split("\\s+")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(styled(line.toString(), AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
                    line.setLength(0);
                }
                line.append(line.length() == 0 ? "" : " ").append(word);
            }
            lines.add(styled(line.toString(), AttributedStyle.BOLD.foreground(AttributedStyle.RED)));
            lines.add(AttributedString.EMPTY);
        }
        if (mode == Mode.HELP) {
            for (String h : List.of("y  approve once, as proposed (the runs: line)", "w  approve once, confined to the workspace (no network)", "n  deny", "d  deny with a note the agent sees (Enter sends, Esc cancels)",
                    "a  approve always: shows the rule (exact command, this directory) and saves it on Enter", "e  show every reason", "j/k or arrows  select",
                    "q  quit (pending requests are denied)", "", "any key to go back")) {
                lines.add(plain("  " + h));
            }
        } else if (pending.isEmpty()) {
            lines.add(plain("  nothing is waiting"));
        } else {
            // A window of the queue around the selection, so the header and details stay on screen.
            int window = Math.max(3, rows - 22);
            int first = Math.max(0, Math.min(selected - window / 2, pending.size() - window));
            int last = Math.min(pending.size(), first + window);
            if (first > 0) {
                lines.add(plain("  (" + first + " more above)"));
            }
            for (int k = first; k < last; k++) {
                Pending p = pending.get(k);
                long waited = (now - p.receivedAtMillis) / 1000;
                long left = Math.max(0, p.request.timeoutSeconds() - waited);
                String line = (k == selected ? "> " : "  ") + (k + 1) + ". " + oneLine(p.request.command())
                        + "   [" + p.request.agent() + ", waiting " + waited + "s, " + left + "s left]";
                lines.add(k == selected ? styled(line, AttributedStyle.BOLD.inverse()) : plain(line));
            }
            if (last < pending.size()) {
                lines.add(plain("  (" + (pending.size() - last) + " more below)"));
            }
            Pending p = pending.get(Math.min(selected, pending.size() - 1));
            lines.add(AttributedString.EMPTY);
            lines.add(commandLine(p.request));
            lines.add(plain("cwd:     " + p.request.cwd()));
            lines.add(plain("from:    " + String.join(" > ", p.request.processChain())));
            if (!p.request.sandboxes().isEmpty()) {
                lines.add(plain("runs:    " + runsIn(p.request.sandboxes().get(0)) + (p.request.sandboxes().contains("workspace")
                        && !p.request.sandboxes().get(0).equals("workspace") ? "   (w: approve confined to the workspace)" : "")));
            }
            List<String> reasons = p.request.reasons();
            for (int k = 0; k < reasons.size() && (explain || k < 3); k++) {
                String rule = k < p.request.rules().size() ? p.request.rules().get(k) : "";
                lines.add(styled("ask     " + rule + ": " + reasons.get(k), AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)));
            }
            if (!explain && reasons.size() > 3) {
                lines.add(plain("        (" + (reasons.size() - 3) + " more: e)"));
            }
        }
        lines.add(AttributedString.EMPTY);
        lines.add(styled("recent:", AttributedStyle.BOLD));
        for (Pending h : queue.history().subList(0, Math.min(5, queue.history().size()))) {
            String what = switch (h.state()) {
                case APPROVED -> "approved ";
                case DENIED -> "denied   ";
                default -> "withdrawn";
            };
            lines.add(plain("  " + what + " " + oneLine(h.request.command())
                    + (h.note() == null ? "" : "  (note: " + h.note() + ")")));
        }
        while (lines.size() < rows - 2) {
            lines.add(AttributedString.EMPTY);
        }
        if (mode == Mode.NOTE) {
            lines.add(styled("note for the agent (Enter sends, Esc cancels): " + note, AttributedStyle.BOLD));
        } else if (mode == Mode.CONFIRM_ALWAYS && proposed != null) {
            lines.add(styled("approve always: " + proposed.describe() + "?  Enter saves to " + userPolicy
                    + ", Esc cancels", AttributedStyle.BOLD));
        } else if (mode == Mode.CONFIRM_QUIT) {
            lines.add(styled("quit and deny " + pending.size() + " waiting request(s)? y/n", AttributedStyle.BOLD));
        } else {
            lines.add(plain(message));
        }
        lines.add(styled("y approve  w in workspace  n deny  d deny with note  a always  e explain  j/k  ? help  q quit",
                AttributedStyle.DEFAULT.faint()));
        List<AttributedString> fitted = new ArrayList<>();
        for (AttributedString l : lines.subList(Math.max(0, lines.size() - rows), lines.size())) {
            fitted.add(l.columnSubSequence(0, width));
        }
        display.update(fitted, -1);
        terminal.flush();
    }

    /** The command with the words behind the decision marked (underlined, and red where colour is on). */
    private AttributedString commandLine(dev.airlock.approval.Protocol.Request r) {
        String command = r.command();
        boolean[] marked = new boolean[command.length()];
        for (int[] h : r.highlights()) {
            for (int k = h[0]; k < h[1] && k < marked.length; k++) {
                marked[k] = true;
            }
        }
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.style(AttributedStyle.BOLD).append("command: ");
        AttributedStyle mark = color ? AttributedStyle.BOLD.underline().foreground(AttributedStyle.RED)
                : AttributedStyle.BOLD.underline();
        for (int k = 0; k < command.length() && k < 300; k++) {
            char c = command.charAt(k);
            String shown = Visible.shown(c);
            b.style(marked[k] ? mark : AttributedStyle.BOLD).append(shown != null ? shown : String.valueOf(c));
        }
        return b.toAttributedString();
    }

    /** Every line goes through here or {@link #styled}: text from a request never reaches the terminal raw. */
    private AttributedString plain(String s) {
        return new AttributedString(Visible.of(s));
    }

    private AttributedString styled(String s, AttributedStyle style) {
        String v = Visible.of(s);
        return color ? new AttributedStringBuilder().style(style).append(v).toAttributedString() : new AttributedString(v);
    }

    private static String oneLine(String s) {
        String t = s.replace("\n", "\\n").replace("\r", "\\r");
        return t.length() > 200 ? t.substring(0, 197) + "..." : t;
    }
}
