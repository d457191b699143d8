package dev.airlock.approval;

import java.util.List;

/** What a person is asked to approve: the command, where, why airlock asks, and who asks. */
public record ApprovalRequest(String id, String command, String cwd, List<String> reasons, List<String> rules,
        List<String> processChain, String agent, String explanation) {
    public ApprovalRequest {
        reasons = List.copyOf(reasons);
        rules = List.copyOf(rules);
        processChain = List.copyOf(processChain);
    }
}
