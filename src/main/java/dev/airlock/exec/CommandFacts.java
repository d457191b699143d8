package dev.airlock.exec;

import dev.airlock.approval.GuardedTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What airlock-sh's records say about a `-c` command besides the verdict: the agent, the process
 * chain above it, the argv, the variables scrubbed, the agent's wrapper. The same for airlock-sh's own
 * JVM and for the resident server answering for it, so both write the same records.
 */
record CommandFacts(Harness.Unwrapped unwrapped, List<String> chain, String agent, Map<String, Object> extra) {

    /** {@code pid} is airlock-sh's process: the JVM it became, or the launcher a resident server answers. */
    static CommandFacts of(ShellArgs args, long pid, Map<String, String> env, EnvScrubber.Result childEnv) {
        Harness.Unwrapped unwrapped = Harness.recognise(args.command());
        List<String> chain = ProcessInfo.chain(pid, 6);
        String agent = unwrapped.recognised() ? unwrapped.agent() : ProcessInfo.agent(env, chain);
        Map<String, Object> extra = new HashMap<>();
        extra.put("agent", agent);
        extra.put("process_chain", chain);
        extra.put("argv", argv(args));
        extra.put("scrubbed_env", childEnv.removed());
        if (unwrapped.recognised()) {
            extra.put("harness", unwrapped.agent() + (unwrapped.startup() ? " start-up" : ""));
        }
        return new CommandFacts(unwrapped, chain, agent, extra);
    }

    /** One id for every command of one agent process: inherited, else from the parent's pid and start time. */
    static String session(Map<String, String> env, long pid) {
        return CommandGate.sessionId(env, () -> {
            long parent = ProcessInfo.parent(pid).orElse(0L);
            return "p" + parent + "-" + ProcessInfo.startTime(parent).orElse(0L);
        });
    }

    /** The environment the real shell starts from: the session id for nested commands, the guarded-tree marker. */
    static Map<String, String> withSession(Map<String, String> env, String session, long pid) {
        Map<String, String> m = new HashMap<>(env);
        m.put("AIRLOCK_SESSION", session);
        m.put(GuardedTree.MARKER, Long.toString(pid)); // marks the tree an approver must never come from
        m.remove(Shim.ASK_UNCONFINED); // airlock-sh's own hand-overs, not the command's
        m.remove(ResidentHandOver.RESULT);
        m.remove(ResidentHandOver.UNANSWERED);
        return m;
    }

    private static List<String> argv(ShellArgs a) {
        List<String> out = new ArrayList<>(a.options());
        if (a.commandMode()) {
            out.add(Refusal.shorten(a.command()));
        }
        out.addAll(a.positional());
        return out;
    }
}
