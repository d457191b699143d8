package dev.airlock.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandsTest {
    private final Walk walk = WalkFixture.walk();

    private String found(String text) {
        return WalkFixture.found(walk, text);
    }

    @Test
    void aFunctionCallWalksTheBodyWithItsArguments() {
        assertEquals("function_call f ~\ncommand rm -rf ~", found("f() { rm -rf \"$1\"; }; f ~"));
    }

    @Test
    void aFunctionCallingItselfIsARecursiveCall() {
        assertEquals("function_call f\nrecursive_call f", found("f() { f; }; f"));
    }

    @Test
    void aFunctionDefinedOnlyLaterLeavesTheProgramOfThatNameJudgedToo() {
        assertEquals("function_call rm -rf ~\ncommand :\ncommand rm -rf ~", found("rm -rf ~; rm() { :; }"));
    }

    @Test
    void aCommandWordWithHiddenCharactersIsDynamic() {
        assertEquals("dynamic ec\u200bho hi", found("ec\u200bho hi"));
        assertTrue(Commands.hasHiddenCharacters("a\u202eb"));
        assertFalse(Commands.hasHiddenCharacters("a\tb"));
    }

    @Test
    void aFileFromADirectoryKeepsItsPathAndAnAbsolutePathIsTheProgram() {
        WalkFixture.run(walk, "./x; bin/tool; /bin/rm y", WalkFixture.shell());
        assertEquals("./x", walk.graph.get(0).program());
        assertEquals("bin/tool", walk.graph.get(1).program());
        assertEquals("rm", walk.graph.get(2).program());
        assertEquals("rm", Commands.baseName("/bin/rm"));
    }

    @Test
    void assignmentsAloneSetTheShellsVariables() {
        ShellState sh = WalkFixture.shell();
        WalkFixture.run(walk, "c='rm -rf'; $c ~", sh);
        assertEquals("rm -rf", sh.vars.get("c"));
        assertEquals("no_command \ncommand rm -rf ~", WalkFixture.found(walk));
    }
}
