package dev.airlock.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the shell parser. Every input either parses or is refused with a {@link ParseError}: no other
 * exception, no StackOverflowError, no hang (libFuzzer's -timeout when fuzzing). What parses prints back
 * to text that parses to the same tree, so the printer (explanations, the console) never changes a command.
 *
 * <p>`mvn test` replays the committed inputs under {@code ParserFuzzTestInputs/parses}; docs/security.md
 * says how to fuzz for longer.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"$(", "`", "<<", "<<-", "<<<", "EOF", "'EOF'", "${", "${x:-", "${!", "$((", "))", "((", "[[",
            "]]", "case", "in", "esac", ";;", ";&", "if", "then", "elif", "else", "fi", "for", "while", "until", "do",
            "done", "function", "{", "}", "$'", "&&", "||", "|&", ">&", "&>", "<(", ">(", "{fd}>", "coproc",
            "select", "time", "!", "#", "a=(", "[@]", "*", "?", "~", "$@", "$*", "$#", "@P", "2>&1"})
    void parses(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Script s;
        try {
            s = Parser.parse(text);
        } catch (ParseError expected) {
            return;
        }
        String printed = Printer.script(s);
        Script again;
        try {
            again = Parser.parse(printed);
        } catch (ParseError e) {
            throw new AssertionError("printed form does not parse: " + printed + " (" + e.getMessage() + ")");
        }
        assertEquals(Dump.script(s), Dump.script(again), () -> "round trip changed the tree; printed as " + printed);
    }
}
