package dev.airlock.analysis;

import java.util.List;
import java.util.Set;

/**
 * What builtins do to the shell's state (`cd`, `export`, `read`, `set --`, `shift`) and the text they evaluate
 * as code (`let`, `declare -i`, names with subscripts given to `read`, `unset`, `printf -v`, `test -v`).
 */
final class Builtins {
    private final Walk walk;

    Builtins(Walk walk) {
        this.walk = walk;
    }

    /**
     * Builtins that evaluate their arguments: `let` and `declare -i` values are arithmetic; names given to
     * `read`, `unset`, `declare`, `mapfile`, `printf -v`, `wait -p`, `test -v` may carry a subscript.
     */
    void builtinEvaluations(String program, List<Arg> args, ShellState sh, Scope scope) {
        switch (program) {
            case "let" -> args.forEach(a -> walk.substitutions.arithmeticText(a, sh, scope));
            case "declare", "typeset", "local", "export", "readonly", "read", "unset", "mapfile", "readarray" -> {
                boolean integer = args.stream().anyMatch(a -> a.value() != null && a.value().matches("-[A-Za-z]*i[A-Za-z]*"));
                for (Arg a : args) {
                    if (a.isFlag()) {
                        continue;
                    }
                    if (a.dynamic()) {
                        continue; // a run-time name is an assignment to `?`, which asks
                    }
                    int eq = a.value().indexOf('=');
                    nameOperand(eq < 0 ? a : withValue(a, a.value().substring(0, eq)), sh, scope);
                    if (integer && eq >= 0) {
                        walk.substitutions.arithmeticText(withValue(a, a.value().substring(eq + 1)), sh, scope);
                    }
                }
            }
            case "printf", "wait" -> {
                String option = program.equals("printf") ? "-v" : "-p";
                for (int k = 0; k + 1 < args.size(); k++) {
                    if (option.equals(args.get(k).value()) && !args.get(k + 1).dynamic()) {
                        nameOperand(args.get(k + 1), sh, scope);
                    }
                }
            }
            case "test", "[" -> {
                for (int k = 0; k + 1 < args.size(); k++) {
                    if ("-v".equals(args.get(k).value())) {
                        nameOperand(args.get(k + 1), sh, scope);
                    }
                }
            }
            default -> { }
        }
    }

    private Arg withValue(Arg a, String value) {
        return new Arg(value, a.source(), a.pos(), false, Set.of());
    }

    /** A word bash reads as a variable name: one with a subscript holding expansions runs them. */
    void nameOperand(Arg a, ShellState sh, Scope scope) {
        if (a.dynamic() || EvaluatedText.name(a.value())) {
            walk.graph.draft(Invocation.Kind.EVALUATED, a.pos(), sh, scope).word(a.source()).add();
        }
    }

    /** `export x=1` and `local x=1` set variables; `read x`, `unset x` and the like make them unknown. */
    void trackVariables(String program, List<Arg> args, ShellState sh) {
        boolean declaration = VariableWrites.isDeclaration(program);
        for (Assignment as : VariableWrites.of(program, args)) {
            if (as.name().equals(VariableWrites.UNKNOWN_NAME)) {
                sh.vars.replaceAll((name, value) -> null); // any variable may have changed
                sh.numeric.clear();
            } else if (declaration && !as.unset()) {
                sh.assign(as.name(), as.value());
            } else {
                sh.vars.put(as.name(), null);
                sh.numeric.remove(as.name());
            }
        }
    }

    /**
     * `set -- a b` and `shift` change `$1 $2 ...`; `read x <<< text` sets x to the text's first line.
     * What is not known statically makes them unknown.
     */
    void trackPositional(String program, List<Arg> args, ShellState sh, String stdinText) {
        if (program.equals("set")) {
            int k = 0;
            while (k < args.size() && args.get(k).value() != null && (args.get(k).value().startsWith("-")
                    || args.get(k).value().startsWith("+")) && !args.get(k).value().equals("--")
                    && !args.get(k).value().equals("-")) {
                k += args.get(k).value().matches("[-+]o") ? 2 : 1;
            }
            boolean ended = k < args.size() && ("--".equals(args.get(k).value()) || "-".equals(args.get(k).value()));
            if (ended || k < args.size()) {
                List<Arg> now = args.subList(Math.min(args.size(), k + (ended ? 1 : 0)), args.size());
                sh.positional = sh.conditional > 0 || now.stream().anyMatch(Arg::dynamic) ? null : List.copyOf(now);
            }
        } else if (program.equals("shift")) {
            int n = args.isEmpty() ? 1 : args.get(0).value() != null && args.get(0).value().matches("[0-9]+")
                    ? Integer.parseInt(args.get(0).value()) : -1;
            sh.positional = sh.positional == null || n < 0 || sh.conditional > 0 ? null
                    : sh.positional.subList(Math.min(n, sh.positional.size()), sh.positional.size());
        } else if (program.equals("read") && stdinText != null && args.size() == 1 && !args.get(0).dynamic()
                && args.get(0).value().matches("[A-Za-z_][A-Za-z0-9_]*") && sh.conditional == 0 && !sh.customIfs) {
            String line = stdinText.lines().findFirst().orElse("").strip();
            if (!line.contains("\\")) {
                sh.vars.put(args.get(0).value(), line); // `read x <<< ~/.kube/config`: x is that text
            }
        }
    }

    void trackDirectory(String program, List<Arg> args, ShellState sh) {
        switch (program) {
            case "cd", "pushd" -> {
                List<Arg> operands = args.stream().filter(a -> a.dynamic() || !a.isFlag()).toList();
                if (operands.isEmpty()) {
                    sh.cwd = program.equals("cd") ? PathText.normalize(walk.ctx.home()) : null;
                } else if (operands.get(0).dynamic() || operands.get(0).value().equals("-")) {
                    sh.cwd = null;
                } else {
                    sh.cwd = walk.paths.absolute(operands.get(0).value(), sh.cwd);
                }
            }
            case "popd" -> sh.cwd = null;
            default -> { }
        }
    }
}
