package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.shell.Pos;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltinsTest {
    private final Walk walk = WalkFixture.walk();
    private final ShellState sh = WalkFixture.shell();

    private static List<Arg> args(String... values) {
        return Arrays.stream(values).map(v -> new Arg(v, v, Pos.NONE, false, Set.of())).toList();
    }

    @Test
    void cdMovesTheShellAndCdAloneGoesHome() {
        walk.builtins.trackDirectory("cd", args("sub"), sh);
        assertEquals(WalkFixture.CWD + "/sub", sh.cwd);
        walk.builtins.trackDirectory("cd", args(), sh);
        assertEquals("/home/dev", sh.cwd);
        walk.builtins.trackDirectory("cd", args("-"), sh);
        assertNull(sh.cwd);
    }

    @Test
    void setAndShiftChangeThePositionalParameters() {
        walk.builtins.trackPositional("set", args("--", "a", "b", "c"), sh, null);
        walk.builtins.trackPositional("shift", args("2"), sh, null);
        assertEquals(List.of("c"), sh.positional.stream().map(Arg::value).toList());
    }

    @Test
    void readFromAKnownHereStringSetsTheVariable() {
        walk.builtins.trackPositional("read", args("x"), sh, "~/.kube/config\nmore");
        assertEquals("~/.kube/config", sh.vars.get("x"));
    }

    @Test
    void exportSetsAndUnsetForgets() {
        walk.builtins.trackVariables("export", args("A=1"), sh);
        assertEquals("1", sh.vars.get("A"));
        walk.builtins.trackVariables("unset", args("A"), sh);
        assertNull(sh.vars.get("A"));
    }

    @Test
    void aNameWithASubscriptThatRunsCodeIsEvaluated() {
        walk.builtins.builtinEvaluations("printf", args("-v", "a[$(id)]", "x"), sh, Scope.top());
        walk.builtins.builtinEvaluations("unset", args("plain"), sh, Scope.top());
        assertEquals("evaluated a[$(id)]", WalkFixture.found(walk));
    }
}
