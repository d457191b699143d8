package dev.airlock.analysis;

import dev.airlock.shell.Assign;
import dev.airlock.shell.Command;
import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import dev.airlock.shell.Pos;
import dev.airlock.shell.Printer;
import dev.airlock.shell.Redirect;
import dev.airlock.shell.Script;
import dev.airlock.shell.Stmt;
import dev.airlock.shell.Word;
import dev.airlock.shell.WordPart;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds every simple command that a text would run (in lists, pipelines, loops, functions,
 * substitutions, here-documents and the strings given to `bash -c`, `eval`, `find -exec`, `xargs`
 * and other wrappers), with its static argv, redirections and the directory it runs in.
 */
public final class Analyzer {
    /** `bash -c "eval 'sh -c ...'"` deeper than this is refused rather than followed. */
    public static final int MAX_REPARSE_DEPTH = 8;
    /** Function calls followed deeper than this are refused rather than followed. */
    private static final int MAX_INLINE_DEPTH = 8;
    private static final Set<String> OWN_LAUNCHERS = Set.of("airlock", "airlock-sh");
    /** Options that make a program (or the command a wrapper runs) work in another directory. */
    private static final Map<String, Set<String>> CHDIR_OPTIONS = Map.of("env", Set.of("-C", "--chdir"),
            "sudo", Set.of("-D", "--chdir"), "git", Set.of("-C"), "make", Set.of("-C", "--directory"),
            "tar", Set.of("-C", "--directory"), "cargo", Set.of("-C"), "go", Set.of("-C"));
    /** A directory given at run time (`env -C "$d"`). */
    private static final String DYNAMIC_DIR = new String("<run-time directory>");
    private static final Set<String> STDIN_PATHS = Set.of("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0");

    private static boolean isStdin(Arg a) {
        return a.value() != null && STDIN_PATHS.contains(a.value());
    }
    /** `[[ ]]` operators that evaluate their operands as arithmetic. */
    private static final Set<String> ARITHMETIC_TESTS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");
    /** Programs that print only numbers when all their arguments are static. */
    private static final Set<String> NUMERIC_OUTPUT = Set.of("wc", "nproc", "seq");
    /** A `for` loop over more static items than this is walked once with its variable unknown. */
    private static final int MAX_LOOP_ITEMS = 16;
    /** Brace expansion beyond this many words is treated as dynamic. */
    private static final int MAX_BRACE_WORDS = 256;

    private final AnalysisContext ctx;
    private final PathClassifier paths;
    private final List<java.util.regex.Pattern> harnessOwned;

    public Analyzer(AnalysisContext ctx) {
        this.ctx = ctx;
        this.paths = new PathClassifier(ctx);
        this.harnessOwned = ctx.harnessOwned().stream().map(Glob::toRegex).toList();
    }

    private boolean harnessOwns(String value, String cwd) {
        if (harnessOwned.isEmpty() || value == null) {
            return false;
        }
        String abs = paths.absolute(value, cwd);
        return abs != null && harnessOwned.stream().anyMatch(p -> p.matcher(abs).matches());
    }

    public Analysis analyze(String text) {
        Script script;
        try {
            script = Parser.parse(text);
        } catch (ParseError e) {
            return Analysis.failed(text, e);
        }
        Walk walk = new Walk();
        walk.collectFunctions(script.stmts());
        walk.list(script.stmts(), new Shell(PathClassifier.normalize(ctx.cwd())),
                new Scope(Invocation.Origin.TOP, List.of(), 0));
        return new Analysis(text, walk.out, walk.feeds, Optional.empty(), Optional.ofNullable(walk.limit));
    }

    /** The shell state that commands change for the commands after them. */
    private static final class Shell {
        String cwd;
        /** Variables assigned earlier in the text: a static value, or null when set at run time. */
        final Map<String, String> vars;
        /** Above zero inside code that may or may not run (a branch, a loop, after `&&`). */
        int conditional;
        /** `$1 $2 ...` inside a function called with known arguments; null when unknown. */
        List<Arg> positional;
        /** IFS was changed: how unquoted expansions split is no longer known. */
        boolean customIfs;
        /** How many function calls deep the walk has followed. */
        int inlineDepth;
        /**
         * Functions surely defined at this point of the walk: a definition that ran unconditionally, earlier,
         * in this shell (not in a subshell, a substitution or a branch that may not run).
         */
        final Set<String> defined;
        /** Variables holding a glob pattern (a `for` item such as `*.txt`): their expansions are globs too. */
        final Set<String> globVars = new HashSet<>();
        /** Variables set at run time to a number (`i=$((i+1))`, `n=$(wc -l < f)`): never code. */
        final Set<String> numeric = new HashSet<>();

        Shell(String cwd) {
            this(cwd, new HashMap<>(), new HashSet<>());
        }

        private Shell(String cwd, Map<String, String> vars, Set<String> defined) {
            this.cwd = cwd;
            this.vars = vars;
            this.defined = defined;
        }

        Shell copy() {
            Shell s = new Shell(cwd, new HashMap<>(vars), new HashSet<>(defined));
            s.globVars.addAll(globVars);
            s.numeric.addAll(numeric);
            s.conditional = conditional;
            s.positional = positional;
            s.customIfs = customIfs;
            s.inlineDepth = inlineDepth;
            return s;
        }

        /** An assignment that surely runs sets a known value; one that may not run makes the value unknown. */
        void assign(String name, String value) {
            vars.put(name, conditional > 0 ? null : value);
            numeric.remove(name);
            if (name.equals("IFS")) {
                customIfs = true;
            }
        }
    }

    /** Where the commands being walked came from. */
    private record Scope(Invocation.Origin origin, List<String> wrappers, int reparseDepth, Set<String> inFunctions) {
        Scope(Invocation.Origin origin, List<String> wrappers, int reparseDepth) {
            this(origin, wrappers, reparseDepth, Set.of());
        }

        Scope with(Invocation.Origin o, String wrapper) {
            List<String> w = new ArrayList<>(wrappers);
            if (wrapper != null) {
                w.add(wrapper);
            }
            return new Scope(o, w, reparseDepth, inFunctions);
        }

        Scope deeper(Invocation.Origin o, String wrapper) {
            Scope s = with(o, wrapper);
            return new Scope(s.origin, s.wrappers, reparseDepth + 1, inFunctions);
        }

        Scope inFunction(String name) {
            Set<String> names = new HashSet<>(inFunctions);
            names.add(name);
            return new Scope(origin, wrappers, reparseDepth, Set.copyOf(names));
        }
    }

    /** Ids of invocations found in a word's substitutions: those feeding the command, and those it feeds. */
    private record Substitutions(List<Integer> feedIn, List<Integer> fedBy) {}

    private final class Walk {
        /** The directory's classifier, with this text's glob options once a `shopt -s` sets them. */
        PathClassifier paths = Analyzer.this.paths;
        final List<Invocation> out = new ArrayList<>();
        final Map<Integer, Set<Integer>> feeds = new HashMap<>();
        final Set<String> functions = new HashSet<>();
        final Map<String, Command.Function> definitions = new HashMap<>();
        final Set<String> called = new HashSet<>();
        /** The functions whose bodies {@link #collect} is inside. */
        private final Set<String> collecting = new HashSet<>();
        String limit;
        /** The known output of the previous pipeline stage, for the first command of the next one. */
        String pipedText;
        /** Somewhere in the text fd 1 or 2 is opened on a file for reading (`1<f`, `2<&3`). */
        boolean stdStreamsFromFiles;
        /** Reading a zsh or fish text as bash: text that does not parse is that shell's business (it asks). */
        boolean foreignGrammar;

        void collectFunctions(List<Stmt> stmts) {
            // A function defined anywhere in the text may be called anywhere after. Calls are found
            // everywhere, substitutions included, so a body is walked at its calls with their arguments.
            for (Stmt s : stmts) {
                collect(s);
            }
        }

        private void collect(Stmt s) {
            s.redirects().forEach(r -> {
                if (("1".equals(r.fd()) || "2".equals(r.fd())) && (r.op() == Redirect.Op.IN
                        || r.op() == Redirect.Op.READ_WRITE || r.op() == Redirect.Op.DUP_IN)) {
                    stdStreamsFromFiles = true;
                }
                collectWord(r.target());
                if (r.hereDoc() != null && r.hereDoc().body() != null) {
                    collectWord(r.hereDoc().body());
                }
            });
            s.command().accept(collector);
        }

