package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.airlock.analysis.Analysis;
import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Script;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the whole classifier with the default policy. Properties: it never throws; text that does not
 * parse is denied; and nothing is allowed whose tree holds a write ({@link WritesInTree}: a writing
 * redirection or a known writing program in any position the parser found). The oracle reads the tree,
 * never the analyzer or the policy.
 *
 * <p>`mvn test` replays the committed inputs under {@code ClassifierFuzzTestInputs/neverAllowsAWrite};
 * docs/security.md says how to fuzz for longer.
 */
class ClassifierFuzzTest {
    private static Evaluator evaluator;
    private static AnalysisContext context;

    @BeforeAll
    static void load() throws PolicyException {
        Layers layers = new Layers(List.of(PolicySource.builtin("default")));
        evaluator = new Evaluator(layers);
        context = new AnalysisContext(PolicyChecker.EXAMPLE_CWD, PolicyChecker.EXAMPLE_CWD, PolicyChecker.EXAMPLE_HOME,
                PolicySource.exampleEnv(), PolicyChecker.exampleProtectedPaths(), layers.secretPaths());
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryEntries({"rm", "mv", "cp", "touch", "tee", "dd", "chmod", "ln", " -rf ", "~", "/", ">", ">>", ">|", "&>", ">&",
            "<>", "2>&1", "/dev/null", "/dev/stdin", "$(", "`", "<(", ">(", "${", "$((", "eval ", "bash -c ",
            "sh -c ", "env ", "command ", "exec ", "xargs ", "find . -exec ", " {} ", "sudo ", "nice ", "timeout 1 ",
            "f() { ", "; }", "if ", "then ", "fi", "for x in ", "; do ", "; done", "case ", " in ", "esac", "'",
            "alias ", "trap ", "function ", "select ", "coproc ", "&", "|", ";", "&&", "||", "ls", "cat", "echo",
            "printf", "sed -i ", "git ", "awk ", "read ", "export ", "declare "})
    void neverAllowsAWrite(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Analysis analysis = new Analyzer(context).analyze(text);
        Decision decision = evaluator.evaluate(analysis).decision();
        Script script;
        try {
            script = Parser.parse(text);
        } catch (ParseError e) {
            assertEquals(Decision.DENY, decision, "text that does not parse must be denied");
            return;
        }
        if (decision != Decision.ALLOW) {
            return;
        }
        // `rm() { :; }; rm x` calls the function: a text defining a function named like a writer is left out
        if (!Collections.disjoint(WritesInTree.functions(script), WritesInTree.WRITERS)) {
            return;
        }
        List<String> writes = WritesInTree.of(script);
        assertTrue(writes.isEmpty(), () -> "allowed although the tree holds " + writes + ": " + text);
    }
}
