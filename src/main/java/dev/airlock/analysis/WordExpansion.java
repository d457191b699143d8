package dev.airlock.analysis;

import dev.airlock.shell.Command;
import dev.airlock.shell.Printer;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Word expansion, as far as it is static: a word's value after quote removal with known variables, `$HOME`,
 * positional parameters and constant substitutions filled in; field splitting and brace expansion into
 * arguments; what each argument points at as a path. A value known only at run time is null.
 */
final class WordExpansion {
    /** Brace expansion beyond this many words is treated as dynamic. */
    private static final int MAX_BRACE_WORDS = 256;

    private final Walk walk;

    WordExpansion(Walk walk) {
        this.walk = walk;
    }

    /** What the walk knows of a variable, as {@link EvaluatedText} asks it. */
    EvaluatedText.Lookup lookup(ShellState sh) {
        return name -> {
            if (sh.numeric.contains(name)) {
                return Optional.of("0");
            }
            if (name.matches("[1-9]")) {
                if (sh.positional == null) {
                    return Optional.empty(); // arguments given at run time
                }
                int n = name.charAt(0) - '1';
                String v = n < sh.positional.size() ? sh.positional.get(n).value() : "";
                return v == null ? Optional.empty() : Optional.of(v);
            }
            if (!sh.vars.containsKey(name)) {
                return null;
            }
            String v = sh.vars.get(name);
            return v == null ? Optional.empty() : Optional.of(v);
        };
    }

    /** The arguments one word becomes: several after brace expansion, one otherwise. */
    List<Arg> args(Word w, ShellState sh) {
        String value = resolve(w, sh);
        String source = Printer.word(w);
        boolean glob = w.hasGlob() || expandsGlobVar(w.parts(), sh);
        List<Arg> spread = positionalSpread(w, sh);
        if (spread != null) {
            return spread;
        }
        if (w.parts().size() == 1 && w.parts().get(0) instanceof WordPart.Param && sh.customIfs) {
            return List.of(new Arg(null, source, w.pos(), glob, Set.of(PathClass.UNKNOWN)));
        }
        if (value != null && w.parts().size() == 1
                && (w.parts().get(0) instanceof WordPart.Param || w.parts().get(0) instanceof WordPart.CommandSubst)) {
            // An unquoted expansion is split on blanks and globbed: `c="rm -rf"; $c ~` runs rm.
            List<Arg> out = new ArrayList<>();
            for (String piece : value.strip().split("[ \\t\\n]+")) {
                if (!piece.isEmpty()) {
                    boolean g = piece.indexOf('*') >= 0 || piece.indexOf('?') >= 0 || piece.indexOf('[') >= 0;
                    out.add(new Arg(piece, source, w.pos(), g, walk.paths.classify(piece, g, sh.cwd)));
                }
            }
            return out;
        }
        if (value != null && w.hasBraces() && w.parts().stream().allMatch(p -> p instanceof WordPart.Lit)) {
            List<String> expanded = BraceExpansion.expand(value, MAX_BRACE_WORDS);
            if (expanded == null) {
                return List.of(new Arg(null, source, w.pos(), glob, Set.of(PathClass.UNKNOWN)));
            }
            List<Arg> out = new ArrayList<>();
            for (String v : expanded) {
                out.add(new Arg(v, source, w.pos(), glob, walk.paths.classify(v, glob, sh.cwd)));
            }
            return out;
        }
        return List.of(new Arg(value, source, w.pos(), glob, classes(w, value, glob, sh)));
    }

    /**
     * A word's path classes. A word with run-time parts is read as the pattern of its static parts:
     * `/proc/$PPID/environ` is `/proc/<any>/environ`, `~/.ssh/$(ls ~/.ssh | head -1)` is under `~/.ssh`.
     */
    private Set<PathClass> classes(Word w, String value, boolean glob, ShellState sh) {
        if (value != null) {
            return walk.paths.classify(value, glob, sh.cwd);
        }
        StringBuilder pattern = new StringBuilder();
        staticPattern(w.parts(), sh, pattern);
        String p = pattern.toString();
        if (p.replace("*", "").isEmpty()) {
            return Set.of(PathClass.UNKNOWN);
        }
        Set<PathClass> out = EnumSet.noneOf(PathClass.class);
        out.addAll(walk.paths.classify(p, true, sh.cwd));
        out.add(PathClass.UNKNOWN);
        return out;
    }

    private void staticPattern(List<WordPart> parts, ShellState sh, StringBuilder out) {
        for (WordPart p : parts) {
            if (p instanceof WordPart.DoubleQuoted dq) {
                staticPattern(dq.parts(), sh, out);
                continue;
            }
            StringBuilder one = new StringBuilder();
            boolean known = p instanceof WordPart.Lit l
                    ? one.append(new Word(l.pos(), List.of(new WordPart.DoubleQuoted(l.pos(), List.of(l)))).literal().orElse("*")) != null
                    : appendResolved(p, sh, one);
            out.append(known ? one : "*");
        }
    }