        /** The pre-pass: which functions are defined, and which are called, anywhere in the text. */
        private final Command.Visitor<Void> collector = new Command.Visitor<>() {
            @Override
            public Void visitSimple(Command.Simple simple) {
                if (!simple.words().isEmpty()) {
                    // a call from inside the function's own body does not make it run
                    simple.words().get(0).literal().filter(n -> !collecting.contains(n)).ifPresent(called::add);
                }
                simple.words().forEach(Walk.this::collectWord);
                simple.assigns().forEach(as -> collectWord(as.value()));
                return null;
            }

            @Override
            public Void visitFunction(Command.Function f) {
                functions.add(f.name());
                definitions.put(f.name(), f);
                boolean added = collecting.add(f.name());
                collect(f.body());
                if (added) {
                    collecting.remove(f.name());
                }
                return null;
            }

            @Override
            public Void visitBlock(Command.Block b) {
                collectFunctions(b.body());
                return null;
            }

            @Override
            public Void visitSubshell(Command.Subshell sub) {
                collectFunctions(sub.body());
                return null;
            }

            @Override
            public Void visitAndOr(Command.AndOr a) {
                collectFunctions(a.parts());
                return null;
            }

            @Override
            public Void visitPipeline(Command.Pipeline p) {
                collectFunctions(p.stages());
                return null;
            }

            @Override
            public Void visitIf(Command.If f) {
                f.branches().forEach(b -> {
                    collectFunctions(b.condition());
                    collectFunctions(b.body());
                });
                collectFunctions(f.elseBody());
                return null;
            }

            @Override
            public Void visitWhile(Command.While w) {
                collectFunctions(w.condition());
                collectFunctions(w.body());
                return null;
            }

            @Override
            public Void visitFor(Command.For f) {
                if (f.items() != null) {
                    f.items().forEach(Walk.this::collectWord);
                }
                collectFunctions(f.body());
                return null;
            }

            @Override
            public Void visitArithFor(Command.ArithFor f) {
                collectFunctions(f.body());
                return null;
            }

            @Override
            public Void visitCase(Command.Case cs) {
                collectWord(cs.subject());
                cs.items().forEach(item -> collectFunctions(item.body()));
                return null;
            }

            @Override
            public Void visitTest(Command.Test t) {
                t.words().forEach(Walk.this::collectWord);
                return null;
            }

            @Override
            public Void visitArith(Command.Arith ar) {
                collectWord(ar.expression());
                return null;
            }

            @Override
            public Void visitCoproc(Command.Coproc co) {
                collect(co.body());
                return null;
            }
        };

        private void collectWord(Word w) {
            if (w == null) {
                return;
            }
            for (WordPart p : w.parts()) {
                collectPart(p);
            }
        }

        private void collectPart(WordPart p) {
            p.accept(partCollector);
        }

        /** Substitutions hold commands, and so hold function definitions and calls; plain text holds none. */
        private final WordPart.Visitor<Void> partCollector = new WordPart.Visitor<>() {
            @Override
            public Void visitLit(WordPart.Lit p) {
                return null;
            }

            @Override
            public Void visitSingleQuoted(WordPart.SingleQuoted p) {
                return null;
            }

            @Override
            public Void visitAnsiC(WordPart.AnsiC p) {
                return null;
            }

            @Override
            public Void visitDoubleQuoted(WordPart.DoubleQuoted dq) {
                dq.parts().forEach(Walk.this::collectPart);
                return null;
            }

            @Override
            public Void visitParam(WordPart.Param pe) {
                collectWord(pe.index());
                collectWord(pe.arg());
                return null;
            }

            @Override
            public Void visitCommandSubst(WordPart.CommandSubst cs) {
                collectFunctions(cs.stmts());
                return null;
            }

            @Override
            public Void visitArithExpansion(WordPart.ArithExpansion ae) {
                collectWord(ae.expression());
                return null;
            }

            @Override
            public Void visitProcessSubst(WordPart.ProcessSubst ps) {
                collectFunctions(ps.stmts());
                return null;
            }

            @Override
            public Void visitArrayLit(WordPart.ArrayLit al) {
                al.elements().forEach(Walk.this::collectWord);
                return null;
            }
        };

        void list(List<Stmt> stmts, Shell sh, Scope scope) {
            for (Stmt s : stmts) {
                stmt(s, sh, scope);
            }
        }

        void stmt(Stmt st, Shell shell, Scope scope) {
            // `cmd &` runs in a subshell: its cd, variables and functions stay there
            Shell sh = st.background() ? shell.copy() : shell;
            int start = out.size();
            boolean redirectsTaken = st.command().accept(new Statement(st, sh, scope));
            if (!redirectsTaken && !st.redirects().isEmpty()) {
                List<Integer> feedIn = new ArrayList<>();
                List<RedirectFact> facts = redirects(st.redirects(), sh, scope, feedIn, null);
                int self = emit(Invocation.Kind.NO_COMMAND, st.pos(), null, null, List.of(), facts, List.of(), sh,
                        scope, false, false);
                for (int k = start; k < out.size(); k++) {
                    if (k != self) {
                        for (int in : feedIn) {
                            addFeed(in, k);
                        }
                    }
                }
            }
        }

        /**
         * Walks the command of one statement; true when the command took the statement's redirections as its
         * own (a simple command's), false when they are the compound's, emitted after its body.
         */
        private final class Statement implements Command.Visitor<Boolean> {
            private final Stmt st;
            private final Shell sh;
            private final Scope scope;

            Statement(Stmt st, Shell sh, Scope scope) {
                this.st = st;
                this.sh = sh;
                this.scope = scope;
            }

            @Override
            public Boolean visitSimple(Command.Simple s) {
                simple(s, st.redirects(), sh, scope);
                return true;
            }

            @Override
            public Boolean visitPipeline(Command.Pipeline p) {
                List<int[]> ranges = new ArrayList<>();
                String piped = null;
                for (Stmt stage : p.stages()) {
                    int from = out.size();
                    pipedText = piped; // `echo 'rm -rf ~' | sh`: the next stage reads known text
                    stmt(stage, sh.copy(), scope);
                    pipedText = null;
                    piped = stage.redirects().isEmpty() ? constantOutput(List.of(stage), sh) : null;
                    ranges.add(new int[] {from, out.size()});
                }
                for (int k = 0; k + 1 < ranges.size(); k++) {
                    link(ranges.get(k)[0], ranges.get(k)[1], ranges.get(k + 1)[0], ranges.get(k + 1)[1]);
                }
                return false;
            }

            @Override
            public Boolean visitAndOr(Command.AndOr a) {
                for (int k = 0; k < a.parts().size(); k++) {
                    sh.conditional += k > 0 ? 1 : 0;
                    stmt(a.parts().get(k), sh, scope);
                    sh.conditional -= k > 0 ? 1 : 0;
                }
                return false;
            }

            @Override
            public Boolean visitSubshell(Command.Subshell s) {
                list(s.body(), sh.copy(), scope);
                return false;
            }

            @Override
            public Boolean visitBlock(Command.Block b) {
                list(b.body(), sh, scope);
                return false;
            }

            @Override
            public Boolean visitIf(Command.If f) {
                sh.conditional++;
                for (Command.Branch b : f.branches()) {
                    list(b.condition(), sh, scope);
                    list(b.body(), sh, scope);
                }
                list(f.elseBody(), sh, scope);
                sh.conditional--;
                return false;
            }

            @Override
            public Boolean visitWhile(Command.While w) {
                loop(sh, () -> {
                    list(w.condition(), sh, scope);
                    list(w.body(), sh, scope);
                });
                return false;
            }

            @Override
            public Boolean visitFor(Command.For f) {
                forLoop(f, st.pos(), sh, scope);
                return false;
            }

            @Override
            public Boolean visitArithFor(Command.ArithFor f) {
                arithmeticStatement(f.init(), sh, scope);
                arithmeticStatement(f.condition(), sh, scope);
                arithmeticStatement(f.post(), sh, scope);
                loop(sh, () -> list(f.body(), sh, scope));
                return false;
            }

            @Override
            public Boolean visitCase(Command.Case cs) {
                substitutions(cs.subject(), sh, scope);
                sh.conditional++;
                for (Command.CaseItem item : cs.items()) {
                    item.patterns().forEach(w -> substitutions(w, sh, scope));
                    list(item.body(), sh, scope);
                }
                sh.conditional--;
                return false;
            }

            @Override
            public Boolean visitFunction(Command.Function f) {
                if (sh.conditional == 0) {
                    sh.defined.add(f.name());
                }
                // A function called in this text is walked at each call, with its arguments; one that is
                // only defined is walked here with unknown arguments (it may still run later).
                if (!called.contains(f.name())) {
                    Shell body = sh.copy();
                    body.positional = null;
                    stmt(f.body(), body, scope.inFunction(f.name()));
                }
                return false;
            }

