package dev.airlock.policy;

import dev.airlock.analysis.Analyzer;
import dev.airlock.analysis.Arg;
import dev.airlock.analysis.Assignment;
import dev.airlock.analysis.Invocation;
import dev.airlock.analysis.PathClass;
import dev.airlock.analysis.RedirectFact;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every condition a rule's `match` may hold, each defined once: its JSON field, the type of its value (how
 * the loader reads it and the compiled form stores it), and what it tests of an invocation. The loader, the
 * {@link Matcher} and {@link CompiledPolicy} all go by {@link #ALL}, so adding a condition is one entry here
 * (and a line in docs/policy.md).
 */
final class Conditions {
    private Conditions() {}

    /** How a condition's value is read from a policy file and kept in the compiled form; null is no condition. */
    interface Type<T> {
        T load(PolicyLoader loader, Map<?, ?> match, String field) throws PolicyException;

        void write(DataOutputStream out, T value) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    /** What a condition with value {@code value} says of {@code inv}; {@code m} is the whole match it is part of. */
    interface Test<T> {
        boolean holds(T value, Matcher m, Invocation inv, MatchContext ctx);
    }

    /** One condition: the field that states it, its value's type, its test. */
    record Condition<T>(String field, Type<T> type, Test<T> test) {
        @SuppressWarnings("unchecked")
        boolean holds(Object value, Matcher m, Invocation inv, MatchContext ctx) {
            return test.holds((T) value, m, inv, ctx);
        }

        @SuppressWarnings("unchecked")
        void write(DataOutputStream out, Object value) throws IOException {
            type.write(out, (T) value);
        }
    }

    // ---- value types ----

    /** Words: one string or a list of them. */
    static final Type<Set<String>> WORDS = type(PolicyLoader::set, CompiledPolicy::strings, CompiledPolicy::readSetOrNull);
    /** Java regular expressions over whole words. */
    static final Type<List<Pattern>> PATTERNS = type(PolicyLoader::patterns, CompiledPolicy::patterns,
            CompiledPolicy::readPatterns);
    /** Host globs: `github.com`, `*.npmjs.org`. */
    static final Type<List<Pattern>> HOSTS = type(PolicyLoader::hostGlobs, CompiledPolicy::patterns,
            CompiledPolicy::readPatterns);
    static final Type<Boolean> BOOLEAN = type(PolicyLoader::bool, CompiledPolicy::bool, CompiledPolicy::readBool);
    static final Type<Integer> COUNT = type(PolicyLoader::integer, CompiledPolicy::integer, CompiledPolicy::readInteger);
    static final Type<Set<Invocation.Kind>> KINDS = type(PolicyLoader::kinds, CompiledPolicy::enums,
            in -> CompiledPolicy.readEnums(in, Invocation.Kind.class));
    static final Type<Set<Invocation.Origin>> ORIGINS = type(PolicyLoader::origins, CompiledPolicy::enums,
            in -> CompiledPolicy.readEnums(in, Invocation.Origin.class));
    static final Type<Set<PathClass>> PATH_CLASSES = type(PolicyLoader::pathClasses, CompiledPolicy::enums,
            in -> CompiledPolicy.readEnums(in, PathClass.class));
    /** `["stash", "list|show"]`: the first positional words, each with alternatives split on `|`. */
    static final Type<List<Set<String>>> PREFIX = type(PolicyLoader::prefix, (out, prefix) -> {
        out.writeInt(prefix == null ? -1 : prefix.size());
        if (prefix != null) {
            for (Set<String> alternatives : prefix) {
                CompiledPolicy.strings(out, alternatives);
            }
        }
    }, in -> {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        List<Set<String>> prefix = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            prefix.add(CompiledPolicy.readSet(in));
        }
        return prefix;
    });
    /** An exact argument list, in order. */
    static final Type<List<String>> ARGV = type(PolicyLoader::argv, CompiledPolicy::strings, in -> {
        int size = in.readInt();
        if (size < 0) {
            return null;
        }
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            argv.add(in.readUTF());
        }
        return argv;
    });
    static final Type<String> TEXT = type(PolicyLoader::text, (out, s) -> {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }, in -> in.readBoolean() ? in.readUTF() : null);
    /** A match object of its own, about another invocation of the same line. */
    static final Type<Matcher> MATCH = type(PolicyLoader::nested, CompiledPolicy::matcher, CompiledPolicy::readMatcher);

    // ---- the conditions, in the order the compiled form stores them (changing it means a new VERSION) ----

    static final Condition<Set<String>> PROGRAM = new Condition<>("program", WORDS,
            (v, m, inv, ctx) -> (m.kind() != null || inv.kind() == Invocation.Kind.COMMAND)
                    && inv.program() != null && ctx.programIn(inv.program(), v));
    static final Condition<Set<Invocation.Kind>> KIND = new Condition<>("kind", KINDS,
            (v, m, inv, ctx) -> v.contains(inv.kind()));
    static final Condition<Set<String>> SUBCOMMAND = new Condition<>("subcommand", WORDS,
            (v, m, inv, ctx) -> ctx.view(inv).subcommand() != null && v.contains(ctx.view(inv).subcommand()));
    static final Condition<List<Pattern>> SUBCOMMAND_ANY = new Condition<>("subcommand_any", PATTERNS,
            (v, m, inv, ctx) -> ctx.view(inv).subcommand() != null && anyMatches(v, ctx.view(inv).subcommand()));
    static final Condition<List<Set<String>>> PREFIX_WORDS = new Condition<>("prefix", PREFIX,
            (v, m, inv, ctx) -> ctx.view(inv).hasPrefix(v));
    static final Condition<Set<String>> GLOBAL_FLAGS_ANY = new Condition<>("global_flags_any", WORDS,
            (v, m, inv, ctx) -> intersects(ctx.view(inv).globalFlags(), v));
    static final Condition<Boolean> POSITIONAL_STATIC = new Condition<>("positional_static", BOOLEAN,
            (v, m, inv, ctx) -> v == ctx.view(inv).firstPositionalStatic());
    static final Condition<Integer> POSITIONALS_MIN = new Condition<>("positionals_min", COUNT,
            (v, m, inv, ctx) -> ctx.view(inv).positionals().size() >= v);
    static final Condition<Integer> POSITIONALS_MAX = new Condition<>("positionals_max", COUNT,
            (v, m, inv, ctx) -> ctx.view(inv).positionals().size() <= v);
    static final Condition<Set<String>> FLAGS_ANY = new Condition<>("flags_any", WORDS,
            (v, m, inv, ctx) -> intersects(ctx.view(inv).flags(), v));
    static final Condition<Set<String>> FLAGS_NONE = new Condition<>("flags_none", WORDS,
            (v, m, inv, ctx) -> !intersects(ctx.view(inv).flags(), v));
    static final Condition<List<Pattern>> ARGS_ANY = new Condition<>("args_any", PATTERNS,
            (v, m, inv, ctx) -> anyArgMatches(inv.args(), v));
    static final Condition<List<Pattern>> ARGS_NONE = new Condition<>("args_none", PATTERNS,
            (v, m, inv, ctx) -> !anyArgMatches(inv.args(), v));
    static final Condition<Boolean> DYNAMIC_ARGS = new Condition<>("dynamic_args", BOOLEAN,
            (v, m, inv, ctx) -> v == anyDynamic(inv.args()));
    static final Condition<Set<PathClass>> PATH_ANY = new Condition<>("path_any", PATH_CLASSES,
            (v, m, inv, ctx) -> anyArgIn(inv.args(), v));
    static final Condition<Set<PathClass>> REDIRECT_WRITE_ANY = new Condition<>("redirect_write_any", PATH_CLASSES,
            (v, m, inv, ctx) -> anyRedirectIn(inv.redirects(), true, v));
    static final Condition<Boolean> REDIRECT_WRITE = new Condition<>("redirect_write", BOOLEAN,
            (v, m, inv, ctx) -> v == anyWritesFile(inv.redirects()));
    static final Condition<Set<PathClass>> REDIRECT_READ_ANY = new Condition<>("redirect_read_any", PATH_CLASSES,
            (v, m, inv, ctx) -> anyRedirectIn(inv.redirects(), false, v));
    static final Condition<Set<String>> WRAPPED_BY = new Condition<>("wrapped_by", WORDS,
            (v, m, inv, ctx) -> inv.wrappers().stream().anyMatch(w -> ctx.programIn(w, v)));
    static final Condition<Set<Invocation.Origin>> ORIGIN = new Condition<>("origin", ORIGINS,
            (v, m, inv, ctx) -> v.contains(inv.origin()));
    static final Condition<List<Pattern>> ASSIGNS_ANY = new Condition<>("assigns_any", PATTERNS,
            (v, m, inv, ctx) -> inv.assignments().stream().map(Assignment::name)
                    .anyMatch(n -> n.equals(Analyzer.UNSET_ALL) || anyMatches(v, n)));
    static final Condition<Boolean> INPUT_DEPENDENT = new Condition<>("input_dependent", BOOLEAN,
            (v, m, inv, ctx) -> v == inv.inputDependent());
    static final Condition<Boolean> UNWRAPPED = new Condition<>("unwrapped", BOOLEAN,
            (v, m, inv, ctx) -> v == inv.unwrapped());
    static final Condition<Matcher> FED_BY = new Condition<>("fed_by", MATCH,
            (v, m, inv, ctx) -> ctx.upstream(inv.id()).stream().anyMatch(up -> v.matches(up, ctx)));
    static final Condition<Matcher> FEEDS = new Condition<>("feeds", MATCH,
            (v, m, inv, ctx) -> ctx.downstream(inv.id()).stream().anyMatch(down -> v.matches(down, ctx)));
    static final Condition<List<Pattern>> HOSTS_ANY = new Condition<>("hosts_any", HOSTS,
            (v, m, inv, ctx) -> inv.hosts().stream().anyMatch(h -> anyMatches(v, h)));
    static final Condition<List<Pattern>> HOSTS_ONLY = new Condition<>("hosts_only", HOSTS,
            (v, m, inv, ctx) -> !inv.hosts().isEmpty() && inv.hosts().stream().allMatch(h -> anyMatches(v, h)));
    static final Condition<List<String>> EXACT_ARGV = new Condition<>("argv", ARGV,
            (v, m, inv, ctx) -> inv.args().stream().map(Arg::value).toList().equals(v));
    static final Condition<String> CWD_UNDER = new Condition<>("cwd_under", TEXT,
            (v, m, inv, ctx) -> inv.cwd() != null
                    && (inv.cwd().equals(v) || inv.cwd().startsWith(v.endsWith("/") ? v : v + "/")));

    static final List<Condition<?>> ALL = List.of(PROGRAM, KIND, SUBCOMMAND, SUBCOMMAND_ANY, PREFIX_WORDS,
            GLOBAL_FLAGS_ANY, POSITIONAL_STATIC, POSITIONALS_MIN, POSITIONALS_MAX, FLAGS_ANY, FLAGS_NONE, ARGS_ANY,
            ARGS_NONE, DYNAMIC_ARGS, PATH_ANY, REDIRECT_WRITE_ANY, REDIRECT_WRITE, REDIRECT_READ_ANY, WRAPPED_BY, ORIGIN,
            ASSIGNS_ANY, INPUT_DEPENDENT, UNWRAPPED, FED_BY, FEEDS, HOSTS_ANY, HOSTS_ONLY, EXACT_ARGV, CWD_UNDER);

    /** The fields a match object may have. */
    static final Set<String> FIELDS = Set.copyOf(ALL.stream().map(Condition::field).toList());

    static int index(Condition<?> c) {
        return ALL.indexOf(c);
    }

    // ---- helpers the tests share; plain loops, since they run for every candidate rule of every command ----

    private interface Loader<T> {
        T load(PolicyLoader loader, Map<?, ?> match, String field) throws PolicyException;
    }

    private interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static <T> Type<T> type(Loader<T> loader, Writer<T> writer, Reader<T> reader) {
        return new Type<>() {
            @Override
            public T load(PolicyLoader l, Map<?, ?> match, String field) throws PolicyException {
                return loader.load(l, match, field);
            }

            @Override
            public void write(DataOutputStream out, T value) throws IOException {
                writer.write(out, value);
            }

            @Override
            public T read(DataInputStream in) throws IOException {
                return reader.read(in);
            }
        };
    }

    private static boolean anyMatches(List<Pattern> patterns, String s) {
        for (Pattern p : patterns) {
            if (BoundedMatch.matches(p, s)) {
                return true;
            }
        }
        return false;
    }

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
            if (a.value() != null && anyMatches(patterns, a.value())) {
                return true;
            }
        }
        return false;
    }

    static <T> boolean intersects(Set<T> a, Set<T> b) {
        for (T x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }
}
