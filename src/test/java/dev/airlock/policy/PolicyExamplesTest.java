package dev.airlock.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PolicyExamplesTest {

    @Test
    void defaultPolicyExamplesAndTestsAllHold() throws Exception {
        Layers layers = new Layers(List.of(PolicySource.builtin("default")));
        PolicyChecker.Report report = new PolicyChecker(layers).check(null);
        assertTrue(report.examples() > 200, "the default policy should carry many examples, has " + report.examples());
        assertTrue(report.passed(), () -> report.failures().size() + " failures:\n"
                + report.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void strictPolicyExamplesAndTestsAllHold() throws Exception {
        Layers layers = new Layers(List.of(PolicySource.builtin("strict")));
        PolicyChecker.Report report = new PolicyChecker(layers).check(null);
        assertTrue(report.passed(), () -> report.failures().stream().map(Object::toString).collect(Collectors.joining("\n")));
    }
}