            @Override
            public Boolean visitTest(Command.Test t) {
                testOperands(t.words(), sh, scope);
                return false;
            }

            @Override
            public Boolean visitArith(Command.Arith a) {
                arithmeticStatement(a.expression(), sh, scope);
                return false;
            }

            @Override
            public Boolean visitCoproc(Command.Coproc co) {
                stmt(co.body(), sh.copy(), scope);
                return false;
            }
        }

        /**
         * `for NAME in items`: NAME is assigned (a rule about PATH sees `for PATH in ...`). With a few static
         * items the body is walked once for each, NAME holding it (a glob item keeps being a glob), so
         * `for v in SHELL; do unset $v; done` is `unset SHELL`; otherwise NAME is unknown in the body.
         */
        private void forLoop(Command.For f, Pos pos, Shell sh, Scope scope) {
            List<Arg> items = new ArrayList<>();
            boolean numeric = f.items() != null;
            if (f.items() != null) {
                for (Word w : f.items()) {
                    int from = out.size();
                    substitutions(w, sh, scope);
                    List<Arg> these = args(w, sh);
                    numeric &= these.stream().noneMatch(Arg::dynamic) || numericWord(w, from);
                    items.addAll(these);
                }
            }
            emit(Invocation.Kind.NO_COMMAND, pos, null, null, List.of(), List.of(),
                    List.of(new Assignment(f.variable(), null, false)), sh, scope, false, false);
            List<Arg> distinct = f.items() == null || items.stream().anyMatch(Arg::dynamic) ? List.of()
                    : items.stream().filter(distinctBy(Arg::value)).toList();
            if (distinct.isEmpty() || distinct.size() > MAX_LOOP_ITEMS) {
                sh.vars.put(f.variable(), null);
                if (numeric && items.stream().allMatch(a -> a.dynamic() || a.value().matches("-?[0-9]+"))) {
                    sh.numeric.add(f.variable()); // `for i in $(seq 1 100)`
                }
                loop(sh, () -> list(f.body(), sh, scope));
            } else {
                for (Arg item : distinct) {
                    sh.vars.put(f.variable(), item.value());
                    if (item.glob()) {
                        sh.globVars.add(f.variable());
                    } else {
                        sh.globVars.remove(f.variable());
                    }
                    loop(sh, () -> list(f.body(), sh, scope));
                }
            }
            sh.vars.put(f.variable(), null);
            sh.globVars.remove(f.variable());
            sh.numeric.remove(f.variable());
        }

        private static <T> java.util.function.Predicate<T> distinctBy(java.util.function.Function<T, Object> key) {
            Set<Object> seen = new HashSet<>();
            return t -> seen.add(key.apply(t));
        }

        private void arithmeticStatement(Word expr, Shell sh, Scope scope) {
            if (expr != null) {
                arithmetic(expr, sh, scope, new ArrayList<>(), new ArrayList<>());
            }
        }

        /** `[[ a -eq b ]]` evaluates both operands as arithmetic; `[[ -v name ]]` reads a name. */
        private void testOperands(List<Word> words, Shell sh, Scope scope) {
            Set<Integer> arithmetic = new HashSet<>();
            for (int k = 0; k < words.size(); k++) {
                String op = words.get(k).literal().orElse("");
                if (ARITHMETIC_TESTS.contains(op)) {
                    arithmetic.add(k - 1);
                    arithmetic.add(k + 1);
                } else if (op.equals("-v") && k + 1 < words.size()) {
                    nameOperand(single(words.get(k + 1), sh), sh, scope);
                }
            }
            for (int k = 0; k < words.size(); k++) {
                if (arithmetic.contains(k)) {
                    arithmetic(words.get(k), sh, scope, new ArrayList<>(), new ArrayList<>());
                } else {
                    substitutions(words.get(k), sh, scope);
                }
            }
        }

        /**
         * Builtins that evaluate their arguments: `let` and `declare -i` values are arithmetic; names given to
         * `read`, `unset`, `declare`, `mapfile`, `printf -v`, `wait -p`, `test -v` may carry a subscript.
         */
        private void builtinEvaluations(String program, List<Arg> args, Shell sh, Scope scope) {
            switch (program) {
                case "let" -> args.forEach(a -> arithmeticText(a, sh, scope));
                case "declare", "typeset", "local", "export", "readonly", "read", "unset", "mapfile", "readarray" -> {
                    boolean integer = args.stream().anyMatch(a -> a.value() != null && a.value().matches("-[A-Za-z]*i[A-Za-z]*"));
                    for (Arg a : args) {
                        if (a.isFlag()) {
                            continue;
                        }
                        if (a.dynamic()) {
                            continue; // a run-time name is an assignment to `?`, which asks
                        }
                        int eq = a.value().indexOf('=');
                        nameOperand(eq < 0 ? a : withValue(a, a.value().substring(0, eq)), sh, scope);
                        if (integer && eq >= 0) {
                            arithmeticText(withValue(a, a.value().substring(eq + 1)), sh, scope);
                        }
                    }
                }
                case "printf", "wait" -> {
                    String option = program.equals("printf") ? "-v" : "-p";
                    for (int k = 0; k + 1 < args.size(); k++) {
                        if (option.equals(args.get(k).value()) && !args.get(k + 1).dynamic()) {
                            nameOperand(args.get(k + 1), sh, scope);
                        }
                    }
                }
                case "test", "[" -> {
                    for (int k = 0; k + 1 < args.size(); k++) {
                        if ("-v".equals(args.get(k).value())) {
                            nameOperand(args.get(k + 1), sh, scope);
                        }
                    }
                }
                default -> { }
            }
        }

        private Arg withValue(Arg a, String value) {
            return new Arg(value, a.source(), a.pos(), false, Set.of());
        }

        /** A word bash reads as a variable name: one with a subscript holding expansions runs them. */
        private void nameOperand(Arg a, Shell sh, Scope scope) {
            if (a.dynamic() || EvaluatedText.name(a.value())) {
                emit(Invocation.Kind.EVALUATED, a.pos(), null, a.source(), List.of(), List.of(), List.of(), sh, scope,
                        false, false);
            }
        }

        private void loop(Shell sh, Runnable body) {
            String before = sh.cwd;
            sh.conditional++;
            body.run();
            sh.conditional--;
            if (before == null ? sh.cwd != null : !before.equals(sh.cwd)) {
                sh.cwd = null; // a relative `cd` in a loop body may run any number of times
            }
        }

        private void simple(Command.Simple cmd, List<Redirect> stmtRedirects, Shell sh, Scope scope) {
            String piped = pipedText;
            pipedText = null;
            List<Integer> feedIn = new ArrayList<>();
            List<Integer> fedBy = new ArrayList<>();
            List<Assignment> assignments = new ArrayList<>();
            Set<String> numeric = new HashSet<>();
            for (Assign a : cmd.assigns()) {
                int from = out.size();
                Substitutions subs = substitutions(a.value(), sh, scope);
                feedIn.addAll(subs.feedIn());
                if (numericWord(a.value(), from)) {
                    numeric.add(a.name());
                }
                if (a.index() != null) {
                    arithmetic(a.index(), sh, scope, feedIn, new ArrayList<>()); // `a[i]=v` evaluates i
                }
                assignments.add(new Assignment(a.name(), resolve(a.value(), sh), false));
            }
            List<Arg> argv = new ArrayList<>();
            for (Word w : cmd.words()) {
                Substitutions subs = substitutions(w, sh, scope);
                feedIn.addAll(subs.feedIn());
                fedBy.addAll(subs.fedBy());
                argv.addAll(args(w, sh));
            }
            StringBuilder stdinText = new StringBuilder();
            List<RedirectFact> facts = redirects(stmtRedirects, sh, scope, feedIn, stdinText);
            if (piped != null && stmtRedirects.stream().noneMatch(r -> r.fd() == null && !r.op().writes())) {
                stdinText.append(piped);
            }
            int start = out.size();
            if (argv.isEmpty()) {
                emit(Invocation.Kind.NO_COMMAND, cmd.pos(), null, null, List.of(), facts, assignments, sh, scope,
                        false, false);
                for (Assignment as : assignments) {
                    sh.assign(as.name(), as.value());
                    if (numeric.contains(as.name()) && as.value() == null) {
                        sh.numeric.add(as.name());
                    }
                }
            } else {
                command(cmd.pos(), argv, facts, assignments, sh, scope, false,
                        stdinText.length() > 0 ? stdinText.toString() : null);
            }
            for (int k = start; k < out.size(); k++) {
                for (int in : feedIn) {
                    addFeed(in, k);
                }
                for (int o : fedBy) {
                    addFeed(k, o);
                }
            }
        }

