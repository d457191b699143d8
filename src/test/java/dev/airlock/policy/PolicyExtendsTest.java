package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Policies by difference: `extends` starts from a base policy; a broken chain fails closed. */
class PolicyExtendsTest {
    private static final String BASE = """
            {"airlock_policy": 1, "description": "base", "classes": {"r": ["ls", "cat"], "w": ["rm"]},
             "secret_paths": [".env"], "sandbox": {"unknown": "read-only"},
             "rules": [
               {"id": "read", "decision": "allow", "reason": "reads", "match": {"program": "@r"},
                "examples": {"match": ["ls"]}},
               {"id": "write", "decision": "ask", "reason": "writes", "match": {"program": "@w"}},
               {"id": "run", "decision": "ask", "reason": "runs", "match": {"program": "python"}, "sandbox": "read-only"}],
             "tests": [{"command": "cat x", "decision": "allow"}]}
            """;

    /** Base policies by name: `base` above, and two that extend each other. */
    private static final PolicyExtends.Bases BASES = name -> switch (name) {
        case "base" -> BASE.getBytes(StandardCharsets.UTF_8);
        case "a" -> "{\"extends\": \"b\"}".getBytes(StandardCharsets.UTF_8);
        case "b" -> "{\"extends\": \"a\"}".getBytes(StandardCharsets.UTF_8);
        default -> null;
    };

    private static Policy load(String json) throws PolicyException {
        return PolicyLoader.load(json.getBytes(StandardCharsets.UTF_8), "child.json", Layers.BUILTIN, BASES);
    }

    private static String refusal(String json, String layer) {
        return assertThrows(PolicyException.class, () -> PolicyLoader.load(json.getBytes(StandardCharsets.UTF_8),
                "child.json", layer, BASES)).getMessage();
    }

    @Test
    void aPolicyThatOnlyExtendsIsItsBaseWithoutTheBasesTests() throws Exception {
        Policy p = load("{\"extends\": \"base\"}");
        assertEquals(List.of("read", "write", "run"), p.rules().stream().map(Rule::id).toList());
        assertEquals(List.of(".env"), p.secretPaths());
        assertEquals(List.of(), p.tests());
        assertTrue(p.rules().get(0).origin().startsWith("base.json:"), p.rules().get(0).origin());
    }

    @Test
    void classesAreReplacedByNameAndOtherFieldsWhole() throws Exception {
        Policy p = load("{\"extends\": \"base\", \"classes\": {\"r\": [\"ls\"]}, \"sandbox\": {},"
                + " \"secret_paths\": [\"*.pem\"]}");
        assertEquals(Map.of("r", Set.of("ls"), "w", Set.of("rm")), p.classes());
        assertNull(p.sandbox().unknown());
        assertEquals(List.of("*.pem"), p.secretPaths());
    }

    @Test
    void rulesAreRemovedChangedReplacedAndAdded() throws Exception {
        Policy p = load("""
                {"extends": "base", "remove_rules": ["write"],
                 "change_rules": {"run": {"sandbox": null, "reason": "runs code"}},
                 "rules": [{"id": "read", "decision": "allow", "reason": "reads less", "match": {"program": "ls"}},
                           {"id": "new", "decision": "deny", "reason": "no", "match": {"program": "dd"}}]}
                """);
        assertEquals(List.of("read", "run", "new"), p.rules().stream().map(Rule::id).toList());
        assertEquals("reads less", p.rules().get(0).reason());
        assertTrue(p.rules().get(0).origin().startsWith("child.json:"));
        assertEquals("runs code", p.rules().get(1).reason());
        assertNull(p.rules().get(1).sandbox());
    }

    @Test
    void anUnknownBaseACycleOrAMissingRuleIsRefused() {
        assertTrue(refusal("{\"extends\": \"nope\"}", Layers.BUILTIN).contains("names no known policy 'nope'"));
        assertTrue(refusal("{\"extends\": \"a\"}", Layers.BUILTIN).contains("cycle: a -> b -> a"));
        assertTrue(refusal("{\"extends\": \"base\", \"remove_rules\": [\"typo\"]}", Layers.BUILTIN)
                .contains("remove_rules names 'typo', which base.json does not have"));
        assertTrue(refusal("{\"extends\": \"base\", \"change_rules\": {\"typo\": {}}}", Layers.BUILTIN)
                .contains("change_rules names 'typo'"));
        assertTrue(refusal("{\"remove_rules\": [\"read\"]}", Layers.BUILTIN).contains("extends none"));
        assertTrue(refusal("{\"extends\": 3}", Layers.BUILTIN).contains("names a built-in policy"));
    }

    @Test
    void onlyBuiltInPoliciesAndPolicyFilesMayExtend() {
        assertTrue(refusal("{\"extends\": \"base\"}", Layers.USER).contains("chooses its built-in policy with \"base\""));
        assertTrue(refusal("{\"extends\": \"base\"}", Layers.PROJECT).contains("\"extends\" is for built-in policies"));
    }

    @Test
    void theStrictPolicyExtendsTheDefaultAndKeepsItsSmallReadOnlySet() throws Exception {
        Policy strict = PolicySource.builtin("strict");
        Policy def = PolicySource.builtin("default");
        assertTrue(strict.classes().get("read_only").size() < def.classes().get("read_only").size());
        assertEquals(def.secretPaths(), strict.secretPaths(), "a new secret path in the default reaches strict");
        assertTrue(strict.rules().stream().noneMatch(r -> r.id().equals("read.find")));
        assertTrue(strict.rules().stream().anyMatch(r -> r.id().equals("net.egress-dynamic-host")));
    }

    @Test
    void aCompiledStrictPolicyIsRefusedOnceTheDefaultChanges() throws Exception {
        byte[] json = Files.readAllBytes(Path.of("policies", "strict.json"));
        long crc = CompiledPolicy.checksum(json);
        byte[] compiled = CompiledPolicy.write(PolicySource.builtin("strict"), crc, Map.of("default", 42L));
        assertNull(CompiledPolicy.read(compiled, crc, name -> 43L));
        assertNull(CompiledPolicy.read(compiled, crc, name -> null));
        assertTrue(CompiledPolicy.read(compiled, crc, name -> 42L) != null);
    }
}
