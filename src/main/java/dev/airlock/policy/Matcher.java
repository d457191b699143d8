package dev.airlock.policy;

import dev.airlock.analysis.Analyzer;
import dev.airlock.analysis.Arg;
import dev.airlock.analysis.Assignment;
import dev.airlock.analysis.Invocation;
import dev.airlock.analysis.PathClass;
import dev.airlock.analysis.RedirectFact;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The conditions of a rule, all of which must hold for one invocation. A null field is no condition.
 * Programs may name a class (`@shells`); patterns are Java regular expressions over whole words.
 */
public record Matcher(
        Set<String> program,
        Set<Invocation.Kind> kind,
        Set<String> subcommand,
        List<Pattern> subcommandAny,
        List<Set<String>> prefix,
        Set<String> globalFlagsAny,
        Boolean positionalStatic,
        Integer positionalsMin,
        Integer positionalsMax,
        Set<String> flagsAny,
        Set<String> flagsNone,
        List<Pattern> argsAny,
        List<Pattern> argsNone,
        Boolean dynamicArgs,
        Set<PathClass> pathAny,
        Set<PathClass> redirectWriteAny,
        Boolean redirectWrite,
        Set<PathClass> redirectReadAny,
        Set<String> wrappedBy,
        Set<Invocation.Origin> origin,
        List<Pattern> assignsAny,
        Boolean inputDependent,
        Boolean unwrapped,
        Matcher fedBy,
        Matcher feeds,
        List<Pattern> hostsAny,
        List<Pattern> hostsOnly,
        List<String> argv,
        String cwdUnder) {

    /** True when every condition holds for {@code inv} in {@code ctx}. */
    public boolean matches(Invocation inv, MatchContext ctx) {
        if (kind != null && !kind.contains(inv.kind())) {
            return false;
        }
        if (kind == null && program != null && inv.kind() != Invocation.Kind.COMMAND) {
            return false;
        }
        if (program != null && (inv.program() == null || !ctx.programIn(inv.program(), program))) {
            return false;
        }
        MatchContext.ArgView view = ctx.view(inv);
        if (subcommand != null && (view.subcommand() == null || !subcommand.contains(view.subcommand()))) {
            return false;
        }
        if (subcommandAny != null && (view.subcommand() == null
                || subcommandAny.stream().noneMatch(p -> BoundedMatch.matches(p, view.subcommand())))) {
            return false;
        }
        if (prefix != null && !view.hasPrefix(prefix)) {
            return false;
        }
        if (globalFlagsAny != null && !intersects(view.globalFlags(), globalFlagsAny)) {
            return false;
        }
        if (positionalStatic != null && positionalStatic != view.firstPositionalStatic()) {
            return false;
        }
        if (positionalsMin != null && view.positionals().size() < positionalsMin) {
            return false;
        }
        if (positionalsMax != null && view.positionals().size() > positionalsMax) {
            return false;
        }
        if (flagsAny != null && !intersects(view.flags(), flagsAny)) {
            return false;
        }
        if (flagsNone != null && intersects(view.flags(), flagsNone)) {
            return false;
        }
        if (argsAny != null && !anyArgMatches(inv.args(), argsAny)) {
            return false;
        }
        if (argsNone != null && anyArgMatches(inv.args(), argsNone)) {
            return false;
        }
        if (dynamicArgs != null && dynamicArgs != anyDynamic(inv.args())) {
            return false;
        }
        if (pathAny != null && !anyArgIn(inv.args(), pathAny)) {
            return false;
        }
        if (redirectWrite != null && redirectWrite != anyWritesFile(inv.redirects())) {
            return false;
        }
        if (redirectWriteAny != null && !anyRedirectIn(inv.redirects(), true, redirectWriteAny)) {
            return false;
        }
        if (redirectReadAny != null && !anyRedirectIn(inv.redirects(), false, redirectReadAny)) {
            return false;
        }
        if (wrappedBy != null && inv.wrappers().stream().noneMatch(w -> ctx.programIn(w, wrappedBy))) {
            return false;
        }
        if (origin != null && !origin.contains(inv.origin())) {
            return false;
        }
        if (assignsAny != null && inv.assignments().stream().map(Assignment::name)
                .noneMatch(n -> n.equals(Analyzer.UNSET_ALL) || assignsAny.stream().anyMatch(p -> BoundedMatch.matches(p, n)))) {
            return false;
        }
        if (inputDependent != null && inputDependent != inv.inputDependent()) {
            return false;
        }
        if (unwrapped != null && unwrapped != inv.unwrapped()) {
            return false;
        }
        if (hostsAny != null && inv.hosts().stream().noneMatch(h -> hostsAny.stream().anyMatch(p -> BoundedMatch.matches(p, h)))) {
            return false;
        }
        if (hostsOnly != null && (inv.hosts().isEmpty()
                || !inv.hosts().stream().allMatch(h -> hostsOnly.stream().anyMatch(p -> BoundedMatch.matches(p, h))))) {
            return false;
        }
        if (argv != null && !inv.args().stream().map(Arg::value).toList().equals(argv)) {
            return false;
        }
        if (cwdUnder != null && (inv.cwd() == null
                || !(inv.cwd().equals(cwdUnder) || inv.cwd().startsWith(cwdUnder.endsWith("/") ? cwdUnder : cwdUnder + "/")))) {
            return false;
        }
        if (fedBy != null && ctx.upstream(inv.id()).stream().noneMatch(up -> fedBy.matches(up, ctx))) {
            return false;
        }
        if (feeds != null && ctx.downstream(inv.id()).stream().noneMatch(down -> feeds.matches(down, ctx))) {
            return false;
        }
        return true;
    }

    /**
     * The redirection a matching rule is about, when its conditions on redirections are what it
     * says: its reason then quotes `> f.txt`, not the command the redirection belongs to.
     */
    java.util.Optional<RedirectFact> redirectBehind(Invocation inv) {
        for (RedirectFact r : inv.redirects()) {
            if ((Boolean.TRUE.equals(redirectWrite) && writesFile(r))
                    || (redirectWriteAny != null && r.writes() && intersects(r.target().classes(), redirectWriteAny))
                    || (redirectReadAny != null && !r.writes() && intersects(r.target().classes(), redirectReadAny))) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }

    // Plain loops rather than streams below: matches() runs for every candidate rule of every command.
    private static boolean anyDynamic(List<Arg> args) {
        for (Arg a : args) {
            if (a.dynamic()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyArgIn(List<Arg> args, Set<PathClass> classes) {
        for (Arg a : args) {
            if (intersects(a.classes(), classes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWritesFile(List<RedirectFact> redirects) {
        for (RedirectFact r : redirects) {
            if (writesFile(r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyRedirectIn(List<RedirectFact> redirects, boolean writes, Set<PathClass> classes) {
        for (RedirectFact r : redirects) {
            if (r.writes() == writes && intersects(r.target().classes(), classes)) {
                return true;
            }
        }
        return false;
    }

    /** A write to a real file: not `/dev/null`, not a descriptor duplication. */
    static boolean writesFile(RedirectFact r) {
        return r.writes() && !(r.target().classes().size() == 1
                && r.target().classes().contains(PathClass.STANDARD_STREAM));
    }

    private static boolean anyArgMatches(List<Arg> args, List<Pattern> patterns) {
        for (Arg a : args) {
            if (a.value() == null) {
                continue;
            }
            for (Pattern p : patterns) {
                if (BoundedMatch.matches(p, a.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static <T> boolean intersects(Set<T> a, Set<T> b) {
        for (T x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }
}