        /** Emits one command and whatever it runs in turn. */
        private void command(Pos pos, List<Arg> argv, List<RedirectFact> facts, List<Assignment> assignments,
                Shell sh, Scope scope, boolean inputDependent, String stdinText) {
            Arg first = argv.get(0);
            List<Arg> rest = argv.subList(1, argv.size());
            if (first.dynamic() || first.glob()) {
                emit(Invocation.Kind.DYNAMIC, pos, null, first.source(), rest, facts, assignments, sh, scope,
                        inputDependent, false);
                return;
            }
            String word = first.value();
            // `./x` or `bin/tool` runs a file from a directory, not the program of that name on PATH;
            // an absolute path such as `/bin/rm` is that program.
            String program = word.contains("/") && !word.startsWith("/") ? word : baseName(word);
            if (!program.equals(baseName(word)) && OWN_LAUNCHERS.contains(baseName(word))) {
                // `./bin/airlock console` may be airlock's launcher: judged as airlock too (its denies apply),
                // while the file itself stays a file from a directory (a look-alike script never runs unasked).
                emit(Invocation.Kind.COMMAND, pos, baseName(word), word, rest, List.of(), List.of(), sh, scope,
                        inputDependent, false);
            }
            if (hasHiddenCharacters(word)) {
                emit(Invocation.Kind.DYNAMIC, pos, null, word, rest, facts, assignments, sh, scope, inputDependent, false);
                return;
            }
            if (scope.inFunctions().contains(word)) {
                emit(Invocation.Kind.RECURSIVE_CALL, pos, program, word, rest, facts, assignments, sh, scope,
                        inputDependent, true);
                return;
            }
            if (functions.contains(word) && runsInAShell(scope)) {
                emit(Invocation.Kind.FUNCTION_CALL, pos, program, word, rest, facts, assignments, sh, scope,
                        inputDependent, true);
                Command.Function def = definitions.get(word);
                if (def != null) {
                    Shell body = sh.copy();
                    body.positional = inputDependent ? null : List.copyOf(rest);
                    body.inlineDepth++;
                    if (body.inlineDepth > MAX_INLINE_DEPTH) {
                        limit = "function calls nested deeper than " + MAX_INLINE_DEPTH + " levels";
                        return;
                    }
                    stmt(def.body(), body, scope.inFunction(word));
                }
                if (sh.defined.contains(word)) {
                    return;
                }
                // `rm -rf ~; rm() { :; }` or `if false; then rm() { :; }; fi; rm -rf ~`: the definition may
                // not be in effect here, so the program of that name may run instead: judge it as well.
            }
            if (!harnessOwned.isEmpty() && (program.equals("source") || program.equals(".")) && rest.size() == 1
                    && (rest.get(0).classes().contains(PathClass.SHELL_STARTUP) || harnessOwns(rest.get(0).value(), sh.cwd))) {
                // An agent's start-up script reads the user's own shell start-up files, as any login shell does.
                emit(Invocation.Kind.NO_COMMAND, pos, null, null, List.of(), facts, assignments, sh, scope, false, false);
                return;
            }
            if (CHDIR_OPTIONS.containsKey(program) && !Wrappers.SPECS.containsKey(program)) {
                rest = chdirArgs(program, rest, sh); // `git -C ~ show --no-index .ssh/config`
            }
            int self = out.size();
            emit(Invocation.Kind.COMMAND, pos, program, word, rest, facts, withVariableWrites(program, rest, assignments),
                    sh, scope, inputDependent, false);
            builtinEvaluations(program, rest, sh, scope);
            if (program.equals("shopt") && rest.stream().anyMatch(a -> "-s".equals(a.value()))) {
                // from here on bash matches `*` against dotfiles, or ignores case; a run-time option name may be either
                boolean any = rest.stream().anyMatch(Arg::dynamic);
                paths = paths.withGlobOptions(any || rest.stream().anyMatch(a -> "dotglob".equals(a.value())),
                        any || rest.stream().anyMatch(a -> "nocaseglob".equals(a.value())));
            }
            boolean unwrapped = unwrap(pos, program, rest, sh, scope, stdinText);
            if (unwrapped) {
                Invocation me = out.get(self);
                out.set(self, new Invocation(me.id(), me.kind(), me.pos(), me.program(), me.commandWord(), me.args(),
                        me.redirects(), me.assignments(), me.wrappers(), me.origin(), me.cwd(), me.inputDependent(),
                        true, me.hosts()));
            }
            if (runsInAShell(scope)) {
                trackDirectory(program, rest, sh);
                trackVariables(program, rest, sh);
                trackPositional(program, rest, sh, stdinText);
            }
        }

        /**
         * True when a shell runs the command itself, so its functions and builtins apply (`cd` moves it, `read`
         * sets its variables): at the top, in text a shell runs (`eval`, `trap`, an alias, `bash -c`), or
         * under `time`. `command`, `builtin`, `exec` and external wrappers (`env`, `sudo`, `xargs`,
         * `find -exec`) never call a function, and a `cd` they run moves nothing.
         */
        private boolean runsInAShell(Scope scope) {
            if (scope.wrappers().isEmpty()) {
                return true;
            }
            String last = scope.wrappers().get(scope.wrappers().size() - 1);
            return Set.of("eval", "trap", "alias", "time").contains(last)
                    || (Wrappers.SHELLS.contains(last) && scope.origin() != Invocation.Origin.XARGS);
        }

        /** `export NAME=...`, `unset NAME`, `read NAME`, `printf -v NAME` change variables just as `NAME=...` does. */
        private List<Assignment> withVariableWrites(String program, List<Arg> args, List<Assignment> assignments) {
            List<Assignment> writes = VariableWrites.of(program, args);
            if (writes.isEmpty()) {
                return assignments;
            }
            List<Assignment> out = new ArrayList<>(assignments);
            out.addAll(writes);
            return out;
        }

        /** Finds and analyses the command a wrapper runs; true when it was found. */
        private boolean unwrap(Pos pos, String program, List<Arg> args, Shell sh, Scope scope, String stdinText) {
            if (Wrappers.SHELLS.contains(program)) {
                return shell(pos, program, args, sh, scope, stdinText);
            }
            if (Wrappers.FOREIGN_SHELLS.contains(program)) {
                // Read as bash where that parses, to find what it surely runs; never transparent (see FOREIGN_SHELLS).
                foreignGrammar = true;
                try {
                    shell(pos, program, args, sh, scope, stdinText);
                } finally {
                    foreignGrammar = false;
                }
                return false;
            }
            switch (program) {
                case "eval" -> {
                    return reparse(pos, joined(args, 0), "eval", sh, scope, Invocation.Origin.EVAL);
                }
                case "alias" -> {
                    boolean all = true;
                    for (Arg a : args) {
                        if (a.dynamic()) {
                            all = false;
                        } else if (a.value().contains("=")) {
                            all &= reparse(pos, a.value().substring(a.value().indexOf('=') + 1), "alias", sh, scope,
                                    Invocation.Origin.ALIAS);
                        }
                    }
                    return all;
                }
                case "trap" -> {
                    // `trap -- 'cmd' EXIT` is `trap 'cmd' EXIT`; `trap -p`, `trap -l` and `trap` alone only print
                    List<Arg> rest = !args.isEmpty() && "--".equals(args.get(0).value()) ? args.subList(1, args.size()) : args;
                    if (rest.isEmpty() || (rest == args && rest.get(0).isFlag())) {
                        return true;
                    }
                    return reparse(pos, rest.get(0).value(), "trap", sh, scope, Invocation.Origin.TRAP);
                }
                case "mapfile", "readarray" -> {
                    // `mapfile -C CODE`: CODE runs in this shell for every few lines read
                    for (int k = 0; k < args.size(); ) {
                        if (!args.get(k).isFlag()) {
                            k++;
                            continue;
                        }
                        Options.Read read = Options.read(args, k, Set.of("-d", "-n", "-O", "-s", "-u", "-C", "-c"));
                        for (Options.Opt o : read.options()) {
                            if (o.name().equals("-C")) {
                                return reparse(pos, o.value(), program, sh, scope, Invocation.Origin.EVAL);
                            }
                        }
                        k = read.next();
                    }
                    return false;
                }
                case "find" -> {
                    return find(pos, args, sh, scope);
                }
                case "xargs" -> {
                    return xargs(pos, args, sh, scope, stdinText);
                }
                case "source", "." -> {
                    // `. /dev/stdin <<< 'text'`, `echo text | source /dev/stdin`
                    boolean stdin = args.size() == 1 && isStdin(args.get(0));
                    return stdin && stdinText != null
                            && reparse(pos, stdinText, program, sh, scope, Invocation.Origin.HERE_DOCUMENT);
                }
                default -> {
                    Wrappers.Spec spec = Wrappers.SPECS.get(program);
                    return spec != null && wrapper(pos, program, spec, args, sh, scope);
                }
            }
        }

