package dev.airlock.exec;

import dev.airlock.shell.Assign;
import dev.airlock.shell.Command;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import java.util.List;
import java.util.Set;

/**
 * Whether a command text only changes the long-lived shell's own state (`cd src`, `export X=1`,
 * `f() { ...; }`, `set -e`): it runs no program, writes no file and opens no socket, so there is
 * nothing to confine, and it must run in that shell itself or its effect is lost. Everything else
 * the piped shell runs in a sandbox of its own (docs/sandbox.md).
 */
public final class ShellStateOnly {
    private ShellStateOnly() {}

    /**
     * Builtins whose only effect, with static words and no redirection, is on the shell itself. Not
     * `enable` (loads code), `hash` (names the file a program runs from), `source`, `eval`, `exec`,
     * `command`, `builtin` (they run something), nor `trap` (its text runs later, unseen by this check).
     * `jobs`, `fg`, `bg` and `disown` act on jobs the shell already started, each placed when it started.
     */
    private static final Set<String> STATE_BUILTINS = Set.of("cd", "pushd", "popd", "dirs", "export", "set", "shopt",
            "unset", "local", "declare", "typeset", "readonly", "alias", "unalias", "umask", "shift", "exit", "return",
            "break", "continue", "true", "false", ":", "let", "echo", "printf", "test", "[", "wait", "jobs", "fg", "bg",
            "disown");

    /** `compgen -b` of bash 5.2. */
    private static final Set<String> BASH_BUILTINS = Set.of(".", ":", "[", "alias", "bg", "bind", "break", "builtin",
            "caller", "cd", "command", "compgen", "complete", "compopt", "continue", "declare", "dirs", "disown", "echo",
            "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs",
            "kill", "let", "local", "logout", "mapfile", "popd", "printf", "pushd", "pwd", "read", "readarray",
            "readonly", "return", "set", "shift", "shopt", "source", "suspend", "test", "times", "trap", "true", "type",
            "typeset", "ulimit", "umask", "unalias", "unset", "wait");

    public static boolean test(String text) {
        try {
            return all(Parser.parse(text).stmts());
        } catch (ParseError | RuntimeException e) {
            return false; // what cannot be read is confined
        }
    }

    /** True when the text's last command runs in the background (`npm run dev &`). */
    public static boolean endsInBackground(String text) {
        try {
            List<Stmt> stmts = Parser.parse(text).stmts();
            return !stmts.isEmpty() && stmts.get(stmts.size() - 1).background();
        } catch (ParseError | RuntimeException e) {
            return false;
        }
    }

    private static boolean all(List<Stmt> stmts) {
        return stmts.stream().allMatch(ShellStateOnly::stateOnly);
    }

    private static boolean stateOnly(Stmt s) {
        if (s.background() || !s.redirects().isEmpty()) {
            return false; // a background job outlives the check; a redirection opens a file
        }
        Command c = s.command();
        if (c instanceof Command.Function f) {
            // Defining runs nothing; a later call is judged and placed on its own. Not over a builtin
            // or airlock's own names: the lines airlock sends this shell must mean what they say.
            return !BASH_BUILTINS.contains(f.name()) && !f.name().startsWith("__airlock");
        }
        if (c instanceof Command.AndOr a) {
            return all(a.parts());
        }
        if (c instanceof Command.Block b) {
            return all(b.body());
        }
        if (c instanceof Command.Simple simple) {
            return simple(simple);
        }
        return false;
    }

    private static boolean simple(Command.Simple c) {
        for (Assign a : c.assigns()) {
            if (!inert(a.index()) || !inert(a.value())) {
                return false;
            }
        }
        if (c.words().isEmpty()) {
            return true;
        }
        for (Word w : c.words().subList(1, c.words().size())) {
            if (!inert(w)) {
                return false;
            }
        }
        return STATE_BUILTINS.contains(c.words().get(0).literal().orElse(""));
    }

    /**
     * A static word that stays data wherever a builtin puts it. A substitution runs a program; and
     * even quoted, `a[$(cmd)]` runs one when bash evaluates it as arithmetic (an integer variable,
     * `let`, `test -v`, `unset`, `printf -v`), so a subscript or a `$` anywhere is left to the sandbox.
     */
    private static boolean inert(Word w) {
        if (w == null) {
            return true;
        }
        String value = w.literal().orElse(null);
        return value != null && value.indexOf('[') < 0 && value.indexOf('$') < 0 && value.indexOf('`') < 0;
    }
}
