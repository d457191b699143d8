package dev.airlock.policy;

import dev.airlock.shell.Assign;
import dev.airlock.shell.Command;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Script;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fuzzing oracle: every write the parser's tree shows, found by walking the tree itself, not by asking
 * the analyzer. A write is a redirection that writes to anything but a standard stream or a descriptor, or
 * a simple command whose command word is literally a program that always changes files. Every position
 * counts: substitutions, here-document bodies, subscripts, function bodies, branches that may not run.
 */
final class WritesInTree {
    /** Programs that change files whenever they run with an operand (tee only writes with one). */
    static final Set<String> WRITERS = Set.of("rm", "rmdir", "mv", "cp", "touch", "mkdir", "ln", "chmod", "chown",
            "chgrp", "truncate", "dd", "shred", "install", "unlink", "mkfifo", "mknod", "rsync", "tee", "patch",
            "rename", "setfacl", "chattr", "fallocate", "split", "csplit", "sponge");
    private static final Set<String> STREAMS = Set.of("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty",
            "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom");

    private final List<String> found = new ArrayList<>();
    private final Set<String> functions = new java.util.HashSet<>();

    private WritesInTree() {}

    /** Descriptions of the writes in the tree; empty when there are none. */
    static List<String> of(Script script) {
        WritesInTree w = new WritesInTree();
        w.stmts(script.stmts());
        return w.found;
    }

    /** Names of functions the text defines: a call to one named like a writer may be the function. */
    static Set<String> functions(Script script) {
        WritesInTree w = new WritesInTree();
        w.stmts(script.stmts());
        return w.functions;
    }

    private void stmts(List<Stmt> stmts) {
        stmts.forEach(this::stmt);
    }

    private void stmt(Stmt s) {
        for (Redirect r : s.redirects()) {
            word(r.target());
            if (r.hereDoc() != null && r.hereDoc().body() != null) {
                word(r.hereDoc().body());
            }
            if (r.op().writes() && r.hereDoc() == null && !isDescriptor(r)) {
                Optional<String> target = r.target().literal();
                if (target.isEmpty() || !STREAMS.contains(target.get())) {
                    found.add("redirection " + r.op().text() + " " + target.orElse("(run-time target)"));
                }
            }
        }
        command(s.command());
    }

    private static boolean isDescriptor(Redirect r) {
        return (r.op() == Redirect.Op.DUP_OUT || r.op() == Redirect.Op.DUP_IN)
                && r.target().literal().map(t -> t.matches("[0-9]*-?")).orElse(false);
    }

    private void command(Command c) {
        if (c instanceof Command.Simple s) {
            s.assigns().forEach(this::assign);
            s.words().forEach(this::word);
            if (!s.words().isEmpty()) {
                Optional<String> name = s.words().get(0).literal();
                String base = name.map(n -> n.substring(n.lastIndexOf('/') + 1)).orElse("");
                // tee with no file operand only copies its input to its output
                boolean fileOperand = s.words().stream().skip(1)
                        .anyMatch(w -> w.literal().map(v -> !v.startsWith("-") || v.equals("-")).orElse(true));
                if (WRITERS.contains(base) && (fileOperand || !base.equals("tee"))) {
                    found.add("command " + name.get());
                }
            }
        } else if (c instanceof Command.Pipeline p) {
            stmts(p.stages());
        } else if (c instanceof Command.AndOr a) {
            stmts(a.parts());
        } else if (c instanceof Command.Subshell s) {
            stmts(s.body());
        } else if (c instanceof Command.Block b) {
            stmts(b.body());
        } else if (c instanceof Command.If f) {
            f.branches().forEach(b -> {
                stmts(b.condition());
                stmts(b.body());
            });
            stmts(f.elseBody());
        } else if (c instanceof Command.While w) {
            stmts(w.condition());
            stmts(w.body());
        } else if (c instanceof Command.For f) {
            if (f.items() != null) {
                f.items().forEach(this::word);
            }
            stmts(f.body());
        } else if (c instanceof Command.ArithFor f) {
            word(f.init());
            word(f.condition());
            word(f.post());
            stmts(f.body());
        } else if (c instanceof Command.Case cs) {
            word(cs.subject());
            cs.items().forEach(item -> {
                item.patterns().forEach(this::word);
                stmts(item.body());
            });
        } else if (c instanceof Command.Function f) {
            functions.add(f.name());
            stmt(f.body());
        } else if (c instanceof Command.Test t) {
            t.words().forEach(this::word);
        } else if (c instanceof Command.Arith a) {
            word(a.expression());
        } else if (c instanceof Command.Coproc co) {
            stmt(co.body());
        }
    }

    private void assign(Assign a) {
        word(a.index());
        word(a.value());
    }

    private void word(Word w) {
        if (w != null) {
            w.parts().forEach(this::part);
        }
    }

    private void part(WordPart p) {
        if (p instanceof WordPart.CommandSubst cs) {
            stmts(cs.stmts());
        } else if (p instanceof WordPart.ProcessSubst ps) {
            stmts(ps.stmts());
        } else if (p instanceof WordPart.DoubleQuoted dq) {
            dq.parts().forEach(this::part);
        } else if (p instanceof WordPart.Param pe) {
            word(pe.index());
            word(pe.arg());
        } else if (p instanceof WordPart.ArithExpansion ae) {
            word(ae.expression());
        } else if (p instanceof WordPart.ArrayLit al) {
            al.elements().forEach(this::word);
        }
    }
}