        private boolean wrapper(Pos pos, String program, Wrappers.Spec spec, List<Arg> args, Shell shell, Scope scope) {
            List<Assignment> assignments = new ArrayList<>();
            String chdir = null;
            Shell sh = shell;
            int positionals = spec.positionals();
            for (int k = 0; k < args.size(); k++) {
                Arg a = args.get(k);
                if (a.dynamic()) {
                    emitDynamic(pos, a, args.subList(k + 1, args.size()), sh, scope.with(scope.origin(), program));
                    return true;
                }
                String v = a.value();
                if (v.equals("--")) {
                    return inner(pos, program, spec, rebase(args.subList(k + 1, args.size()), chdir, sh), assignments,
                            in(chdir, sh), scope);
                }
                if (spec.assignments() && v.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    int eq = v.indexOf('=');
                    assignments.add(new Assignment(v.substring(0, eq), v.substring(eq + 1), false));
                    continue;
                }
                if (program.equals("env") && v.equals("-")) {
                    assignments.add(new Assignment(UNSET_ALL, null, true)); // `env - cmd` is `env -i cmd`
                    continue;
                }
                if (v.startsWith("-") && v.length() > 1) {
                    Options.Read read = Options.read(args, k, spec.takesValue());
                    k = read.next() - 1;
                    for (Options.Opt o : read.options()) {
                        if (spec.noCommandOptions().contains(o.name())) {
                            return false;
                        }
                        if (spec.shellStringOptions().contains(o.name())) {
                            if (o.value() == null) {
                                emitDynamic(pos, o.arg(), List.of(), sh, scope.with(scope.origin(), program));
                                return true;
                            }
                            return reparse(pos, o.value(), program, sh, scope, Invocation.Origin.SHELL_STRING);
                        }
                        if (CHDIR_OPTIONS.getOrDefault(program, Set.of()).contains(o.name())) {
                            chdir = o.value() == null ? DYNAMIC_DIR : o.value(); // `env -C ~ cat .kube/config`
                        }
                        if (program.equals("env") && (o.name().equals("-u") || o.name().equals("--unset"))) {
                            String name = o.value() == null ? VariableWrites.UNKNOWN_NAME : o.value();
                            assignments.add(new Assignment(name, null, true));
                        } else if (program.equals("env") && (o.name().equals("-i") || o.name().equals("--ignore-environment"))) {
                            assignments.add(new Assignment(UNSET_ALL, null, true));
                        }
                    }
                    continue;
                }
                if (positionals > 0) {
                    positionals--;
                    continue;
                }
                if (program.equals("su")) {
                    continue; // `su - user`: su runs a command only through -c
                }
                return inner(pos, program, spec, rebase(args.subList(k, args.size()), chdir, sh), assignments,
                        in(chdir, sh), scope);
            }
            // No command: `env` prints the environment, `nice` prints the niceness, `sudo -i` and `su` open a
            // shell. Nothing was unwrapped, so the wrapper itself is the decision.
            if (!assignments.isEmpty()) {
                emit(Invocation.Kind.NO_COMMAND, pos, null, null, List.of(), List.of(), assignments, sh,
                        scope.with(scope.origin(), program), false, false);
            }
            return false;
        }

        /** Arguments after `-C DIR` (git, make, tar...) read as paths from DIR. */
        private List<Arg> chdirArgs(String program, List<Arg> args, Shell sh) {
            Set<String> options = CHDIR_OPTIONS.get(program);
            for (int k = 0; k < args.size(); k++) {
                String v = args.get(k).value();
                if (v == null) {
                    continue;
                }
                String name = v.contains("=") ? v.substring(0, v.indexOf('=')) : v;
                if (options.contains(name)) {
                    String dir = v.contains("=") ? v.substring(v.indexOf('=') + 1)
                            : k + 1 < args.size() ? args.get(k + 1).value() : null;
                    List<Arg> out = new ArrayList<>(args.subList(0, k + 1));
                    out.addAll(rebase(args.subList(k + 1, args.size()), dir == null ? DYNAMIC_DIR : dir, sh));
                    return out;
                }
            }
            return args;
        }

        /** The shell as seen from {@code dir} (an option like `env -C DIR`), or {@code sh} when there is none. */
        private Shell in(String dir, Shell sh) {
            if (dir == null) {
                return sh;
            }
            Shell moved = sh.copy();
            moved.cwd = dir == DYNAMIC_DIR ? null : paths.absolute(dir, sh.cwd); // the sentinel, by identity
            return moved;
        }

        /** The arguments read as paths from {@code dir} instead of the shell's directory. */
        private List<Arg> rebase(List<Arg> args, String dir, Shell sh) {
            if (dir == null) {
                return args;
            }
            String cwd = in(dir, sh).cwd;
            List<Arg> out = new ArrayList<>();
            for (Arg a : args) {
                out.add(a.dynamic() ? a : new Arg(a.value(), a.source(), a.pos(), a.glob(), paths.classify(a.value(), a.glob(), cwd)));
            }
            return out;
        }

        private boolean inner(Pos pos, String program, Wrappers.Spec spec, List<Arg> argv,
                List<Assignment> assignments, Shell sh, Scope scope) {
            if (argv.isEmpty()) {
                return true;
            }
            if (spec.joinsArgsAsShell()) {
                return reparse(pos, joined(argv, 0), program, sh, scope, Invocation.Origin.SHELL_STRING);
            }
            command(pos, argv, List.of(), assignments, sh, scope.with(scope.origin(), program), false, null);
            return true;
        }

        private boolean shell(Pos pos, String program, List<Arg> args, Shell sh, Scope scope, String stdinText) {
            boolean commandString = false;
            int k = 0;
            if (program.equals("busybox")) {
                if (args.isEmpty() || args.get(0).dynamic() || args.get(0).isFlag()) {
                    return false;
                }
                if (!Set.of("sh", "ash", "bash").contains(args.get(0).value())) {
                    // `busybox rm -rf /` is rm: the applet is judged as that program (busybox itself still asks)
                    command(pos, args, List.of(), List.of(), sh, scope.with(scope.origin(), program), false, null);
                    return false;
                }
                k = 1;
            }
            for (; k < args.size(); k++) {
                Arg a = args.get(k);
                if (a.dynamic()) {
                    emitDynamic(pos, a, List.of(), sh, scope.with(scope.origin(), program));
                    return true;
                }
                String v = a.value();
                if (v.equals("--") || v.equals("-")) {
                    k++;
                    break;
                }
                if ((v.startsWith("-") || v.startsWith("+")) && v.length() > 1) {
                    if (v.equals("--rcfile") || v.equals("--init-file")) {
                        return false; // runs that file first: the shell invocation itself is the decision
                    }
                    if (SHELL_LONG_OPTIONS.contains(v)) {
                        continue;
                    }
                    if (Wrappers.SHELL_VALUE_OPTIONS.contains(v)) {
                        k++;
                        continue;
                    }
                    if (v.startsWith("--")) {
                        continue;
                    }
                    if (v.indexOf('c') > 0) {
                        commandString = true;
                    }
                    if (v.indexOf('o') > 0 || v.indexOf('O') > 0) {
                        k++; // a bundle like -eo pipefail takes the next word as the option name
                    }
                    continue;
                }
                break;
            }
            if (commandString) {
                if (k >= args.size()) {
                    return true;
                }
                Arg text = args.get(k);
                if (text.dynamic()) {
                    emitDynamic(pos, text, List.of(), sh, scope.with(scope.origin(), program));
                    return true;
                }
                // `bash -c 'text' name a b`: name is $0, a and b are $1 and $2
                List<Arg> positional = k + 2 <= args.size() ? args.subList(Math.min(k + 2, args.size()), args.size()) : List.of();
                return reparse(pos, text.value(), program, sh, scope, Invocation.Origin.SHELL_STRING, positional);
            }
            if (k < args.size() && !(k + 1 == args.size() && isStdin(args.get(k)))) {
                return false; // runs a script file: the shell invocation itself is the decision
            }
            if (stdinText != null) {
                return reparse(pos, stdinText, program, sh, scope, Invocation.Origin.HERE_DOCUMENT);
            }
            return false; // reads commands from stdin: decided by what feeds it
        }

