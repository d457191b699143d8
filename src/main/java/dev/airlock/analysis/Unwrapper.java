package dev.airlock.analysis;

import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Pos;
import dev.airlock.shell.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the command a wrapper runs and walks it: `sudo`, `env`, `nice`, `timeout` and the other
 * {@link Wrappers}, shells given `-c` or a script on stdin, `eval`, `alias`, `trap`, `mapfile -C`, `source`
 * of stdin, `find -exec` and `xargs`.
 */
final class Unwrapper {
    /** Options that make a program (or the command a wrapper runs) work in another directory. */
    static final Map<String, Set<String>> CHDIR_OPTIONS = Map.of("env", Set.of("-C", "--chdir"),
            "sudo", Set.of("-D", "--chdir"), "git", Set.of("-C"), "make", Set.of("-C", "--directory"),
            "tar", Set.of("-C", "--directory"), "cargo", Set.of("-C"), "go", Set.of("-C"));
    /** A directory given at run time (`env -C "$d"`). */
    private static final String DYNAMIC_DIR = new String("<run-time directory>");
    private static final Set<String> STDIN_PATHS = Set.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

    private final Walk walk;
    /** Reading a zsh or fish text as bash: text that does not parse is that shell's business (it asks). */
    private boolean foreignGrammar;

    Unwrapper(Walk walk) {
        this.walk = walk;
    }

    private static boolean isStdin(Arg a) {
        return a.value() != null && STDIN_PATHS.contains(a.value());
    }

