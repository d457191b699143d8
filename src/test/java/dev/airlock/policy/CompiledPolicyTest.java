package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.airlock.analysis.AnalysisContext;
import dev.airlock.analysis.Analyzer;
import dev.airlock.corpus.CorpusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled form airlock-sh loads at start-up must decide exactly as the JSON it came from, and a
 * compiled form that does not belong to its JSON must never be used.
 */
class CompiledPolicyTest {
    private static final Path BUILT = Path.of("target/classes/policies");

    private static byte[] json(String name) throws Exception {
        return Files.readAllBytes(Path.of("policies", name + ".json"));
    }

    private static byte[] compile(byte[] json, String name, long crc) throws PolicyException {
        return CompiledPolicy.write(PolicyLoader.load(json, name + ".json", Layers.BUILTIN), crc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "strict"})
    void roundTripGivesTheSameBytes(String name) throws Exception {
        byte[] json = json(name);
        long crc = CompiledPolicy.checksum(json);
        byte[] once = compile(json, name, crc);
        byte[] twice = CompiledPolicy.write(CompiledPolicy.read(once, crc), crc);
        assertArrayEquals(once, twice);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "strict"})
    void theBuildCompiledTheCurrentPolicy(String name) throws Exception {
        byte[] compiled = Files.readAllBytes(BUILT.resolve(name + ".bin"));
        assertNotNull(CompiledPolicy.read(compiled, CompiledPolicy.checksum(json(name))),
                "target/classes/policies/" + name + ".bin was not made from policies/" + name + ".json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "strict"})
    void compiledAndJsonDecideEveryCorpusCommandAlike(String name) throws Exception {
        byte[] json = json(name);
        Policy fromJson = PolicyLoader.load(json, name + ".json", Layers.BUILTIN);
        Policy compiled = CompiledPolicy.read(CompiledPolicy.write(fromJson, 7), 7);
        Layers a = new Layers(List.of(fromJson));
        Layers b = new Layers(List.of(compiled));
        List<CorpusTest.Row> rows = new ArrayList<>(CorpusTest.rows("/corpus/commands.jsonl"));
        rows.addAll(CorpusTest.rows("/corpus/bypass.jsonl"));
        for (CorpusTest.Row row : rows) {
            Verdict va = decide(a, row);
            Verdict vb = decide(b, row);
            assertEquals(va.decision(), vb.decision(), row.command());
            assertEquals(va.rules(), vb.rules(), row.command());
            assertEquals(va.reasons(), vb.reasons(), row.command());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "strict"})
    void aCompiledFormOfOtherJsonOrDamagedIsRefused(String name) throws Exception {
        byte[] json = json(name);
        long crc = CompiledPolicy.checksum(json);
        byte[] compiled = compile(json, name, crc);
        byte[] edited = Arrays.copyOf(json, json.length + 1);
        edited[json.length] = '\n';
        assertNull(CompiledPolicy.read(compiled, CompiledPolicy.checksum(edited)));
        assertNull(CompiledPolicy.read(Arrays.copyOf(compiled, compiled.length / 2), crc));
        assertNull(CompiledPolicy.read(new byte[0], crc));
        byte[] wrongVersion = compiled.clone();
        wrongVersion[7]++;
        assertNull(CompiledPolicy.read(wrongVersion, crc));
    }

    private static Verdict decide(Layers layers, CorpusTest.Row row) {
        AnalysisContext ctx = new AnalysisContext(row.cwd(), PolicyChecker.EXAMPLE_CWD, PolicyChecker.EXAMPLE_HOME,
                Map.of("HOME", PolicyChecker.EXAMPLE_HOME, "USER", "dev"), List.of(), layers.secretPaths());
        return new Evaluator(layers).evaluate(new Analyzer(ctx).analyze(row.command()));
    }
}
