package dev.airlock.analysis;

import dev.airlock.shell.Pos;
import java.util.List;

/**
 * One simple command that would run, after unwrapping: its program, arguments, redirections and
 * where it came from. {@code program} is the base name of the command word, or null when the
 * command word is dynamic or absent.
 */
public record Invocation(
        int id,
        Kind kind,
        Pos pos,
        String program,
        String commandWord,
        List<Arg> args,
        List<RedirectFact> redirects,
        List<Assignment> assignments,
        List<String> wrappers,
        Origin origin,
        String cwd,
        boolean inputDependent,
        boolean unwrapped,
        List<String> hosts) {

    public Invocation {
        args = List.copyOf(args);
        redirects = List.copyOf(redirects);
        assignments = List.copyOf(assignments);
        wrappers = List.copyOf(wrappers);
        hosts = List.copyOf(hosts);
    }

    public enum Kind {
        /** A program, builtin or command found by name. */
        COMMAND,
        /** The command word is built at run time (`$x`, `$(echo rm)`). */
        DYNAMIC,
        /** A function defined in the same text: its body is analysed where it is defined. */
        FUNCTION_CALL,
        /** A function calling itself, as fork bombs do. */
        RECURSIVE_CALL,
        /** No command word: assignments or redirections alone (`x=1`, `> file`), or a compound's redirections. */
        NO_COMMAND,
        /**
         * Text bash evaluates as code although it looks like data: arithmetic on a value set at run time,
         * `${!x}`, `${x@P}`, a variable name with a subscript (EvaluatedText).
         */
        EVALUATED
    }

    /** True when the command this one runs (a wrapper's, `bash -c`'s, `eval`'s) was found and analysed too. */
    public boolean transparent() {
        return unwrapped;
    }

    /** How the text that holds this command reached the shell. */
    public enum Origin { TOP, SUBSTITUTION, SHELL_STRING, EVAL, HERE_DOCUMENT, FIND_EXEC, XARGS, ALIAS, TRAP }

    /** A short rendering for explanations: `rm -rf /`. */
    public String display() {
        StringBuilder sb = new StringBuilder(commandWord == null ? (program == null ? "" : program) : commandWord);
        for (Arg a : args) {
            sb.append(sb.length() > 0 ? " " : "").append(a.value() == null ? a.source() : a.value());
        }
        return sb.toString();
    }
}