        private static final Set<String> SHELL_LONG_OPTIONS = Set.of("--login", "--noprofile", "--norc",
                "--posix", "--restricted", "--verbose", "--version", "--help", "--debugger", "--dump-strings",
                "--dump-po-strings", "--noediting", "--pretty-print");

        private boolean find(Pos pos, List<Arg> args, Shell sh, Scope scope) {
            boolean found = false;
            // `{}` stands for each file found under the start paths; read it as the start path itself,
            // so `find / -exec rm -rf {} +` is a recursive delete of `/`.
            List<Arg> starts = new ArrayList<>();
            for (Arg a : args) {
                if (a.value() != null && (a.value().startsWith("-") || a.value().equals("(") || a.value().equals("!"))) {
                    break;
                }
                starts.add(a);
            }
            if (starts.isEmpty()) {
                starts.add(new Arg(".", ".", pos, false, paths.classify(".", false, sh.cwd)));
            }
            for (int k = 0; k + 1 < args.size(); k++) {
                String v = args.get(k).value();
                String name = args.get(k + 1).value();
                if (name != null && ("-name".equals(v) || "-iname".equals(v))) {
                    // The files found match the name pattern: `-name '.env*' -exec cat {}` reads dotenv files.
                    List<Arg> named = new ArrayList<>();
                    for (Arg s : starts) {
                        String p = s.value() == null ? null : s.value() + "/" + name;
                        named.add(new Arg(p, s.source() + "/" + name, s.pos(), true, paths.classify(p, true, sh.cwd)));
                    }
                    starts = named;
                    break;
                }
            }
            for (int k = 0; k < args.size(); k++) {
                Arg a = args.get(k);
                if (a.value() != null && Wrappers.FIND_EXEC.contains(a.value())) {
                    int end = k + 1;
                    while (end < args.size() && !(";".equals(args.get(end).value()) || "+".equals(args.get(end).value()))) {
                        end++;
                    }
                    List<Arg> template = args.subList(k + 1, end);
                    boolean embedded = template.stream().anyMatch(x -> x.value() != null && !x.value().equals("{}")
                            && x.value().contains("{}"));
                    // find pastes the file name into every word that holds `{}` (`sh -c 'cat {}'`): with such a
                    // word the command is judged once for each start path standing in for the names found, and
                    // as a command built at run time, since a file name pasted into code is code.
                    if (embedded) {
                        Arg word = template.stream().filter(x -> x.value() != null && x.value().contains("{}")).findFirst().get();
                        emitDynamic(pos, word, List.of(), sh, scope.with(Invocation.Origin.FIND_EXEC, "find"));
                    }
                    for (Arg start : embedded ? starts.subList(0, Math.min(starts.size(), MAX_LOOP_ITEMS)) : List.<Arg>of()) {
                        List<Arg> argv = new ArrayList<>();
                        for (Arg x : template) {
                            boolean pasted = x.value() != null && x.value().contains("{}");
                            argv.add(!pasted ? x : start.value() == null ? new Arg(null, x.source(), x.pos(), false,
                                    Set.of(PathClass.UNKNOWN)) : new Arg(x.value().replace("{}", start.value()), x.source(),
                                    x.pos(), start.glob(), paths.classify(x.value().replace("{}", start.value()),
                                    start.glob(), sh.cwd)));
                        }
                        command(pos, argv, List.of(), List.of(), new Shell(null), scope.with(Invocation.Origin.FIND_EXEC, "find"),
                                true, null);
                        found = true;
                    }
                    List<Arg> argv = new ArrayList<>();
                    for (Arg x : template) {
                        if ("{}".equals(x.value())) {
                            argv.addAll(starts);
                        } else {
                            argv.add(x);
                        }
                    }
                    if (!embedded && !argv.isEmpty()) {
                        command(pos, argv, List.of(), List.of(), new Shell(null), scope.with(Invocation.Origin.FIND_EXEC, "find"),
                                true, null);
                        found = true;
                    }
                    k = end;
                }
            }
            return found;
        }

