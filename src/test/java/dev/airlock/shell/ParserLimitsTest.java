package dev.airlock.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hostile input: huge, deep, broken. The parser must answer quickly, never crash, never hang. */
class ParserLimitsTest {
    /** A hang guard, not a measurement: a loaded machine may take a while; only a parse that never ends fails it. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    private static final int MIB = 1 << 20;
    private static final int DEEP = 10_000;

    /** Runs the parse on a thread with a small stack, so deep recursion would show as StackOverflowError. */
    private static Object parseOnSmallStack(String text) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Parser.parse(text));
            } catch (ParseError e) {
                result.set(e);
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack-parse", 256 * 1024);
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            t.start();
            t.join();
            return result.get();
        });
    }

    private static ParseError parseError(String text) {
        Object r = parseOnSmallStack(text);
        assertTrue(r instanceof ParseError, () -> "expected a ParseError, got " + describe(r));
        return (ParseError) r;
    }

    private static Script parses(String text) {
        Object r = parseOnSmallStack(text);
        assertTrue(r instanceof Script, () -> "expected a tree, got " + describe(r));
        return (Script) r;
    }

    private static String describe(Object r) {
        return r instanceof Throwable t ? t.toString() : String.valueOf(r).substring(0, Math.min(200, String.valueOf(r).length()));
    }

    @Test
    void parsesOneMebibyteOfOrdinaryCommands() {
        String line = "echo hello world | grep -v x && ls -l \"$HOME\" >/dev/null\n";
        String text = line.repeat(MIB / line.length());
        Script s = parses(text);
        assertEquals(MIB / line.length(), s.stmts().size());
    }

    @Test
    void refusesTextLongerThanOneMebibyte() {
        ParseError e = parseError("x".repeat(MIB + 1));
        assertEquals(ParseError.Kind.SYNTAX, e.kind());
        assertEquals("1:1", e.pos().toString());
    }

    @Test
    void parsesASingleWordOfOneMebibyte() {
        Script s = parses("echo " + "a".repeat(MIB - 5));
        Command.Simple cmd = (Command.Simple) s.stmts().get(0).command();
        assertEquals(MIB - 5, cmd.words().get(1).literal().orElseThrow().length());
    }

    @Test
    void parsesAQuotedWordOfOneMebibyte() {
        parses("echo '" + "a b ".repeat(MIB / 4 - 4) + "'");
        parses("echo \"" + "a $b ".repeat(MIB / 5 - 4) + "\"");
    }

    @Test
    void refusesANulByteWithItsPosition() {
        ParseError e = parseError("echo a\nls b\0c");
        assertEquals(ParseError.Kind.SYNTAX, e.kind());
        assertEquals("2:5", e.pos().toString());
    }

    @Test
    void refusesAnUnpairedSurrogateWithItsPosition() {
        ParseError e = parseError("echo ab\uD800c");
        assertEquals(ParseError.Kind.SYNTAX, e.kind());
        assertEquals("1:8", e.pos().toString());
        ParseError low = parseError("echo \uDC00");
        assertEquals("1:6", low.pos().toString());
        ParseError atEnd = parseError("echo \uD83D");
        assertEquals("1:6", atEnd.pos().toString());
    }

    @Test
    void refusesTheReplacementCharacterLeftByBadUtf8() {
        ParseError e = parseError("echo 😀 \uFFFD");
        assertEquals(ParseError.Kind.SYNTAX, e.kind());
        assertEquals("1:8", e.pos().toString(), "a surrogate pair counts as one column");
    }

    @ParameterizedTest(name = "refuses {0} nested 10,000 deep with a nesting error")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "subshells     | ~( ~      | a | ~ )~",
        "substitutions | $(        | a | )",
        "groups        | ~{ ~      | a; | ~}; ~",
        "if clauses    | ~if true; then ~ | a; | ~fi; ~",
        "quoted substitutions | ~\"$(~ | a | ~)\"~",
        "parameter defaults | ${x:- | a | }",
        "while loops   | ~while a; do ~ | b; | ~done; ~",
        "case clauses  | ~case x in x) ~ | a;; | ~esac;; ~",
        "functions     | ~f() { ~  | a; | ~ }; ~",
        "process substitutions | <( | a | )",
        "negated subshells | ~! ( ~ | a | ~ )~",
    })
    void refusesDeepNesting(String what, String open, String middle, String close) {
        String text = "echo " + open.repeat(DEEP) + middle + close.repeat(DEEP);
        if (!open.startsWith("$") && !open.startsWith("\"") && !open.startsWith("<")) {
            text = open.repeat(DEEP) + middle + close.repeat(DEEP);
        }
        ParseError e = parseError(text);
        assertEquals(ParseError.Kind.SYNTAX, e.kind(), e.getMessage());
        assertTrue(e.reason().startsWith("nesting deeper than"), e.getMessage());
    }

    @Test
    void refusesDeepNestingInsideBackquotes() {
        ParseError e = parseError("echo `" + "$(".repeat(DEEP) + "a" + ")".repeat(DEEP) + "`");
        assertTrue(e.reason().startsWith("nesting deeper than"), e.getMessage());
    }

    @Test
    void parsesBackquotesNestedByEscapingAsDeepAsFitsInOneMebibyte() {
        // each level of backquotes doubles the backslashes before the inner ones
        String text = "a";
        for (int level = 0; level < 16; level++) {
            text = "echo `" + text.replace("\\", "\\\\").replace("`", "\\`") + "`";
        }
        Script s = parses(text);
        int depth = 0;
        Stmt stmt = s.stmts().get(0);
        while (stmt.command() instanceof Command.Simple cmd && cmd.words().size() > 1
                && cmd.words().get(1).parts().get(0) instanceof WordPart.CommandSubst sub) {
            depth++;
            stmt = sub.stmts().get(0);
        }
        assertEquals(16, depth);
    }

    @Test
    void refusesUnclosedOpenersTenThousandDeepWithoutCrashing() {
        for (String open : new String[] {"( ", "echo $(", "{ ", "if a; then ", "echo \"$(", "echo ${x:-",
                "[[ ( ", "echo $((", "a=(", "echo <(", "while a; do ", "case x in x) ", "f() { ", "((", "echo $(("}) {
            Object r = parseOnSmallStack(open.repeat(DEEP));
            assertTrue(r instanceof ParseError, () -> open + ": " + describe(r));
        }
    }

    @Test
    void parsesAHundredThousandCommandPipelineQuickly() throws ParseError {
        String text = "a" + " | a".repeat(99_999);
        Script s = parses(text);
        assertEquals(100_000, ((Command.Pipeline) s.stmts().get(0).command()).stages().size());
        assertEquals(Dump.script(s), Dump.script(Parser.parse(Printer.script(s))));
    }

    @Test
    void parsesAHundredThousandPartAndChainQuickly() {
        String text = "a" + " && b || c".repeat(50_000).substring(0, 99_999 * 5);
        Script s = parses(text);
        assertEquals(100_000, ((Command.AndOr) s.stmts().get(0).command()).parts().size());
    }

    @Test
    void reportsATestThatIsNeverClosedAsIncomplete() {
        ParseError e = parseError("[[ -f x && " + "-n y && ".repeat(100_000));
        assertEquals(ParseError.Kind.INCOMPLETE, e.kind());
    }

    @Test
    void reportsTenThousandUnterminatedHereDocumentsAsIncomplete() {
        ParseError oneLine = parseError("cat" + " <<EOF".repeat(DEEP));
        assertEquals(ParseError.Kind.INCOMPLETE, oneLine.kind());
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < DEEP; k++) {
            lines.append("cat <<E").append(k).append('\n');
        }
        ParseError manyLines = parseError(lines.toString());
        assertEquals(ParseError.Kind.INCOMPLETE, manyLines.kind());
    }

    @ParameterizedTest(name = "stays linear on {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        // a `{` could start a `{fd}>` redirection; looking for its `}` must not scan the rest of the text
        "unclosed braces        | ~echo ~    | ~{a ~",
        // a `[` could start a subscript, `a[1]=x`; looking for its `]` must not either
        "unclosed subscripts    | ~declare ~ | ~a[ ~",
        "unclosed brackets      | ~echo ~    | ~a[ ~",
    })
    void staysLinearOnManyUnclosedOpeners(String what, String command, String opener) {
        // Growth, not a time limit: parsing four times the text must cost about four times the CPU, where a
        // scan to the end of the text per opener costs sixteen. CPU time of the parsing thread, the least of
        // a few tries with the sizes taken in turn, so other processes, the GC and the JIT slow both alike;
        // the best of three such ratios, as a busy moment can only make one worse.
        int n = 32_000;
        String small = command + opener.repeat(n);
        String large = command + opener.repeat(4 * n);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3 && best >= 8; round++) {
            best = Math.min(best, cpuRatio(small, large));
        }
        assertTrue(best < 8, what + ": 4 times the text took " + String.format("%.1f", best) + " times the CPU");
        parses(command + opener.repeat(MIB / 4)); // and the largest text it accepts still parses
    }

    /** The parsing thread's CPU time for {@code large} over that for {@code small}, each the least of five, after warming up. */
    private static double cpuRatio(String small, String large) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int warm = 0; warm < 3; warm++) {
                Parser.parse(small);
                Parser.parse(large);
            }
            long leastSmall = Long.MAX_VALUE;
            long leastLarge = Long.MAX_VALUE;
            for (int k = 0; k < 5; k++) {
                long start = cpu.getCurrentThreadCpuTime();
                Parser.parse(small);
                long middle = cpu.getCurrentThreadCpuTime();
                Parser.parse(large);
                leastSmall = Math.min(leastSmall, middle - start);
                leastLarge = Math.min(leastLarge, cpu.getCurrentThreadCpuTime() - middle);
            }
            return (double) leastLarge / Math.max(leastSmall, 1);
        });
    }

    @Test
    void staysFastOnArithmeticThatTurnsOutToBeSubstitutions() {
        // `$((a) )` is first tried as arithmetic, then re-read as a command substitution holding a subshell
        String text = "echo " + "$((echo ".repeat(60) + "x" + ") )".repeat(60);
        Object r = parseOnSmallStack(text);
        assertTrue(r instanceof Script || r instanceof ParseError, () -> describe(r));
    }

    @Test
    void neverThrowsAnythingButParseErrorOnNoise() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "ab $'\"`\\(){}[]<>|&;#=!*?\n\t-0123~%^:,.@+/";
        for (int k = 0; k < 20_000; k++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            try {
                Script s = Parser.parse(text);
                String printed = Printer.script(s);
                assertEquals(Dump.script(s), Dump.script(Parser.parse(printed)),
                        () -> "round trip of " + text.replace("\n", "\\n") + " printed as " + printed.replace("\n", "\\n"));
            } catch (ParseError expected) {
                // fine: rejected input
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("crash on " + text.replace("\n", "\\n"), e);
            }
        }
        assertThrows(ParseError.class, () -> Parser.parse("a &&"));
    }
}
