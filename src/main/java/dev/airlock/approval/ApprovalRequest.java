package dev.airlock.approval;

import java.util.List;

/** What a person is asked to approve: the command, where, why airlock asks, who asks, and where it may run. */
public record ApprovalRequest(String id, String command, String cwd, List<String> reasons, List<String> rules,
        List<String> processChain, String agent, String explanation, List<int[]> highlights, List<String> sandboxes) {
    public ApprovalRequest {
        sandboxes = List.copyOf(sandboxes);
        reasons = List.copyOf(reasons);
        rules = List.copyOf(rules);
        processChain = List.copyOf(processChain);
        highlights = List.copyOf(highlights);
    }

    public ApprovalRequest(String id, String command, String cwd, List<String> reasons, List<String> rules,
            List<String> processChain, String agent, String explanation) {
        this(id, command, cwd, reasons, rules, processChain, agent, explanation, List.of(), List.of());
    }

    /**
     * The profiles the person may approve it in, the proposed one first (`none`, `workspace`,
     * `read-only`); empty when no sandbox can be had and it runs as it is.
     */
    public List<String> sandboxes() {
        return sandboxes;
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