        private boolean xargs(Pos pos, List<Arg> args, Shell sh, Scope scope, String stdinText) {
            String replace = null;
            boolean plainInput = true;
            int commandStart = args.size();
            for (int k = 0; k < args.size(); ) {
                Arg a = args.get(k);
                if (a.dynamic()) {
                    emitDynamic(pos, a, List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"));
                    return true;
                }
                String v = a.value();
                if (v.equals("--")) {
                    commandStart = k + 1;
                    break;
                }
                if (!v.startsWith("-") || v.length() == 1) {
                    commandStart = k;
                    break;
                }
                Options.Read read = Options.read(args, k, Wrappers.XARGS_VALUE_OPTIONS, Wrappers.XARGS_OPTIONAL_VALUE);
                for (Options.Opt o : read.options()) {
                    plainInput &= !Set.of("-0", "--null", "-d", "--delimiter", "-a", "--arg-file", "-E", "-e", "--eof")
                            .contains(o.name());
                    if (o.name().equals("-I") || o.name().equals("-i") || o.name().equals("--replace")) {
                        // each input line is pasted where the replace string stands; a run-time one could be anywhere
                        replace = o.value() != null ? o.value() : o.arg() != null ? "" : "{}";
                    }
                }
                k = read.next();
            }
            if (commandStart >= args.size()) {
                return true; // no command: xargs runs echo
            }
            List<Arg> argv = new ArrayList<>(args.subList(commandStart, args.size()));
            if (replace != null) {
                // Each input line is pasted into the arguments: those words are only known at run time.
                for (int k = 0; k < argv.size(); k++) {
                    Arg x = argv.get(k);
                    if (x.value() != null && (replace.isEmpty() || x.value().contains(replace))) {
                        argv.set(k, new Arg(null, x.source(), x.pos(), false, Set.of(PathClass.UNKNOWN)));
                    }
                }
            }
            if (argv.get(0).dynamic()) {
                emitDynamic(pos, argv.get(0), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"));
                return true;
            }
            if (stdinText != null && replace == null && plainInput && !stdinText.matches("(?s).*['\"\\\\].*")) {
                // `echo .env | xargs cat`: the input is known, so are the arguments xargs adds
                for (String token : stdinText.strip().split("\\s+")) {
                    if (!token.isEmpty()) {
                        argv.add(new Arg(token, token, pos, false, paths.classify(token, false, sh.cwd)));
                    }
                }
                command(pos, argv, List.of(), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"), false, null);
                return true;
            }
            command(pos, argv, List.of(), List.of(), sh, scope.with(Invocation.Origin.XARGS, "xargs"), true, null);
            return true;
        }

        private boolean reparse(Pos pos, String text, String wrapper, Shell sh, Scope scope, Invocation.Origin origin) {
            return reparse(pos, text, wrapper, sh, scope, origin, null);
        }

        /** {@code positional}: `$1 $2 ...` of a new shell (`bash -c 'text' name a b`), or null to keep this shell's. */
        private boolean reparse(Pos pos, String text, String wrapper, Shell sh, Scope scope, Invocation.Origin origin,
                List<Arg> positional) {
            if (text == null) {
                emitDynamic(pos, null, List.of(), sh, scope.with(origin, wrapper));
                return true;
            }
            if (scope.reparseDepth() >= MAX_REPARSE_DEPTH) {
                limit = "commands nested in shell strings deeper than " + MAX_REPARSE_DEPTH + " levels";
                return false;
            }
            Script inner;
            try {
                inner = Parser.parse(text);
            } catch (ParseError e) {
                if (!foreignGrammar) {
                    limit = "the text given to " + wrapper + " does not parse: " + e.getMessage();
                }
                return false;
            }
            Scope innerScope = scope.deeper(origin, wrapper);
            collectFunctions(inner.stmts());
            // An `eval` or alias runs in the current shell; `bash -c` in a child with the same directory and
            // none of this shell's functions.
            Shell target = origin == Invocation.Origin.EVAL ? sh : sh.copy();
            if (origin == Invocation.Origin.SHELL_STRING || origin == Invocation.Origin.HERE_DOCUMENT) {
                target.defined.clear();
            }
            if (positional != null) {
                target.positional = List.copyOf(positional);
            }
            list(inner.stmts(), target, innerScope);
            return true;
        }

        private void emitDynamic(Pos pos, Arg word, List<Arg> rest, Shell sh, Scope scope) {
            emit(Invocation.Kind.DYNAMIC, pos, null, word == null ? null : word.source(), rest, List.of(), List.of(),
                    sh, scope, false, false);
        }

        /** `export x=1` and `local x=1` set variables; `read x`, `unset x` and the like make them unknown. */
        private void trackVariables(String program, List<Arg> args, Shell sh) {
            boolean declaration = VariableWrites.isDeclaration(program);
            for (Assignment as : VariableWrites.of(program, args)) {
                if (as.name().equals(VariableWrites.UNKNOWN_NAME)) {
                    sh.vars.replaceAll((name, value) -> null); // any variable may have changed
                    sh.numeric.clear();
                } else if (declaration && !as.unset()) {
                    sh.assign(as.name(), as.value());
                } else {
                    sh.vars.put(as.name(), null);
                    sh.numeric.remove(as.name());
                }
            }
        }

        /**
         * `set -- a b` and `shift` change `$1 $2 ...`; `read x <<< text` sets x to the text's first line.
         * What is not known statically makes them unknown.
         */
        private void trackPositional(String program, List<Arg> args, Shell sh, String stdinText) {
            if (program.equals("set")) {
                int k = 0;
                while (k < args.size() && args.get(k).value() != null && (args.get(k).value().startsWith("-")
                        || args.get(k).value().startsWith("+")) && !args.get(k).value().equals("--")
                        && !args.get(k).value().equals("-")) {
                    k += args.get(k).value().matches("[-+]o") ? 2 : 1;
                }
                boolean ended = k < args.size() && ("--".equals(args.get(k).value()) || "-".equals(args.get(k).value()));
                if (ended || k < args.size()) {
                    List<Arg> now = args.subList(Math.min(args.size(), k + (ended ? 1 : 0)), args.size());
                    sh.positional = sh.conditional > 0 || now.stream().anyMatch(Arg::dynamic) ? null : List.copyOf(now);
                }
            } else if (program.equals("shift")) {
                int n = args.isEmpty() ? 1 : args.get(0).value() != null && args.get(0).value().matches("[0-9]+")
                        ? Integer.parseInt(args.get(0).value()) : -1;
                sh.positional = sh.positional == null || n < 0 || sh.conditional > 0 ? null
                        : sh.positional.subList(Math.min(n, sh.positional.size()), sh.positional.size());
            } else if (program.equals("read") && stdinText != null && args.size() == 1 && !args.get(0).dynamic()
                    && args.get(0).value().matches("[A-Za-z_][A-Za-z0-9_]*") && sh.conditional == 0 && !sh.customIfs) {
                String line = stdinText.lines().findFirst().orElse("").strip();
                if (!line.contains("\\")) {
                    sh.vars.put(args.get(0).value(), line); // `read x <<< ~/.kube/config`: x is that text
                }
            }
        }

        private void trackDirectory(String program, List<Arg> args, Shell sh) {
            switch (program) {
                case "cd", "pushd" -> {
                    List<Arg> operands = args.stream().filter(a -> a.dynamic() || !a.isFlag()).toList();
                    if (operands.isEmpty()) {
                        sh.cwd = program.equals("cd") ? PathClassifier.normalize(ctx.home()) : null;
                    } else if (operands.get(0).dynamic() || operands.get(0).value().equals("-")) {
                        sh.cwd = null;
                    } else {
                        sh.cwd = paths.absolute(operands.get(0).value(), sh.cwd);
                    }
                }
                case "popd" -> sh.cwd = null;
                default -> { }
            }
        }

        private int emit(Invocation.Kind kind, Pos pos, String program, String commandWord, List<Arg> args,
                List<RedirectFact> redirects, List<Assignment> assignments, Shell sh, Scope scope,
                boolean inputDependent, boolean unwrapped) {
            int id = out.size();
            out.add(new Invocation(id, kind, pos, program, commandWord, args, redirects, assignments,
                    scope.wrappers(), scope.origin(), sh.cwd, inputDependent, unwrapped, Hosts.of(program, args)));
            return id;
        }

        private void link(int fromStart, int fromEnd, int toStart, int toEnd) {
            for (int a = fromStart; a < fromEnd; a++) {
                for (int b = toStart; b < toEnd; b++) {
                    addFeed(a, b);
                }
            }
        }

        private void addFeed(int from, int to) {
            if (from != to) {
                feeds.computeIfAbsent(from, x -> new LinkedHashSet<>()).add(to);
            }
        }

        private List<RedirectFact> redirects(List<Redirect> redirects, Shell sh, Scope scope, List<Integer> feedIn,
                StringBuilder stdinText) {
            List<RedirectFact> facts = new ArrayList<>();
            for (Redirect r : redirects) {
                Substitutions subs = substitutions(r.target(), sh, scope);
                feedIn.addAll(subs.feedIn());
                feedIn.addAll(subs.fedBy());
                if (r.hereDoc() != null) {
                    feedIn.addAll(substitutions(r.hereDoc().body(), sh, scope).feedIn());
                    if (stdinText != null) {
                        stdinText.append(hereDocText(r.hereDoc().body()));
                    }
                    continue;
                }
                if (r.op() == Redirect.Op.HERESTRING) {
                    if (stdinText != null) {
                        String v = resolve(r.target(), sh);
                        stdinText.append(v != null ? v : Printer.word(r.target())).append('\n');
                    }
                    continue;
                }
                Arg target = single(r.target(), sh);
                boolean writes = r.op().writes() && !harnessOwns(target.value(), sh.cwd);
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
                    || (stdStreamsFromFiles && ("/dev/stdout".equals(target) || "/dev/stderr".equals(target)));
        }

        private String hereDocText(Word body) {
            String v = body.literal().orElse(null);
            return v != null ? v : Printer.word(body).replaceAll("^\"|\"$", "");
        }

        Substitutions substitutions(Word w, Shell sh, Scope scope) {
            List<Integer> in = new ArrayList<>();
            List<Integer> outFeeds = new ArrayList<>();
            for (WordPart p : w.parts()) {
                part(p, sh, scope, in, outFeeds);
            }
            return new Substitutions(in, outFeeds);
        }

        private void part(WordPart p, Shell sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
            p.accept(new Expansion(sh, scope, in, outFeeds));
        }

        /**
         * Runs what one part of a word runs when it expands: substitutions, subscripts and arithmetic. Their ids go
         * to {@code in} (output the command reads) or {@code outFeeds} (`>(cmd)`, fed by the command).
         */
        private final class Expansion implements WordPart.Visitor<Void> {
            private final Shell sh;
            private final Scope scope;
            private final List<Integer> in;
            private final List<Integer> outFeeds;

            Expansion(Shell sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
                this.sh = sh;
                this.scope = scope;
                this.in = in;
                this.outFeeds = outFeeds;
            }

            @Override
            public Void visitLit(WordPart.Lit p) {
                return null;
            }

            @Override
            public Void visitSingleQuoted(WordPart.SingleQuoted p) {
                return null;
            }

            @Override
            public Void visitAnsiC(WordPart.AnsiC p) {
                return null;
            }

            @Override
            public Void visitCommandSubst(WordPart.CommandSubst c) {
                int from = out.size();
                list(c.stmts(), sh.copy(), scope.with(Invocation.Origin.SUBSTITUTION, null));
                for (int k = from; k < out.size(); k++) {
                    in.add(k);
                }
                return null;
            }

            @Override
            public Void visitProcessSubst(WordPart.ProcessSubst ps) {
                int from = out.size();
                list(ps.stmts(), sh.copy(), scope.with(Invocation.Origin.SUBSTITUTION, null));
                for (int k = from; k < out.size(); k++) {
                    (ps.output() ? outFeeds : in).add(k);
                }
                return null;
            }

            @Override
            public Void visitDoubleQuoted(WordPart.DoubleQuoted dq) {
                dq.parts().forEach(inner -> inner.accept(this));
                return null;
            }

            @Override
            public Void visitParam(WordPart.Param pe) {
                if (pe.index() != null) {
                    arithmetic(pe.index(), sh, scope, in, outFeeds);
                }
                if (pe.arg() != null) {
                    if (pe.op().equals(":")) {
                        arithmetic(pe.arg(), sh, scope, in, outFeeds); // `${s:off:len}`
                    } else {
                        pe.arg().parts().forEach(inner -> inner.accept(this));
                    }
                }
                evaluatedParam(pe, sh, scope);
                return null;
            }

            @Override
            public Void visitArithExpansion(WordPart.ArithExpansion a) {
                arithmetic(a.expression(), sh, scope, in, outFeeds);
                return null;
            }

            @Override
            public Void visitArrayLit(WordPart.ArrayLit a) {
                a.elements().forEach(e -> e.parts().forEach(inner -> inner.accept(this)));
                return null;
            }
        }

        /**
         * Walks an arithmetic expression (`$((e))`, `((e))`, a subscript, `${s:e}`): its substitutions run, and
         * bash evaluates the values of the variables it names as expressions in turn ({@link EvaluatedText}).
         */
        private void arithmetic(Word expr, Shell sh, Scope scope, List<Integer> in, List<Integer> outFeeds) {
            int from = out.size();
            expr.parts().forEach(inner -> part(inner, sh, scope, in, outFeeds));
            boolean runTime = !numericOutput(from, out.size());
            StringBuilder text = new StringBuilder();
            runTime &= out.size() > from;
            for (WordPart q : flatten(expr.parts())) {
                if (q instanceof WordPart.Param pe && !pe.name().isEmpty()) {
                    runTime |= pe.prefix().isEmpty() && EvaluatedText.variable(pe.name(), lookup(sh));
                } else if (q instanceof WordPart.CommandSubst || q instanceof WordPart.ProcessSubst
                        || q instanceof WordPart.ArithExpansion) {
                    text.append(' ');
                } else {
                    text.append(new Word(q.pos(), List.of(q)).literal().orElse(""));
                }
            }
            if (runTime || EvaluatedText.arithmetic(text.toString(), lookup(sh))) {
                emitEvaluated(expr, "arithmetic evaluates text known only at run time", sh, scope);
            }
        }

        /** Checks a static arithmetic text (a `let` argument, a `[[ -eq ]]` operand, a `declare -i` value). */
        private void arithmeticText(Arg a, Shell sh, Scope scope) {
            boolean risky = a.dynamic() ? !inertExpansion(a, sh) : EvaluatedText.arithmetic(a.value(), lookup(sh));
            if (risky) {
                emit(Invocation.Kind.EVALUATED, a.pos(), null, a.source(), List.of(), List.of(), List.of(), sh, scope,
                        false, false);
            }
        }

        /** A run-time word that is one numeric variable (`$i` after `i=$((i+1))`) evaluates to a number. */
        private boolean inertExpansion(Arg a, Shell sh) {
            String name = a.source().replaceAll("^\"?\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?\"?$", "$1");
            return name.matches("[A-Za-z_][A-Za-z0-9_]*") && !EvaluatedText.variable(name, lookup(sh));
        }

        /** `${!x}` reads x's value as a name (subscript included); `${x@P}` expands x's value like a prompt. */
        private void evaluatedParam(WordPart.Param pe, Shell sh, Scope scope) {
            boolean indirect = pe.prefix().equals("!") && pe.op().isEmpty() && pe.index() == null;
            boolean prompt = pe.op().equals("@") && pe.arg() != null && pe.arg().literal().orElse("").equals("P");
            if (!indirect && !prompt) {
                return;
            }
            Optional<String> state = lookup(sh).apply(pe.name());
            if (pe.name().matches("[0-9@*]") && sh.positional == null) {
                state = Optional.empty();
            }
            boolean risky = state != null && (state.isEmpty()
                    || (indirect ? EvaluatedText.name(state.get()) : EvaluatedText.holdsCode(state.get())));
            if (risky) {
                emitEvaluated(new Word(pe.pos(), List.of(pe)), indirect ? "the value is read as a variable name"
                        : "the value is expanded like a prompt", sh, scope);
            }
        }

        private void emitEvaluated(Word w, String why, Shell sh, Scope scope) {
            emit(Invocation.Kind.EVALUATED, w.pos(), null, Printer.word(w), List.of(), List.of(), List.of(), sh, scope,
                    false, false);
        }

        /** Parts with double quotes opened: `"$x"` inside `$(( ))` is still the variable x. */
        private List<WordPart> flatten(List<WordPart> parts) {
            List<WordPart> flat = new ArrayList<>();
            for (WordPart q : parts) {
                if (q instanceof WordPart.DoubleQuoted dq) {
                    flat.addAll(flatten(dq.parts()));
                } else {
                    flat.add(q);
                }
            }
            return flat;
        }

        /** `$((i+1))`, `"$(wc -l < f)"`: a value that is a number whatever happens at run time. */
        private boolean numericWord(Word w, int firstInvocation) {
            List<WordPart> parts = flatten(w.parts());
            return !parts.isEmpty() && parts.stream().allMatch(q -> q instanceof WordPart.ArithExpansion
                    || q instanceof WordPart.CommandSubst) && numericOutput(firstInvocation, out.size());
        }

        /** True when every invocation in [from, to) prints only numbers (`wc -l < f`, `nproc`, `seq 1 5`). */
        private boolean numericOutput(int from, int to) {
            for (int k = from; k < to; k++) {
                Invocation inv = out.get(k);
                boolean numeric = inv.kind() == Invocation.Kind.COMMAND && NUMERIC_OUTPUT.contains(inv.program())
                        && inv.args().stream().noneMatch(a -> a.dynamic() || a.value().startsWith("--files0-from"));
                if (!numeric && inv.kind() != Invocation.Kind.NO_COMMAND) {
                    return false;
                }
            }
            return true;
        }

        /** What the walk knows of a variable, as {@link EvaluatedText} asks it. */
        private EvaluatedText.Lookup lookup(Shell sh) {
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
        private List<Arg> args(Word w, Shell sh) {
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
                        out.add(new Arg(piece, source, w.pos(), g, paths.classify(piece, g, sh.cwd)));
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
                    out.add(new Arg(v, source, w.pos(), glob, paths.classify(v, glob, sh.cwd)));
                }
                return out;
            }
            return List.of(new Arg(value, source, w.pos(), glob, classes(w, value, glob, sh)));
        }

        /**
         * A word's path classes. A word with run-time parts is read as the pattern of its static parts:
         * `/proc/$PPID/environ` is `/proc/<any>/environ`, `~/.ssh/$(ls ~/.ssh | head -1)` is under `~/.ssh`.
         */
        private Set<PathClass> classes(Word w, String value, boolean glob, Shell sh) {
            if (value != null) {
                return paths.classify(value, glob, sh.cwd);
            }
            StringBuilder pattern = new StringBuilder();
            staticPattern(w.parts(), sh, pattern);
            String p = pattern.toString();
            if (p.replace("*", "").isEmpty()) {
                return Set.of(PathClass.UNKNOWN);
            }
            Set<PathClass> out = EnumSet.noneOf(PathClass.class);
            out.addAll(paths.classify(p, true, sh.cwd));
            out.add(PathClass.UNKNOWN);
            return out;
        }

        private void staticPattern(List<WordPart> parts, Shell sh, StringBuilder out) {
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

        private boolean expandsGlobVar(List<WordPart> parts, Shell sh) {
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
        private List<Arg> positionalSpread(Word w, Shell sh) {
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

        private Arg single(Word w, Shell sh) {
            String value = resolve(w, sh);
            boolean glob = w.hasGlob() || expandsGlobVar(w.parts(), sh);
            return new Arg(value, Printer.word(w), w.pos(), glob, classes(w, value, glob, sh));
        }

        /** What a statement list prints when it is one `echo`, `printf` or `pwd` with static arguments, else null. */
        private String constantOutput(List<Stmt> stmts, Shell sh) {
            if (stmts.size() != 1 || !stmts.get(0).redirects().isEmpty() || stmts.get(0).background()
                    || !(stmts.get(0).command() instanceof Command.Simple cmd) || !cmd.assigns().isEmpty()
                    || cmd.words().isEmpty()) {
                return null;
            }
            List<Arg> argv = new ArrayList<>();
            for (Word w : cmd.words()) {
                argv.addAll(args(w, sh));
            }
            if (argv.get(0).dynamic() || functions.contains(argv.get(0).value())) {
                return null;
            }
            return ConstantOutput.of(argv.get(0).value(), argv.subList(1, argv.size()), sh.cwd);
        }

        /** The word's value when static, with $HOME, $USER and $PWD taken from the context. */
        private String resolve(Word w, Shell sh) {
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

        private boolean appendResolved(WordPart p, Shell sh, StringBuilder sb) {
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
                    case "HOME" -> ctx.home();
                    case "USER", "LOGNAME" -> ctx.env().get(pe.name());
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


    /** The name of an unset that removes every variable (`env -i`); it matches every `assigns_any` pattern. */
    public static final String UNSET_ALL = "*";

    /** Control, bidirectional-override and zero-width characters make what a person sees differ from what runs. */
    static boolean hasHiddenCharacters(String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x200b && c <= 0x200f)
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff) {
                return true;
            }
        }
        return false;
    }

    private static String joined(List<Arg> args, int from) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < args.size(); k++) {
            if (args.get(k).dynamic()) {
                return null;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(args.get(k).value());
        }
        return sb.toString();
    }

    static String baseName(String word) {
        int slash = word.lastIndexOf('/');
        return slash >= 0 && slash < word.length() - 1 ? word.substring(slash + 1) : word;
    }
}
