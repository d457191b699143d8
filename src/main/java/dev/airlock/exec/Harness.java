package dev.airlock.exec;

import dev.airlock.shell.Assign;
import dev.airlock.shell.Command;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Script;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the text agents wrap around the model's command (DESIGN: the agents' harnesses) by
 * the shape of its syntax tree, and returns the model's command. Only an exact shape counts:
 * anything else in the text makes it an ordinary command, classified whole. What the harness
 * itself does (source the agent's own snapshot, set shell options, save and restore variables,
 * write the cwd or background pids to the agent's own temp file) is harmless by construction.
 */
public final class Harness {
    private static final Pattern CLAUDE_SNAPSHOT =
            Pattern.compile(".*/\\.claude/shell-snapshots/snapshot-(bash|zsh)-[0-9]+-[A-Za-z0-9]+\\.sh");
    private static final Pattern CLAUDE_CWD_FILE = Pattern.compile("/tmp/claude-[0-9a-f]+-cwd");
    private static final Pattern GEMINI_BGPIDS = Pattern.compile("/tmp/gemini-shell-[A-Za-z0-9]+/bgpids\\.tmp");
    private static final Pattern CODEX_SNAPSHOT = Pattern.compile(".*/\\.codex/shell_snapshots/[A-Za-z0-9._-]+\\.sh");
    private static final Pattern CODEX_VAR = Pattern.compile("__CODEX_SNAPSHOT_[A-Z_]+(_[0-9]+)?");
    private static final Pattern CODEX_PATH = Pattern.compile("/[^:\\s]*/codex-path");
    private static final String GEMINI_SUFFIX = "\n)\n__code=$?\nexit $__code";
    /** Variables the Codex prelude may restore; never ones that would unguard the shell. */
    private static final Set<String> FORBIDDEN_EXPORTS = Set.of("SHELL", "BASH_ENV", "ENV", "PATH", "LD_PRELOAD",
            "LD_LIBRARY_PATH", "PROMPT_COMMAND", "CLAUDE_CODE_SHELL", "HOME", "IFS");

    private Harness() {}

    /** Files agents own: their shell snapshots. Only their start-up scripts may write them. */
    public static final List<String> AGENT_OWNED = List.of("/**/.claude/shell-snapshots/**",
            "/**/.codex/shell_snapshots/**");

    /**
     * Which harness, and the model's command inside it; {@code agent} is null when the text is not a
     * harness. {@code startup} marks an agent's own start-up script (classified whole, allowed to write
     * its snapshot); {@code execsShell} marks Codex's form, which starts the shim again for the command.
     */
    public record Unwrapped(String agent, String command, boolean execsShell, boolean startup,
            List<String> sandboxFiles, List<String> sandboxDirs, String execTarget) {
        public Unwrapped {
            sandboxFiles = List.copyOf(sandboxFiles);
            sandboxDirs = List.copyOf(sandboxDirs);
        }

        public Unwrapped(String agent, String command, boolean execsShell, boolean startup,
                List<String> sandboxFiles, List<String> sandboxDirs) {
            this(agent, command, execsShell, startup, sandboxFiles, sandboxDirs, null);
        }

        public Unwrapped(String agent, String command, boolean execsShell, boolean startup) {
            this(agent, command, execsShell, startup, List.of(), List.of());
        }

        /**
         * True when the text only execs this installation's airlock-sh for the command, which then
         * decides and confines it itself; any other program named there is no such promise.
         */
        public boolean execsAirlock(java.nio.file.Path install) {
            if (!execsShell || execTarget == null || install == null) {
                return false;
            }
            try {
                return java.nio.file.Files.isSameFile(java.nio.file.Path.of(execTarget), install.resolve("bin/airlock-sh"));
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        }

        public Unwrapped(String agent, String command, boolean execsShell) {
            this(agent, command, execsShell, false);
        }

        public boolean recognised() {
            return agent != null;
        }

        public List<String> owned() {
            return startup ? AGENT_OWNED : List.of();
        }
    }

    public static Unwrapped recognise(String text) {
        Script script;
        try {
            script = Parser.parse(text);
        } catch (ParseError e) {
            return new Unwrapped(null, text, false);
        }
        return claude(script).or(() -> gemini(script, text)).or(() -> codex(script)).or(() -> startup(script, text))
                .orElse(new Unwrapped(null, text, false));
    }

    // [source SNAP 2>/dev/null || true &&] shopt -u extglob 2>/dev/null || true && eval 'C' [< /dev/null] && pwd -P >| /tmp/claude-X-cwd
    // Claude Code leaves out the `source` pair when its snapshot is missing (it could not be written,
    // or was cleaned away): it then starts the shell with -l instead.
    private static Optional<Unwrapped> claude(Script s) {
        if (s.stmts().size() != 1 || !(s.stmts().get(0).command() instanceof Command.AndOr a)
                || s.stmts().get(0).background()) {
            return Optional.empty();
        }
        List<Stmt> p = a.parts();
        if (p.size() == 6 && a.ops().equals(List.of("||", "&&", "||", "&&", "&&"))) {
            boolean source = words(p.get(0), 2).filter(w -> (w.get(0).equals("source") || w.get(0).equals("."))
                            && CLAUDE_SNAPSHOT.matcher(w.get(1)).matches()).isPresent()
                    && onlyDevNull(p.get(0))
                    && words(p.get(1), 1).filter(w -> w.get(0).equals("true")).isPresent() && p.get(1).redirects().isEmpty();
            if (!source) {
                return Optional.empty();
            }
            p = p.subList(2, 6);
        } else if (p.size() != 4 || !a.ops().equals(List.of("||", "&&", "&&"))) {
            return Optional.empty();
        }
        boolean shape = (words(p.get(0), 3).filter(w -> w.equals(List.of("shopt", "-u", "extglob"))).isPresent()
                        || words(p.get(0), 3).filter(w -> w.equals(List.of("setopt", "NO_EXTENDED_GLOB",
                                "NO_BARE_GLOB_QUAL"))).isPresent())
                && onlyDevNull(p.get(0))
                && words(p.get(1), 1).filter(w -> w.get(0).equals("true")).isPresent() && p.get(1).redirects().isEmpty()
                && words(p.get(3), 2).filter(w -> w.equals(List.of("pwd", "-P"))).isPresent()
                && p.get(3).redirects().size() == 1
                && p.get(3).redirects().get(0).op() == Redirect.Op.CLOBBER
                && p.get(3).redirects().get(0).target().literal().filter(t -> CLAUDE_CWD_FILE.matcher(t).matches()).isPresent();
        if (!shape || !(p.get(2).command() instanceof Command.Simple eval) || !eval.assigns().isEmpty()
                || eval.words().size() != 2 || !"eval".equals(eval.words().get(0).literal().orElse(null))) {
            return Optional.empty();
        }
        for (Redirect r : p.get(2).redirects()) {
            if (r.op() != Redirect.Op.IN || !"/dev/null".equals(r.target().literal().orElse(null))) {
                return Optional.empty();
            }
        }
        // `eval 'C'` runs C with stdin from /dev/null when Claude added `< /dev/null`: the same for classification.
        // Claude Code reads its cwd file after the command: a confined run writes it through.
        String cwdFile = p.get(3).redirects().get(0).target().literal().orElseThrow();
        return eval.words().get(1).literal().map(c -> new Unwrapped("claude-code", c, false, false,
                List.of(cwdFile), List.of()));
    }

    // shopt -u ...; _bgpids_file=/tmp/gemini-shell-X/bgpids.tmp \n ( \n trap 'jobs -p > "$_bgpids_file"' EXIT \n C \n ) \n __code=$? \n exit $__code
    private static Optional<Unwrapped> gemini(Script s, String text) {
        List<Stmt> st = s.stmts();
        if (st.size() != 5 || !text.endsWith(GEMINI_SUFFIX)) {
            return Optional.empty();
        }
        boolean shape = words(st.get(0), -1).filter(w -> w.size() >= 3 && w.get(0).equals("shopt") && w.get(1).equals("-u")
                        && w.subList(2, w.size()).stream().allMatch(o -> o.matches("[a-z_]+"))).isPresent()
                && singleAssign(st.get(1), "_bgpids_file").filter(v -> GEMINI_BGPIDS.matcher(v).matches()).isPresent()
                && st.get(2).command() instanceof Command.Subshell
                && st.get(2).redirects().isEmpty() && !st.get(2).background()
                && isAssignOfStatus(st.get(3))
                && st.get(4).redirects().isEmpty() && st.get(4).command() instanceof Command.Simple ex
                && ex.assigns().isEmpty()
                && ex.words().size() == 2 && "exit".equals(ex.words().get(0).literal().orElse(null))
                && ex.words().get(1).parts().size() == 1 && ex.words().get(1).parts().get(0) instanceof WordPart.Param pe
                && pe.name().equals("__code") && pe.op().isEmpty();
        if (!shape) {
            return Optional.empty();
        }
        List<Stmt> body = ((Command.Subshell) st.get(2).command()).body();
        if (body.isEmpty() || !isGeminiTrap(body.get(0))) {
            return Optional.empty();
        }
        String marker = "trap 'jobs -p > \"$_bgpids_file\"' EXIT\n";
        int start = text.indexOf(marker);
        if (start < 0) {
            return Optional.empty();
        }
        String command = text.substring(start + marker.length(), text.length() - GEMINI_SUFFIX.length());
        // Gemini CLI's file of background pids: inside a sandbox the jobs end with the command, and their
        // pids are the sandbox's own, so the file is written into a private directory that Gemini never sees.
        String pidsDir = singleAssign(st.get(1), "_bgpids_file").map(v -> v.substring(0, v.lastIndexOf('/'))).orElseThrow();
        return Optional.of(new Unwrapped("gemini-cli", command, false, false, List.of(), List.of(pidsDir)));
    }

    private static boolean isGeminiTrap(Stmt s) {
        if (!(s.command() instanceof Command.Simple t) || t.words().size() != 3 || !s.redirects().isEmpty()) {
            return false;
        }
        return "trap".equals(t.words().get(0).literal().orElse(null))
                && "jobs -p > \"$_bgpids_file\"".equals(t.words().get(1).literal().orElse(null))
                && "EXIT".equals(t.words().get(2).literal().orElse(null));
    }

    // <prelude that saves/restores variables and sources the snapshot> \n exec 'S' -c 'C'
    private static Optional<Unwrapped> codex(Script s) {
        List<Stmt> st = s.stmts();
        if (st.size() < 2) {
            return Optional.empty();
        }
        Stmt last = st.get(st.size() - 1);
        Optional<List<String>> exec = words(last, 4);
        if (exec.isEmpty() || !exec.get().get(0).equals("exec") || !exec.get().get(2).equals("-c")
                || !last.redirects().isEmpty() || !isShellPath(exec.get().get(1))) {
            return Optional.empty();
        }
        for (int k = 0; k < st.size() - 1; k++) {
            if (!codexPreludeStatement(st.get(k))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Unwrapped("codex", exec.get().get(3), true, false, List.of(), List.of(), exec.get().get(1)));
    }

    /**
     * Start-up scripts: Claude Code's snapshot writer (`SNAPSHOT_FILE=<its snapshot>` first), Codex's
     * snapshot capture (sources ~/.bashrc when BASH_ENV is unset, then prints the shell state), and
     * Codex's `set -e; . <its snapshot>`. They are still classified whole; only writing their own
     * snapshot and sourcing the user's start-up files are let through.
     */
    private static Optional<Unwrapped> startup(Script s, String text) {
        List<Stmt> st = s.stmts();
        if (st.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> claudeSnapshot = singleAssign(st.get(0), "SNAPSHOT_FILE")
                .filter(v -> CLAUDE_SNAPSHOT.matcher(v).matches());
        if (claudeSnapshot.isPresent()) {
            // Its snapshot is written through a sandbox: Claude Code sources it before every command.
            return Optional.of(new Unwrapped("claude-code", text, false, true, claudeSnapshot.map(List::of).get(), List.of()));
        }
        if (text.startsWith("if [ -z \"${BASH_ENV-}\" ] && [ -n \"${HOME-}\" ] && [ -r \"$HOME/.bashrc\" ]; then\n"
                + "  . \"$HOME/.bashrc\"\nfi\necho '# Snapshot file'\n")) {
            return Optional.of(new Unwrapped("codex", text, false, true));
        }
        if (st.size() == 2 && words(st.get(0), 2).filter(w -> w.equals(List.of("set", "-e"))).isPresent()
                && words(st.get(1), 2).filter(w -> w.get(0).equals(".")
                        && w.get(1).matches(".*/\\.codex/shell_snapshots/[A-Za-z0-9._-]+")).isPresent()) {
            return Optional.of(new Unwrapped("codex", text, false, true));
        }
        return Optional.empty();
    }

    /** For diagnostics and tests: the first statement of a Codex-shaped text that is not prelude, or -1. */
    static int firstNonPrelude(String text) throws ParseError {
        List<Stmt> st = Parser.parse(text).stmts();
        for (int k = 0; k < st.size() - 1; k++) {
            if (!codexPreludeStatement(st.get(k))) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isShellPath(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith("/") && (Set.of("bash", "zsh", "sh", "dash", "ksh", "airlock-sh").contains(base)
                || base.matches("[A-Za-z0-9_.-]+"));
    }

    /** A statement of the Codex prelude: saving, restoring or unsetting variables, or sourcing its snapshot. */
    private static boolean codexPreludeStatement(Stmt s) {
        if (s.negated() || s.background()) {
            return false;
        }
        for (Redirect r : s.redirects()) {
            if (!isDevNullOrDup(r)) {
                return false;
            }
        }
        return s.command().accept(PRELUDE);
    }

    /** Codex's prelude is simple commands, `&&` lists and `if`s of them; any other command is not the prelude. */
    private static final Command.Visitor<Boolean> PRELUDE = new Command.Partial<>() {
        @Override
        protected Boolean otherwise(Command c) {
            return false;
        }

        @Override
        public Boolean visitSimple(Command.Simple simple) {
            if (simple.words().isEmpty()) {
                return !simple.assigns().isEmpty() && simple.assigns().stream().allMatch(Harness::codexSave);
            }
            return codexSimple(simple);
        }

        @Override
        public Boolean visitAndOr(Command.AndOr a) {
            return a.parts().stream().allMatch(Harness::codexPreludeStatement);
        }

        @Override
        public Boolean visitIf(Command.If f) {
            for (Command.Branch b : f.branches()) {
                if (!b.condition().stream().allMatch(Harness::codexCondition)
                        || !b.body().stream().allMatch(Harness::codexPreludeStatement)) {
                    return false;
                }
            }
            return f.elseBody().stream().allMatch(Harness::codexPreludeStatement);
        }
    };

    private static boolean codexCondition(Stmt s) {
        return s.command().accept(new Command.Partial<Boolean>() {
            @Override
            protected Boolean otherwise(Command c) {
                return false;
            }

            @Override
            public Boolean visitSimple(Command.Simple simple) {
                if (!simple.assigns().isEmpty()) {
                    return false;
                }
                List<Word> w = simple.words();
                if (w.size() == 2 && (".".equals(lit(w.get(0))) || "source".equals(lit(w.get(0))))) {
                    String path = lit(w.get(1));
                    return path != null && CODEX_SNAPSHOT.matcher(path).matches()
                            && s.redirects().stream().allMatch(Harness::isDevNullOrDup);
                }
                return !w.isEmpty() && "[".equals(lit(w.get(0))) && s.redirects().isEmpty();
            }

            @Override
            public Boolean visitAndOr(Command.AndOr a) {
                return a.parts().stream().allMatch(Harness::codexCondition);
            }
        });
    }

    private static boolean codexSimple(Command.Simple simple) {
        if (!simple.assigns().isEmpty()) {
            return false;
        }
        List<Word> w = simple.words();
        String first = lit(w.get(0));
        if (first == null) {
            return false;
        }
        int k = 1;
        String verb = first;
        if ((first.equals("builtin") || first.equals("command")) && w.size() > 1) {
            verb = lit(w.get(1));
            k = 2;
        }
        if (verb == null) {
            return false;
        }
        if (verb.equals(":") && w.size() == 1) {
            return true;
        }
        if (verb.equals("unset")) {
            return w.subList(k, w.size()).stream().map(Harness::lit)
                    .allMatch(n -> n != null && n.matches("[A-Za-z_][A-Za-z0-9_]*") && !FORBIDDEN_EXPORTS.contains(n));
        }
        if (verb.equals("export") && k == 1 && w.size() == 2) {
            return codexExport(w.get(1));
        }
        return false;
    }

    /** `export NAME`, `export NAME="${__CODEX_SNAPSHOT_...}"`, or the PATH prepend of Codex's helper directory. */
    private static boolean codexExport(Word word) {
        String raw = dev.airlock.shell.Printer.word(word);
        int eq = raw.indexOf('=');
        String name = eq < 0 ? raw : raw.substring(0, eq);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return false;
        }
        if (eq < 0) {
            return !FORBIDDEN_EXPORTS.contains(name);
        }
        String value = raw.substring(eq + 1);
        if (name.equals("PATH")) {
            String dir = value.replace(":\"$PATH\"", "").replace("'", "");
            return value.matches("'(/[^':]*/codex-path)'(:\"\\$PATH\")?") && CODEX_PATH.matcher(dir).matches();
        }
        return !FORBIDDEN_EXPORTS.contains(name) && value.matches("\"\\$\\{__CODEX_SNAPSHOT_[A-Z_]+_[0-9]+\\}\"");
    }

    private static boolean codexSave(Assign a) {
        if (!CODEX_VAR.matcher(a.name()).matches() || a.index() != null || a.append()) {
            return false;
        }
        List<WordPart> parts = a.value().parts();
        if (parts.size() != 1 || !(parts.get(0) instanceof WordPart.DoubleQuoted dq) || dq.parts().size() != 1
                || !(dq.parts().get(0) instanceof WordPart.Param p)) {
            return false;
        }
        return p.braced() && p.prefix().isEmpty() && p.index() == null
                && ((p.op().equals("+") && p.arg() != null && "x".equals(lit(p.arg())))
                        || (p.op().equals("-") && p.arg() != null && p.arg().parts().isEmpty()));
    }

    private static boolean isDevNullOrDup(Redirect r) {
        String t = lit(r.target());
        return r.hereDoc() == null && t != null
                && (t.equals("/dev/null") || (r.op() == Redirect.Op.DUP_OUT && t.matches("[0-9]")));
    }

    private static boolean isAssignOfStatus(Stmt s) {
        return s.command() instanceof Command.Simple simple && simple.words().isEmpty() && simple.assigns().size() == 1
                && simple.assigns().get(0).name().equals("__code")
                && simple.assigns().get(0).value().parts().size() == 1
                && simple.assigns().get(0).value().parts().get(0) instanceof WordPart.Param p && p.name().equals("?")
                && s.redirects().isEmpty();
    }

    private static Optional<String> singleAssign(Stmt s, String name) {
        if (s.command() instanceof Command.Simple simple && simple.words().isEmpty() && simple.assigns().size() == 1
                && simple.assigns().get(0).name().equals(name) && s.redirects().isEmpty()) {
            return simple.assigns().get(0).value().literal();
        }
        return Optional.empty();
    }

    private static boolean onlyDevNull(Stmt s) {
        return s.redirects().size() == 1 && isDevNullOrDup(s.redirects().get(0));
    }

    /** The static words of a plain simple command with exactly {@code n} words (any number when n < 0). */
    private static Optional<List<String>> words(Stmt s, int n) {
        if (!(s.command() instanceof Command.Simple simple) || !simple.assigns().isEmpty() || s.negated()
                || s.background() || (n >= 0 && simple.words().size() != n) || simple.words().isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new java.util.ArrayList<>();
        for (Word w : simple.words()) {
            String v = lit(w);
            if (v == null) {
                return Optional.empty();
            }
            out.add(v);
        }
        return Optional.of(out);
    }

    private static String lit(Word w) {
        return w.literal().orElse(null);
    }
}
