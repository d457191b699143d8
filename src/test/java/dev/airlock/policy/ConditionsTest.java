package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table of rule conditions is the one place a condition is defined: loader, matcher and compiled form agree. */
class ConditionsTest {
    /** A match that states every condition once. */
    private static final String EVERY_CONDITION = """
            {"rules": [{"id": "r", "decision": "ask", "reason": "x", "match": {
              "program": ["git", "@shells"], "kind": "command", "subcommand": "push", "subcommand_any": ["p.*"],
              "prefix": ["stash", "list|show"], "global_flags_any": ["-C"], "positional_static": true,
              "positionals_min": 1, "positionals_max": 3, "flags_any": ["-f"], "flags_none": ["-n"],
              "args_any": ["a.*"], "args_none": ["b"], "dynamic_args": false, "path_any": ["secret"],
              "redirect_write_any": ["home"], "redirect_write": true, "redirect_read_any": ["device"],
              "wrapped_by": ["sudo"], "origin": ["top", "eval"], "assigns_any": ["PATH"], "input_dependent": false,
              "unwrapped": true, "fed_by": {"program": "curl"}, "feeds": {"kind": "dynamic"},
              "hosts_any": ["github.com"], "hosts_only": ["*.npmjs.org"], "argv": ["-a", "b"], "cwd_under": "/tmp"}}]}
            """;

    @Test
    void everyFieldOfTheTableIsAConditionTheLoaderReads() throws Exception {
        Matcher m = PolicyLoader.load(EVERY_CONDITION.getBytes(StandardCharsets.UTF_8), "t.json", Layers.USER)
                .rules().get(0).match();
        List<String> unset = new ArrayList<>();
        for (int k = 0; k < Conditions.ALL.size(); k++) {
            if (m.value(k) == null) {
                unset.add(Conditions.ALL.get(k).field());
            }
        }
        assertEquals(List.of(), unset, "the sample states every condition");
        assertEquals(Conditions.ALL.size(), Conditions.FIELDS.size(), "one field per condition");
    }

    @Test
    void everyConditionSurvivesTheCompiledForm() throws Exception {
        Matcher m = PolicyLoader.load(EVERY_CONDITION.getBytes(StandardCharsets.UTF_8), "t.json", Layers.USER)
                .rules().get(0).match();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompiledPolicy.matcher(new DataOutputStream(bytes), m);
        Matcher back = CompiledPolicy.readMatcher(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int k = 0; k < Conditions.ALL.size(); k++) {
            assertEquals(canon(m.value(k)), canon(back.value(k)), Conditions.ALL.get(k).field());
        }
    }

    /** A value as text that does not depend on set order; patterns by their source (they have no equals). */
    private static String canon(Object v) {
        if (v instanceof Set<?> set) {
            return new TreeSet<>(set.stream().map(ConditionsTest::canon).toList()).toString();
        }
        if (v instanceof List<?> list) {
            List<String> items = list.stream().map(ConditionsTest::canon).toList();
            return (list.stream().allMatch(x -> x instanceof Pattern) ? new TreeSet<>(items).toString() : items.toString());
        }
        if (v instanceof Pattern p) {
            return p.pattern() + "/" + p.flags();
        }
        if (v instanceof Matcher m) {
            List<String> values = new ArrayList<>();
            for (int k = 0; k < Conditions.ALL.size(); k++) {
                values.add(canon(m.value(k)));
            }
            return values.toString();
        }
        return String.valueOf(v);
    }

    @Test
    void anUnknownFieldNamesTheKnownOnes() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.load(
                "{\"rules\": [{\"id\": \"r\", \"decision\": \"ask\", \"reason\": \"x\", \"match\": {\"progam\": \"x\"}}]}"
                        .getBytes(StandardCharsets.UTF_8), "t.json", Layers.USER));
        assertTrue(e.getMessage().contains("unknown field \"progam\" in match"), e.getMessage());
        assertTrue(e.getMessage().contains("cwd_under"), e.getMessage());
    }

    @Test
    void everyConditionIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("docs/policy.md"));
        for (Conditions.Condition<?> c : Conditions.ALL) {
            assertTrue(doc.contains("`" + c.field() + "`"), c.field() + " is not in docs/policy.md");
        }
    }
}
