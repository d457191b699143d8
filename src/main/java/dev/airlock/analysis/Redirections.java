package dev.airlock.analysis;

import dev.airlock.shell.Printer;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Redirections: what each one writes or reads, and the text a here-document or here-string feeds. */
final class Redirections {
    private final Walk walk;

    Redirections(Walk walk) {
        this.walk = walk;
    }

    List<RedirectFact> redirects(List<Redirect> redirects, ShellState sh, Scope scope, List<Integer> feedIn,
            StringBuilder stdinText) {
        List<RedirectFact> facts = new ArrayList<>();
        for (Redirect r : redirects) {
            Substitutions.Found subs = walk.substitutions.substitutions(r.target(), sh, scope);
            feedIn.addAll(subs.feedIn());
            feedIn.addAll(subs.fedBy());
            if (r.hereDoc() != null) {
                feedIn.addAll(walk.substitutions.substitutions(r.hereDoc().body(), sh, scope).feedIn());
                if (stdinText != null) {
                    stdinText.append(hereDocText(r.hereDoc().body()));
                }
                continue;
            }
            if (r.op() == Redirect.Op.HERESTRING) {
                if (stdinText != null) {
                    String v = walk.words.resolve(r.target(), sh);
                    stdinText.append(v != null ? v : Printer.word(r.target())).append('\n');
                }
                continue;
            }
            Arg target = walk.words.single(r.target(), sh);
            boolean writes = r.op().writes() && !walk.harnessOwns(target.value(), sh.cwd);
            if (writes && reopensAFile(target.value())) {
                // Opening /dev/stdin for writing reopens whatever file fd 0 holds (`true < ~/.bashrc >
                // /dev/stdin` truncates it); so do /dev/stdout and /dev/stderr once fd 1 or 2 was made a file.
                target = new Arg(target.value(), target.source(), target.pos(), false, Set.of(PathClass.UNKNOWN));
            }
            if ((r.op() == Redirect.Op.DUP_OUT || r.op() == Redirect.Op.DUP_IN) && target.value() != null
                    && target.value().matches("[0-9]*-?")) {
                writes = false; // `2>&1`, `>&-`: descriptors, not files
            }
            facts.add(new RedirectFact(r.pos(), (r.fd() == null ? "" : r.fd()) + r.op().text(), writes, target));
        }
        return facts;
    }

    private boolean reopensAFile(String target) {
        return "/dev/stdin".equals(target)
                || (walk.functions.stdStreamsFromFiles() && ("/dev/stdout".equals(target) || "/dev/stderr".equals(target)));
    }

    private String hereDocText(Word body) {
        String v = body.literal().orElse(null);
        return v != null ? v : Printer.word(body).replaceAll("^\"|\"$", "");
    }
}