    private static String joined(List<Arg> args, int from) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < args.size(); k++) {
            if (args.get(k).dynamic()) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(args.get(k).value());
        }
        return sb.toString();
    }

    /** Finds and analyses the command a wrapper runs; true when it was found. */
    boolean unwrap(Pos pos, String program, List<Arg> args, ShellState sh, Scope scope, String stdinText) {
        if (Wrappers.SHELLS.contains(program)) {
            return shell(pos, program, args, sh, scope, stdinText);
        }
        if (Wrappers.FOREIGN_SHELLS.contains(program)) {
            // Read as bash where that parses, to find what it surely runs; never transparent (see FOREIGN_SHELLS).
            foreignGrammar = true;
            try {
                shell(pos, program, args, sh, scope, stdinText);
            } finally {
                foreignGrammar = false;
            }
            return false;
        }
        switch (program) {
            case "eval" -> {
                return reparse(pos, joined(args, 0), "eval", sh, scope, Invocation.Origin.EVAL);
            }
            case "alias" -> {
                boolean all = true;
                for (Arg a : args) {
                    if (a.dynamic()) {
                        all = false;
                    } else if (a.value().contains("=")) {
                        all &= reparse(pos, a.value().substring(a.value().indexOf('=') + 1), "alias", sh, scope,
                                Invocation.Origin.ALIAS);
                    }
                }
                return all;
            }
            case "trap" -> {
                // `trap -- 'cmd' EXIT` is `trap 'cmd' EXIT`; `trap -p`, `trap -l` and `trap` alone only print
                List<Arg> rest = !args.isEmpty() && "--".equals(args.get(0).value()) ? args.subList(1, args.size()) : args;
                if (rest.isEmpty() || (rest == args && rest.get(0).isFlag())) {
                    return true;
                }
                return reparse(pos, rest.get(0).value(), "trap", sh, scope, Invocation.Origin.TRAP);
            }
            case "mapfile", "readarray" -> {
                // `mapfile -C CODE`: CODE runs in this shell for every few lines read
                for (int k = 0; k < args.size(); ) {
                    if (!args.get(k).isFlag()) {
                        k++;
                        continue;
                    }
                    Options.Read read = Options.read(args, k, Set.of("-d", "-n", "-O", "-s", "-u", "-C", "-c"));
                    for (Options.Opt o : read.options()) {
                        if (o.name().equals("-C")) {
                            return reparse(pos, o.value(), program, sh, scope, Invocation.Origin.EVAL);
                        }
                    }
                    k = read.next();
                }
                return false;
            }
            case "find" -> {
                return walk.findAndXargs.find(pos, args, sh, scope);
            }
            case "xargs" -> {
                return walk.findAndXargs.xargs(pos, args, sh, scope, stdinText);
            }
            case "source", "." -> {
                // `. /dev/stdin <<< 'text'`, `echo text | source /dev/stdin`
                boolean stdin = args.size() == 1 && isStdin(args.get(0));
                return stdin && stdinText != null
                        && reparse(pos, stdinText, program, sh, scope, Invocation.Origin.HERE_DOCUMENT);
            }
            default -> {
                Wrappers.Spec spec = Wrappers.SPECS.get(program);
                return spec != null && wrapper(pos, program, spec, args, sh, scope);
            }
        }
    }

    private boolean wrapper(Pos pos, String program, Wrappers.Spec spec, List<Arg> args, ShellState shell, Scope scope) {
        List<Assignment> assignments = new ArrayList<>();
        String chdir = null;
        ShellState sh = shell;
        int positionals = spec.positionals();
        for (int k = 0; k < args.size(); k++) {
            Arg a = args.get(k);
            if (a.dynamic()) {
                emitDynamic(pos, a, args.subList(k + 1, args.size()), sh, scope.with(scope.origin(), program));
                return true;
            }
            String v = a.value();
            if (v.equals("--")) {
                return inner(pos, program, spec, rebase(args.subList(k + 1, args.size()), chdir, sh), assignments,
                        in(chdir, sh), scope);
            }
            if (spec.assignments() && v.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                int eq = v.indexOf('=');
                assignments.add(new Assignment(v.substring(0, eq), v.substring(eq + 1), false));
                continue;
            }
            if (program.equals("env") && v.equals("-")) {
                assignments.add(new Assignment(Analyzer.UNSET_ALL, null, true)); // `env - cmd` is `env -i cmd`
                continue;
            }
            if (v.startsWith("-") && v.length() > 1) {
                Options.Read read = Options.read(args, k, spec.takesValue());
                k = read.next() - 1;
                for (Options.Opt o : read.options()) {
                    if (spec.noCommandOptions().contains(o.name())) {
                        return false;
                    }
                    if (spec.shellStringOptions().contains(o.name())) {
                        if (o.value() == null) {
                            emitDynamic(pos, o.arg(), List.of(), sh, scope.with(scope.origin(), program));
                            return true;
                        }
                        return reparse(pos, o.value(), program, sh, scope, Invocation.Origin.SHELL_STRING);
                    }
                    if (CHDIR_OPTIONS.getOrDefault(program, Set.of()).contains(o.name())) {
                        chdir = o.value() == null ? DYNAMIC_DIR : o.value(); // `env -C ~ cat .kube/config`
                    }
                    if (program.equals("env") && (o.name().equals("-u") || o.name().equals("--unset"))) {
                        String name = o.value() == null ? VariableWrites.UNKNOWN_NAME : o.value();
                        assignments.add(new Assignment(name, null, true));
                    } else if (program.equals("env") && (o.name().equals("-i") || o.name().equals("--ignore-environment"))) {
                        assignments.add(new Assignment(Analyzer.UNSET_ALL, null, true));
                    }
                }
                continue;
            }
            if (positionals > 0) {
                positionals--;
                continue;
            }
            if (program.equals("su")) {
                continue; // `su - user`: su runs a command only through -c
            }
            return inner(pos, program, spec, rebase(args.subList(k, args.size()), chdir, sh), assignments,
                    in(chdir, sh), scope);
        }
        // No command: `env` prints the environment, `nice` prints the niceness, `sudo -i` and `su` open a
        // shell. Nothing was unwrapped, so the wrapper itself is the decision.
        if (!assignments.isEmpty()) {
            walk.graph.draft(Invocation.Kind.NO_COMMAND, pos, sh, scope.with(scope.origin(), program))
                    .assignments(assignments).add();
        }
        return false;
    }

    /** Arguments after `-C DIR` (git, make, tar...) read as paths from DIR. */
    List<Arg> chdirArgs(String program, List<Arg> args, ShellState sh) {
        Set<String> options = CHDIR_OPTIONS.get(program);
        for (int k = 0; k < args.size(); k++) {
            String v = args.get(k).value();
            if (v == null) {
                continue;
            }
            String name = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
            if (options.contains(name)) {
                String dir = v.contains("=") ? v.substring(v.indexOf('=') + 1)
                        : k + 1 < args.size() ? args.get(k + 1).value() : null;
                List<Arg> out = new ArrayList<>(args.subList(0, k + 1));
                out.addAll(rebase(args.subList(k + 1, args.size()), dir == null ? DYNAMIC_DIR : dir, sh));
                return out;
            }
        }
        return args;
    }

    /** The shell as seen from {@code dir} (an option like `env -C DIR`), or {@code sh} when there is none. */
    private ShellState in(String dir, ShellState sh) {
        if (dir == null) {
            return sh;
        }
        ShellState moved = sh.copy();
        moved.cwd = dir == DYNAMIC_DIR ? null : walk.paths.absolute(dir, sh.cwd); // the sentinel, by identity
        return moved;
    }

    /** The arguments read as paths from {@code dir} instead of the shell's directory. */
    private List<Arg> rebase(List<Arg> args, String dir, ShellState sh) {
        if (dir == null) {
            return args;
        }
        String cwd = in(dir, sh).cwd;
        List<Arg> out = new ArrayList<>();
        for (Arg a : args) {
            out.add(a.dynamic() ? a
                    : new Arg(a.value(), a.source(), a.pos(), a.glob(), walk.paths.classify(a.value(), a.glob(), cwd)));
        }
        return out;
    }

    private boolean inner(Pos pos, String program, Wrappers.Spec spec, List<Arg> argv,
            List<Assignment> assignments, ShellState sh, Scope scope) {
        if (argv.isEmpty()) {
            return true;
        }
        if (spec.joinsArgsAsShell()) {
            return reparse(pos, joined(argv, 0), program, sh, scope, Invocation.Origin.SHELL_STRING);
        }
        walk.commands.command(pos, argv, List.of(), assignments, sh, scope.with(scope.origin(), program), false, null);
        return true;
    }

    private boolean shell(Pos pos, String program, List<Arg> args, ShellState sh, Scope scope, String stdinText) {
        boolean commandString = false;
        int k = 0;
        if (program.equals("busybox")) {
            if (args.isEmpty() || args.get(0).dynamic() || args.get(0).isFlag()) {
                return false;
            }
            if (!Set.of("sh", "ash", "bash").contains(args.get(0).value())) {
                // `busybox rm -rf /` is rm: the applet is judged as that program (busybox itself still asks)
                walk.commands.command(pos, args, List.of(), List.of(), sh, scope.with(scope.origin(), program), false, null);
                return false;
            }
            k = 1;
        }
        for (; k < args.size(); k++) {
            Arg a = args.get(k);
            if (a.dynamic()) {
                emitDynamic(pos, a, List.of(), sh, scope.with(scope.origin(), program));
                return true;
            }
            String v = a.value();
            if (v.equals("--") || v.equals("-")) {
                k++;
                break;
            }
            if ((v.startsWith("-") || v.startsWith("+")) && v.length() > 1) {
                if (v.equals("--rcfile") || v.equals("--init-file")) {
                    return false; // runs that file first: the shell invocation itself is the decision
                }
                if (SHELL_LONG_OPTIONS.contains(v)) {
                    continue;
                }
                if (Wrappers.SHELL_VALUE_OPTIONS.contains(v)) {
                    k++;
                    continue;
                }
                if (v.startsWith("--")) {
                    continue;
                }
                if (v.indexOf('c') > 0) {
                    commandString = true;
                }
                if (v.indexOf('o') > 0 || v.indexOf('O') > 0) {
                    k++; // a bundle like -eo pipefail takes the next word as the option name
                }
                continue;
            }
            break;
        }
        if (commandString) {
            if (k >= args.size()) {
                return true;
            }
            Arg text = args.get(k);
            if (text.dynamic()) {
                emitDynamic(pos, text, List.of(), sh, scope.with(scope.origin(), program));
                return true;
            }
            // `bash -c 'text' name a b`: name is $0, a and b are $1 and $2
            List<Arg> positional = k + 2 <= args.size() ? args.subList(Math.min(k + 2, args.size()), args.size()) : List.of();
            return reparse(pos, text.value(), program, sh, scope, Invocation.Origin.SHELL_STRING, positional);
        }
        if (k < args.size() && !(k + 1 == args.size() && isStdin(args.get(k)))) {
            return false; // runs a script file: the shell invocation itself is the decision
        }
        if (stdinText != null) {
            return reparse(pos, stdinText, program, sh, scope, Invocation.Origin.HERE_DOCUMENT);
        }
        return false; // reads commands from stdin: decided by what feeds it
    }

    private static final Set<String> SHELL_LONG_OPTIONS = Set.of("--login", "--noprofile", "--norc",
            "--posix", "--restricted", "--verbose", "--version", "--help", "--debugger", "--dump-strings",
            "--dump-po-strings", "--noediting", "--pretty-print");


    private boolean reparse(Pos pos, String text, String wrapper, ShellState sh, Scope scope, Invocation.Origin origin) {
        return reparse(pos, text, wrapper, sh, scope, origin, null);
    }

    /** {@code positional}: `$1 $2 ...` of a new shell (`bash -c 'text' name a b`), or null to keep this shell's. */
    private boolean reparse(Pos pos, String text, String wrapper, ShellState sh, Scope scope, Invocation.Origin origin,
            List<Arg> positional) {
        if (text == null) {
            emitDynamic(pos, null, List.of(), sh, scope.with(origin, wrapper));
            return true;
        }
        if (scope.reparseDepth() >= Analyzer.MAX_REPARSE_DEPTH) {
            walk.graph.limit("commands nested in shell strings deeper than " + Analyzer.MAX_REPARSE_DEPTH + " levels");
            return false;
        }
        Script inner;
        try {
            inner = Parser.parse(text);
        } catch (ParseError e) {
            if (!foreignGrammar) {
                walk.graph.limit("the text given to " + wrapper + " does not parse: " + e.getMessage());
            }
            return false;
        }
        Scope innerScope = scope.deeper(origin, wrapper);
        walk.functions.collectFunctions(inner.stmts());
        // An `eval` or alias runs in the current shell; `bash -c` in a child with the same directory and
        // none of this shell's functions.
        ShellState target = origin == Invocation.Origin.EVAL ? sh : sh.copy();
        if (origin == Invocation.Origin.SHELL_STRING || origin == Invocation.Origin.HERE_DOCUMENT) {
            target.defined.clear();
        }
        if (positional != null) {
            target.positional = List.copyOf(positional);
        }
        walk.flow.list(inner.stmts(), target, innerScope);
        return true;
    }

    void emitDynamic(Pos pos, Arg word, List<Arg> rest, ShellState sh, Scope scope) {
        walk.graph.draft(Invocation.Kind.DYNAMIC, pos, sh, scope).word(word == null ? null : word.source())
                .args(rest).add();
    }
}
