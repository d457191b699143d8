package dev.airlock.analysis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shell state that commands change for the commands after them (mvdan/sh's interp keeps the same per Runner). */
final class ShellState {
    /** The working directory, or null when it is known only at run time. */
    String cwd;
    /** Variables assigned earlier in the text: a static value, or null when set at run time. */
    final Map<String, String> vars;
    /** Above zero inside code that may or may not run (a branch, a loop, after `&&`). */
    int conditional;
    /** `$1 $2 ...` inside a function called with known arguments; null when unknown. */
    List<Arg> positional;
    /** IFS was changed: how unquoted expansions split is no longer known. */
    boolean customIfs;
    /** How many function calls deep the walk has followed. */
    int inlineDepth;
    /**
     * Functions surely defined at this point of the walk: a definition that ran unconditionally, earlier,
     * in this shell (not in a subshell, a substitution or a branch that may not run).
     */
    final Set<String> defined;
    /** Variables holding a glob pattern (a `for` item such as `*.txt`): their expansions are globs too. */
    final Set<String> globVars = new HashSet<>();
    /** Variables set at run time to a number (`i=$((i+1))`, `n=$(wc -l < f)`): never code. */
    final Set<String> numeric = new HashSet<>();

    ShellState(String cwd) {
        this(cwd, new HashMap<>(), new HashSet<>());
    }

    private ShellState(String cwd, Map<String, String> vars, Set<String> defined) {
        this.cwd = cwd;
        this.vars = vars;
        this.defined = defined;
    }

    /** The state a subshell, a substitution or a background command starts with: its changes stay there. */
    ShellState copy() {
        ShellState s = new ShellState(cwd, new HashMap<>(vars), new HashSet<>(defined));
        s.globVars.addAll(globVars);
        s.numeric.addAll(numeric);
        s.conditional = conditional;
        s.positional = positional;
        s.customIfs = customIfs;
        s.inlineDepth = inlineDepth;
        return s;
    }

    /** An assignment that surely runs sets a known value; one that may not run makes the value unknown. */
    void assign(String name, String value) {
        vars.put(name, conditional > 0 ? null : value);
        numeric.remove(name);
        if (name.equals("IFS")) {
            customIfs = true;
        }
    }
}
