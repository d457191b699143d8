package dev.airlock.approval;

import java.util.List;

/** What a person is asked to approve: the command, where, why airlock asks, and who asks. */
public record ApprovalRequest(String id, String command, String cwd, List<String> reasons, List<String> rules,
        List<String> processChain, String agent, String explanation, List<int[]> highlights) {
    public ApprovalRequest {
        reasons = List.copyOf(reasons);
        rules = List.copyOf(rules);
        processChain = List.copyOf(processChain);
        highlights = List.copyOf(highlights);
    }

    public ApprovalRequest(String id, String command, String cwd, List<String> reasons, List<String> rules,
            List<String> processChain, String agent, String explanation) {
        this(id, command, cwd, reasons, rules, processChain, agent, explanation, List.of());
    }

    /** The command words behind the decision, as [start, end) character offsets into the command. */
    public static List<int[]> highlights(String command, dev.airlock.policy.Verdict verdict) {
        List<int[]> out = new java.util.ArrayList<>();
        for (dev.airlock.policy.Verdict.Part part : verdict.parts()) {
            if (part.decision() != verdict.decision() || part.pos().line() == 0) {
                continue;
            }
            int start = part.pos().offset();
            int end = start;
            while (end < command.length() && !Character.isWhitespace(command.charAt(end))
                    && ";|&()<>".indexOf(command.charAt(end)) < 0) {
                end++;
            }
            if (start < end && end <= command.length()) {
                out.add(new int[] {start, end});
            }
        }
        return out;
    }
}
