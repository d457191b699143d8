package dev.airlock.analysis;

import dev.airlock.shell.Assign;
import dev.airlock.shell.Command;
import dev.airlock.shell.Pos;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Word;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One simple command: its words expanded, its redirections, then what the command word names: a function
 * (walked with its arguments), a program or builtin (with the builtin's effects on the shell), a wrapper
 * (unwrapped), or a word known only at run time.
 */
final class Commands {
    /** Function calls followed deeper than this are refused rather than followed. */
    private static final int MAX_INLINE_DEPTH = 8;
    private static final Set<String> OWN_LAUNCHERS = Set.of("airlock", "airlock-sh");

    private final Walk walk;

    Commands(Walk walk) {
        this.walk = walk;
    }

    void simple(Command.Simple cmd, List<Redirect> stmtRedirects, ShellState sh, Scope scope) {
        String piped = walk.flow.takePipedText();
        List<Integer> feedIn = new ArrayList<>();
        List<Integer> fedBy = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        Set<String> numeric = new HashSet<>();
        for (Assign a : cmd.assigns()) {
            int from = walk.graph.size();
            Substitutions.Found subs = walk.substitutions.substitutions(a.value(), sh, scope);
            feedIn.addAll(subs.feedIn());
            if (walk.substitutions.numericWord(a.value(), from)) {
                numeric.add(a.name());
            }
            if (a.index() != null) {
                walk.substitutions.arithmetic(a.index(), sh, scope, feedIn, new ArrayList<>()); // `a[i]=v` evaluates i
            }
            assignments.add(new Assignment(a.name(), walk.words.resolve(a.value(), sh), false));
        }
        List<Arg> argv = new ArrayList<>();
        for (Word w : cmd.words()) {
            Substitutions.Found subs = walk.substitutions.substitutions(w, sh, scope);
            feedIn.addAll(subs.feedIn());
            fedBy.addAll(subs.fedBy());
            argv.addAll(walk.words.args(w, sh));
        }
        StringBuilder stdinText = new StringBuilder();
        List<RedirectFact> facts = walk.redirections.redirects(stmtRedirects, sh, scope, feedIn, stdinText);
        if (piped != null && stmtRedirects.stream().noneMatch(r -> r.fd() == null && !r.op().writes())) {
            stdinText.append(piped);
        }
        int start = walk.graph.size();
        if (argv.isEmpty()) {
            walk.graph.draft(Invocation.Kind.NO_COMMAND, cmd.pos(), sh, scope).redirects(facts).assignments(assignments)
                    .add();
            for (Assignment as : assignments) {
                sh.assign(as.name(), as.value());
                if (numeric.contains(as.name()) && as.value() == null) {
                    sh.numeric.add(as.name());
                }
            }
        } else {
            command(cmd.pos(), argv, facts, assignments, sh, scope, false,
                    stdinText.length() > 0 ? stdinText.toString() : null);
        }
        for (int k = start; k < walk.graph.size(); k++) {
            for (int in : feedIn) {
                walk.graph.feed(in, k);
            }
            for (int o : fedBy) {
                walk.graph.feed(k, o);
            }
        }
    }

    /** Emits one command and whatever it runs in turn. */
    void command(Pos pos, List<Arg> argv, List<RedirectFact> facts, List<Assignment> assignments,
            ShellState sh, Scope scope, boolean inputDependent, String stdinText) {
        Arg first = argv.get(0);
        List<Arg> rest = argv.subList(1, argv.size());
        if (first.dynamic() || first.glob()) {
            walk.graph.draft(Invocation.Kind.DYNAMIC, pos, sh, scope).word(first.source()).args(rest)
                    .redirects(facts).assignments(assignments).inputDependent(inputDependent).add();
            return;
        }
        String word = first.value();
        // `./x` or `bin/tool` runs a file from a directory, not the program of that name on PATH;
        // an absolute path such as `/bin/rm` is that program.
        String program = word.contains("/") && !word.startsWith("/") ? word : baseName(word);
        if (!program.equals(baseName(word)) && OWN_LAUNCHERS.contains(baseName(word))) {
            // `./bin/airlock console` may be airlock's launcher: judged as airlock too (its denies apply),
            // while the file itself stays a file from a directory (a look-alike script never runs unasked).
            walk.graph.draft(Invocation.Kind.COMMAND, pos, sh, scope).program(baseName(word)).word(word).args(rest)
                    .inputDependent(inputDependent).add();
        }
        if (hasHiddenCharacters(word)) {
            walk.graph.draft(Invocation.Kind.DYNAMIC, pos, sh, scope).word(word).args(rest).redirects(facts)
                    .assignments(assignments).inputDependent(inputDependent).add();
            return;
        }
        if (scope.inFunctions().contains(word)) {
            walk.graph.draft(Invocation.Kind.RECURSIVE_CALL, pos, sh, scope).program(program).word(word).args(rest)
                    .redirects(facts).assignments(assignments).inputDependent(inputDependent).unwrapped().add();
            return;
        }
        if (walk.functions.contains(word) && runsInAShell(scope)) {
            walk.graph.draft(Invocation.Kind.FUNCTION_CALL, pos, sh, scope).program(program).word(word).args(rest)
                    .redirects(facts).assignments(assignments).inputDependent(inputDependent).unwrapped().add();
            Command.Function def = walk.functions.definition(word);
            if (def != null) {
                ShellState body = sh.copy();
                body.positional = inputDependent ? null : List.copyOf(rest);
                body.inlineDepth++;
                if (body.inlineDepth > MAX_INLINE_DEPTH) {
                    walk.graph.limit("function calls nested deeper than " + MAX_INLINE_DEPTH + " levels");
                    return;
                }
                walk.flow.stmt(def.body(), body, scope.inFunction(word));
            }
            if (sh.defined.contains(word)) {
                return;
            }
            // `rm -rf ~; rm() { :; }` or `if false; then rm() { :; }; fi; rm -rf ~`: the definition may
            // not be in effect here, so the program of that name may run instead: judge it as well.
        }
        if (!walk.harnessOwned.isEmpty() && (program.equals("source") || program.equals(".")) && rest.size() == 1
                && (rest.get(0).classes().contains(PathClass.SHELL_STARTUP)
                        || walk.harnessOwns(rest.get(0).value(), sh.cwd))) {
            // An agent's start-up script reads the user's own shell start-up files, as any login shell does.
            walk.graph.draft(Invocation.Kind.NO_COMMAND, pos, sh, scope).redirects(facts).assignments(assignments)
                    .add();
            return;
        }
        if (Unwrapper.CHDIR_OPTIONS.containsKey(program) && !Wrappers.SPECS.containsKey(program)) {
            rest = walk.unwrapper.chdirArgs(program, rest, sh); // `git -C ~ show --no-index .ssh/config`
        }
        int self = walk.graph.size();
        walk.graph.draft(Invocation.Kind.COMMAND, pos, sh, scope).program(program).word(word).args(rest)
                .redirects(facts).assignments(withVariableWrites(program, rest, assignments))
                .inputDependent(inputDependent).add();
        walk.builtins.builtinEvaluations(program, rest, sh, scope);
        if (program.equals("shopt") && rest.stream().anyMatch(a -> "-s".equals(a.value()))) {
            // from here on bash matches `*` against dotfiles, or ignores case; a run-time option name may be either
            boolean any = rest.stream().anyMatch(Arg::dynamic);
            walk.paths = walk.paths.withGlobOptions(any || rest.stream().anyMatch(a -> "dotglob".equals(a.value())),
                    any || rest.stream().anyMatch(a -> "nocaseglob".equals(a.value())));
        }
        boolean unwrapped = walk.unwrapper.unwrap(pos, program, rest, sh, scope, stdinText);
        if (unwrapped) {
            walk.graph.markUnwrapped(self);
        }
        if (runsInAShell(scope)) {
            walk.builtins.trackDirectory(program, rest, sh);
            walk.builtins.trackVariables(program, rest, sh);
            walk.builtins.trackPositional(program, rest, sh, stdinText);
        }
    }

    /**
     * True when a shell runs the command itself, so its functions and builtins apply (`cd` moves it, `read`
     * sets its variables): at the top, in text a shell runs (`eval`, `trap`, an alias, `bash -c`), or
     * under `time`. `command`, `builtin`, `exec` and external wrappers (`env`, `sudo`, `xargs`,
     * `find -exec`) never call a function, and a `cd` they run moves nothing.
     */
    private boolean runsInAShell(Scope scope) {
        if (scope.wrappers().isEmpty()) {
            return true;
        }
        String last = scope.wrappers().get(scope.wrappers().size() - 1);
        return Set.of("eval", "trap", "alias", "time").contains(last)
                || (Wrappers.SHELLS.contains(last) && scope.origin() != Invocation.Origin.XARGS);
    }

    /** `export NAME=...`, `unset NAME`, `read NAME`, `printf -v NAME` change variables just as `NAME=...` does. */
    private List<Assignment> withVariableWrites(String program, List<Arg> args, List<Assignment> assignments) {
        List<Assignment> writes = VariableWrites.of(program, args);
        if (writes.isEmpty()) {
            return assignments;
        }
        List<Assignment> out = new ArrayList<>(assignments);
        out.addAll(writes);
        return out;
    }

    /** Control, bidirectional-override and zero-width characters make what a person sees differ from what runs. */
    static boolean hasHiddenCharacters(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x200b && c <= 0x200f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff) {
                return true;
            }
        }
        return false;
    }

    static String baseName(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 && slash < word.length() - 1 ? word.substring(slash + 1) : word;
    }
}
