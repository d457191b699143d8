package dev.airlock.analysis;

import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.PolicyException;
import dev.airlock.policy.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads and renders `src/test/resources/analysis/invocations.txt`: for each command text, everything
 * the analyzer finds in it. Its header documents the format.
 */
final class InvocationTable {
    static final String RESOURCE = "/analysis/invocations.txt";
    static final String FILE = "src/test/resources" + RESOURCE;
    private static final String ROW = "$ ";
    private static final String CWD = " ‖ cwd=";

    /** One row: the text as written in the table, its cwd, and the expected lines (indented by two blanks). */
    record Row(int line, String source, String cwd, List<String> expected) {
        String input() {
            return decode(source);
        }

        String label() {
            return "line " + line + ": `" + source + "`" + (cwd.equals(PolicyChecker.EXAMPLE_CWD) ? "" : " in " + cwd);
        }

        String header() {
            return ROW + source + (cwd.equals(PolicyChecker.EXAMPLE_CWD) ? "" : CWD + cwd);
        }
    }

    /** The table as read: its rows, and every line kept as it is (comments, blanks, row headers). */
    record Table(List<String> lines, List<Row> rows) {}

    private InvocationTable() {}

    static Table read() {
        try (InputStream in = InvocationTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Table parse(String text) {
        List<String> kept = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String line = lines[k];
            if (line.startsWith("  ")) {
                if (rows.isEmpty()) {
                    throw new IllegalStateException("line " + (k + 1) + ": an indented line before any row");
                }
                rows.get(rows.size() - 1).expected().add(line.substring(2));
                continue;
            }
            if (k == lines.length - 1 && line.isEmpty()) {
                continue;
            }
            kept.add(line);
            if (line.startsWith(ROW)) {
                String source = line.substring(ROW.length());
                String cwd = PolicyChecker.EXAMPLE_CWD;
                int at = source.lastIndexOf(CWD);
                if (at >= 0) {
                    cwd = source.substring(at + CWD.length());
                    source = source.substring(0, at);
                }
                rows.add(new Row(k + 1, source, cwd, new ArrayList<>()));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalStateException("line " + (k + 1) + " is neither a row, a result nor a comment: " + line);
            }
        }
        return new Table(kept, rows);
    }

    /** The table with every row's result rendered anew, for updating it after a deliberate change. */
    static String rewrite(Table table) {
        StringBuilder sb = new StringBuilder();
        int row = 0;
        for (String line : table.lines()) {
            sb.append(line).append('\n');
            if (line.startsWith(ROW)) {
                for (String r : render(table.rows().get(row++))) {
                    sb.append("  ").append(r).append('\n');
                }
            }
        }
        return sb.toString();
    }

    static String decode(String source) {
        return source.replace('␤', '\n').replace('␉', '\t').replace('␍', '\r');
    }

    static String encode(String text) {
        return text.replace('\n', '␤').replace('\t', '␉').replace('\r', '␍');
    }

    private static Layers layers;

    private static synchronized Layers layers() {
        if (layers == null) {
            try {
                layers = new Layers(List.of(PolicySource.builtin("default")));
            } catch (PolicyException e) {
                throw new IllegalStateException(e);
            }
        }
        return layers;
    }

    /** The same fixed place the corpora and the policy examples are judged in. */
    static Analysis analyze(Row row) {
        AnalysisContext ctx = new AnalysisContext(row.cwd(), PolicyChecker.EXAMPLE_CWD, PolicyChecker.EXAMPLE_HOME,
                Map.of("HOME", PolicyChecker.EXAMPLE_HOME, "USER", "dev"), PolicyChecker.exampleProtectedPaths(),
                layers().secretPaths());
        return new Analyzer(ctx).analyze(row.input());
    }

    static List<String> render(Row row) {
        return render(analyze(row));
    }

    /**
     * One line per invocation: `#id kind program [args] @line:col cwd=... origin=...`, then what is set of
     * word, wrappers, redirects, assigns, input-dependent, unwrapped, hosts; then the edges, the limit or the error.
     */
    static List<String> render(Analysis a) {
        List<String> out = new ArrayList<>();
        a.error().ifPresent(e -> out.add("error " + e.kind() + " " + e.pos()));
        for (Invocation inv : a.invocations()) {
            out.add(invocation(inv));
        }
        if (!a.feeds().isEmpty()) {
            Map<Integer, Set<Integer>> sorted = new TreeMap<>(a.feeds());
            out.add("feeds " + sorted.entrySet().stream()
                    .map(e -> e.getKey() + "→" + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(" ")));
        }
        a.limit().ifPresent(l -> out.add("limit " + encode(l)));
        if (out.isEmpty()) {
            out.add("none");
        }
        return out;
    }

    private static String invocation(Invocation inv) {
        StringBuilder sb = new StringBuilder("#").append(inv.id()).append(' ')
                .append(inv.kind().name().toLowerCase(Locale.ROOT));
        sb.append(' ').append(inv.program() == null ? "-" : encode(inv.program()));
        sb.append(" [").append(inv.args().stream().map(InvocationTable::arg).collect(Collectors.joining(" "))).append(']');
        sb.append(" @").append(inv.pos());
        sb.append(" cwd=").append(inv.cwd() == null ? "?" : inv.cwd());
        sb.append(" origin=").append(inv.origin().name().toLowerCase(Locale.ROOT));
        if (inv.commandWord() != null && !inv.commandWord().equals(inv.program())) {
            sb.append(" word=").append(encode(inv.commandWord()));
        }
        if (!inv.wrappers().isEmpty()) {
            sb.append(" wrappers=").append(String.join(",", inv.wrappers()));
        }
        if (!inv.redirects().isEmpty()) {
            sb.append(" redirects=[").append(inv.redirects().stream()
                    .map(r -> r.operator() + arg(r.target()) + (r.writes() ? " w" : ""))
                    .collect(Collectors.joining(", "))).append(']');
        }
        if (!inv.assignments().isEmpty()) {
            sb.append(" assigns=[").append(inv.assignments().stream()
                    .map(as -> (as.unset() ? "-" : "") + as.name() + (as.value() == null ? "" : "=" + encode(as.value())))
                    .collect(Collectors.joining(", "))).append(']');
        }
        if (inv.inputDependent()) {
            sb.append(" input-dependent");
        }
        if (inv.unwrapped()) {
            sb.append(" unwrapped");
        }
        if (!inv.hosts().isEmpty()) {
            sb.append(" hosts=").append(String.join(",", inv.hosts()));
        }
        return sb.toString();
    }

    /** `value{classes}`; a run-time word as `?source`; a glob marked with a trailing `*` before the classes. */
    private static String arg(Arg a) {
        String text = a.value() == null ? "?" + a.source() : a.value();
        String classes = a.classes().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(","));
        return encode(text).replace(" ", "␠") + (a.glob() ? "*" : "") + "{" + classes + "}";
    }
}
