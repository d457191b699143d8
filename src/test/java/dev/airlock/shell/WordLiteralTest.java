package dev.airlock.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Word.literal(): the value bash would see after quote removal, or empty when it depends on expansion. */
class WordLiteralTest {
    private static final String DYNAMIC = null;

    /** {word as written, its literal value or DYNAMIC}; each value was checked with bash's printf '<%s>'. */
    private static final List<String[]> ROWS = List.of(
            row("rm", "rm"),
            row("'r''m'", "rm"),
            row("r\\m", "rm"),
            row("$'\\x72m'", "rm"),
            row("r$'\\x6d'", "rm"),
            row("\"rm\"", "rm"),
            row("\"r\"'m'", "rm"),
            row("r\"m\"", "rm"),
            row("$\"rm\"", "rm"),
            row("\\r\\m", "rm"),
            row("r\\\nm", "rm"),
            row("\"r\\\nm\"", "rm"),
            row("$'\\162\\155'", "rm"),
            row("$'\\u0072m'", "rm"),
            row("$'r\\0m'", "r"),
            row("$'r\\x00m'x", "rx"),
            row("\"a\\\"b\"", "a\"b"),
            row("\"a\\b\"", "a\\b"),
            row("'a\\b'", "a\\b"),
            row("a\\ b", "a b"),
            row("\\$x", "$x"),
            row("\"\\$x\"", "$x"),
            row("\"\\`x\\`\"", "`x`"),
            row("\"\\\\\"", "\\"),
            row("$'a\\tb'", "a\tb"),
            row("$'\\u00e9'", "é"),
            row("$'\\cA'", "\u0001"),
            row("$'\\E'", "\u001b"),
            row("$'\\x'", "\\x"),
            row("$'\\q'", "\\q"),
            row("$'it\\'s'", "it's"),
            row("\"a\nb\"", "a\nb"),
            row("rm\r", "rm\r"),
            row("a\\", "a\\"),
            row("\"\"", ""),
            row("''", ""),
            row("\"$\"", "$"),
            row("a$", "a$"),
            row("*.txt", "*.txt"),
            row("{a,b}", "{a,b}"),
            row("~", "~"),
            row("!(x)", "!(x)"),
            row("$x", DYNAMIC),
            row("${x}", DYNAMIC),
            row("${IFS}", DYNAMIC),
            row("r${x}m", DYNAMIC),
            row("\"$x\"", DYNAMIC),
            row("\"a${x:-b}\"", DYNAMIC),
            row("$(echo rm)", DYNAMIC),
            row("\"$(echo rm)\"", DYNAMIC),
            row("`echo rm`", DYNAMIC),
            row("$((1+2))", DYNAMIC),
            row("<(a)", DYNAMIC),
            row(">(a)", DYNAMIC),
            row("$1", DYNAMIC),
            row("$@", DYNAMIC),
            row("'a'$b", DYNAMIC));

    private static String[] row(String word, String literal) {
        return new String[] {word, literal};
    }

    @TestFactory
    Stream<DynamicTest> eachWordHasItsLiteralValueOrIsDynamic() {
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(
                "`" + r[0].replace("\n", "\\n").replace("\r", "\\r") + "` "
                        + (r[1] == null ? "is dynamic" : "is the literal <" + r[1].replace("\n", "\\n") + ">"),
                () -> {
                    Script s = Parser.parse("echo " + r[0]);
                    Command.Simple cmd = (Command.Simple) s.stmts().get(0).command();
                    assertEquals(2, cmd.words().size(), "one word after echo: " + Dump.script(s));
                    Word w = cmd.words().get(1);
                    assertEquals(Optional.ofNullable(r[1]), w.literal(), Dump.word(w));
                    assertEquals(r[1] == null, w.isDynamic());
                }));
    }
}