    private boolean expandsGlobVar(List<WordPart> parts, ShellState sh) {
        if (sh.globVars.isEmpty()) {
            return false;
        }
        for (WordPart p : parts) {
            if ((p instanceof WordPart.Param pe && sh.globVars.contains(pe.name()))
                    || (p instanceof WordPart.DoubleQuoted dq && expandsGlobVar(dq.parts(), sh))) {
                return true;
            }
        }
        return false;
    }

    /** `"$@"` (or a bare `$@`/`$*`) inside a function called with known arguments: those arguments. */
    private List<Arg> positionalSpread(Word w, ShellState sh) {
        if (sh.positional == null || w.parts().size() != 1) {
            return null;
        }
        WordPart p = w.parts().get(0);
        if (p instanceof WordPart.DoubleQuoted dq && dq.parts().size() == 1) {
            p = dq.parts().get(0);
        }
        if (p instanceof WordPart.Param pe && (pe.name().equals("@") || pe.name().equals("*"))
                && pe.op().isEmpty() && pe.prefix().isEmpty() && pe.index() == null) {
            return sh.positional;
        }
        return null;
    }

    Arg single(Word w, ShellState sh) {
        String value = resolve(w, sh);
        boolean glob = w.hasGlob() || expandsGlobVar(w.parts(), sh);
        return new Arg(value, Printer.word(w), w.pos(), glob, classes(w, value, glob, sh));
    }

    /** What a statement list prints when it is one `echo`, `printf` or `pwd` with static arguments, else null. */
    String constantOutput(List<Stmt> stmts, ShellState sh) {
        if (stmts.size() != 1 || !stmts.get(0).redirects().isEmpty() || stmts.get(0).background()
                || !(stmts.get(0).command() instanceof Command.Simple cmd) || !cmd.assigns().isEmpty()
                || cmd.words().isEmpty()) {
            return null;
        }
        List<Arg> argv = new ArrayList<>();
        for (Word w : cmd.words()) {
            argv.addAll(args(w, sh));
        }
        if (argv.get(0).dynamic() || walk.functions.contains(argv.get(0).value())) {
            return null;
        }
        return ConstantOutput.of(argv.get(0).value(), argv.subList(1, argv.size()), sh.cwd);
    }

    /** The word's value when static, with $HOME, $USER and $PWD taken from the context. */
    String resolve(Word w, ShellState sh) {
        Optional<String> lit = w.literal();
        if (lit.isPresent()) {
            return lit.get();
        }
        StringBuilder sb = new StringBuilder();
        for (WordPart p : w.parts()) {
            if (!appendResolved(p, sh, sb)) {
                return null;
            }
        }
        return sb.toString();
    }

    private boolean appendResolved(WordPart p, ShellState sh, StringBuilder sb) {
        if (p instanceof WordPart.Param pe) {
            if (!pe.prefix().isEmpty() || !pe.op().isEmpty() || pe.index() != null) {
                return false;
            }
            if (sh.positional != null && pe.name().matches("[1-9]")) {
                int n = pe.name().charAt(0) - '1';
                String v = n < sh.positional.size() ? sh.positional.get(n).value() : "";
                if (v == null) {
                    return false;
                }
                sb.append(v);
                return true;
            }
            if (sh.positional != null && pe.name().equals("#")) {
                sb.append(sh.positional.size());
                return true;
            }
            if (sh.vars.containsKey(pe.name())) {
                String known = sh.vars.get(pe.name());
                if (known == null) {
                    return false;
                }
                sb.append(known);
                return true;
            }
            String v = switch (pe.name()) {
                case "HOME" -> walk.ctx.home();
                case "USER", "LOGNAME" -> walk.ctx.env().get(pe.name());
                case "PWD" -> sh.cwd;
                default -> null;
            };
            if (v == null) {
                return false;
            }
            sb.append(v);
            return true;
        }
        if (p instanceof WordPart.CommandSubst cs) {
            String v = constantOutput(cs.stmts(), sh);
            if (v == null) {
                return false;
            }
            sb.append(v.replaceAll("\n+$", "")); // a substitution drops trailing newlines
            return true;
        }
        if (p instanceof WordPart.DoubleQuoted dq) {
            for (WordPart inner : dq.parts()) {
                if (inner instanceof WordPart.Lit l) {
                    sb.append(new Word(l.pos(), List.of(new WordPart.DoubleQuoted(l.pos(), List.of(l))))
                            .literal().orElse(""));
                } else if (!appendResolved(inner, sh, sb)) {
                    return false;
                }
            }
            return true;
        }
        Optional<String> v = new Word(p.pos(), List.of(p)).literal();
        v.ifPresent(sb::append);
        return v.isPresent();
    }
}
