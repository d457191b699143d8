package dev.airlock.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What /proc says about a process: its name, parent and command line. Linux only; absent elsewhere. */
public final class ProcessInfo {
    private ProcessInfo() {}

    public static Optional<Long> parent(long pid) {
        return stat(pid).map(s -> Long.parseLong(s[1]));
    }

    public static Optional<String> name(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(b, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Start time in clock ticks since boot: with the pid, it names a process uniquely. */
    public static Optional<Long> startTime(long pid) {
        return stat(pid).map(s -> Long.parseLong(s[19]));
    }

    /** `claude(4123) > node(4100) > airlock-sh(4188)`, nearest last, at most {@code depth} ancestors. */
    public static List<String> chain(long pid, int depth) {
        List<String> out = new ArrayList<>();
        long p = pid;
        for (int k = 0; k <= depth && p > 1; k++) {
            // One read of /proc/PID/stat gives both the name and the parent: this runs on every command.
            String stat = readStat(p);
            int open = stat == null ? -1 : stat.indexOf('(');
            int close = stat == null ? -1 : stat.lastIndexOf(')');
            if (open < 0 || close < open) {
                out.add(0, "?(" + p + ")");
                break;
            }
            out.add(0, stat.substring(open + 1, close) + "(" + p + ")");
            int ppidStart = close + 4; // ") S " : the state is one character
            int ppidEnd = stat.indexOf(' ', ppidStart);
            try {
                p = Long.parseLong(stat.substring(ppidStart, ppidEnd));
            } catch (RuntimeException e) {
                break;
            }
        }
        return out;
    }

    /** The agent, from the markers agents put in their environment, else from the parent process names. */
    public static String agent(Map<String, String> env, List<String> chain) {
        if ("1".equals(env.get("CLAUDECODE")) || env.containsKey("CLAUDE_CODE_ENTRYPOINT")) {
            return "claude-code";
        }
        if ("1".equals(env.get("CODEX_CI")) || env.containsKey("CODEX_SESSION_ID") || env.containsKey("CODEX_SANDBOX")) {
            return "codex";
        }
        if ("1".equals(env.get("GEMINI_CLI"))) {
            return "gemini-cli";
        }
        if ("1".equals(env.get("OPENCODE"))) {
            return "opencode";
        }
        for (int k = chain.size() - 1; k >= 0; k--) {
            String n = chain.get(k).replaceAll("\\(\\d+\\)$", "");
            if (n.contains("claude")) {
                return "claude-code";
            }
            if (n.contains("codex")) {
                return "codex";
            }
            if (n.contains("gemini")) {
                return "gemini-cli";
            }
            if (n.contains("opencode")) {
                return "opencode";
            }
        }
        return "unknown";
    }

    /** The fields of /proc/PID/stat after the name: [0] state, [1] ppid, ... [19] start time. */
    private static Optional<String[]> stat(long pid) {
        String s = readStat(pid);
        if (s == null) {
            return Optional.empty();
        }
        // The name may hold spaces and parentheses: split after its last closing parenthesis.
        int close = s.lastIndexOf(')');
        return close < 0 ? Optional.empty() : Optional.of(s.substring(close + 2).split(" "));
    }

    private static String readStat(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
