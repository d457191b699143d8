package dev.airlock.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** One policy file, parsed: its layer (`builtin`, `user`, `project`), rules, vocabulary and tests. */
public record Policy(String layer, String source, Map<String, Set<String>> classes, Map<String, ProgramSpec> programs,
        List<String> secretPaths, List<String> envPassthrough, List<String> envScrub, Set<String> disabled,
        List<Rule> rules, List<PolicyTest> tests, SandboxSettings sandbox) {

    public Policy {
        classes = Map.copyOf(classes);
        programs = Map.copyOf(programs);
        secretPaths = List.copyOf(secretPaths);
        envPassthrough = List.copyOf(envPassthrough);
        envScrub = List.copyOf(envScrub);
        disabled = Set.copyOf(disabled);
        rules = List.copyOf(rules);
        tests = List.copyOf(tests);
        sandbox = sandbox == null ? SandboxSettings.NONE : sandbox;
    }
}
