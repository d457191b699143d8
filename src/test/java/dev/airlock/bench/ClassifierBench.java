package dev.airlock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.analysis.DiskView;
import dev.airlock.policy.AirlockPaths;
import dev.airlock.policy.Classifier;
import dev.airlock.policy.Decision;
import dev.airlock.policy.Layers;
import dev.airlock.policy.PolicyChecker;
import dev.airlock.policy.PolicySource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parse + analyse + decide on one thread, through the same {@link Classifier} every entry point uses.
 * Reports, never asserts. The typical set (commands.jsonl) and the bypass set (pathological rows:
 * deep nesting, long words) are measured apart, so the bypass rows cannot hide in or drag down the
 * figure that matters for agents.
 *
 * <p>Warm-up runs both sets for {@code warmup} seconds so the JIT has compiled the hot paths before
 * anything is timed. Then each set is classified pass after pass for {@code measure} seconds; every
 * call is timed with {@code System.nanoTime()} (about 25 ns each, small next to a classification).
 * Throughput is the median over passes; latency percentiles are over every call of every pass.
 * On a shared machine the wall-clock figure drops whenever another process takes the core, so each
 * pass also reports commands per second of this thread's CPU time. That figure ignores time the
 * thread waited for a core, but not a neighbour slowing the core down (shared caches, a sibling
 * hyper-thread), so it, too, is only comparable between runs at similar load.
 *
 * <p>Run after {@code mvn package}:
 * {@code java -cp target/airlock.jar:target/test-classes dev.airlock.bench.ClassifierBench [warmup-s [measure-s [typical|bypass]]]}
 * Lines starting with {@code result} are for {@code bench/run}: {@code result <key> <value>}.
 */
public final class ClassifierBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Row(String command, String cwd) {}

    record Stats(int rows, int passes, double perSecond, double perCpuSecond, double p50us, double p99us,
            double maxUs) {}

    /**
     * CPU time of the measuring thread only: JIT compiler threads (still busy after warm-up on a loaded
     * machine) and the collector's pauses (well under 1% here, serial GC) are left out.
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double measure = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        // "typical" or "bypass" limits warm-up and measurement to one set, for profiling that set.
        String only = args.length > 2 ? args[2] : "both";
        List<Row> typical = only.equals("bypass") ? List.of() : rows("/corpus/commands.jsonl");
        List<Row> bypass = only.equals("typical") ? List.of() : rows("/corpus/bypass.jsonl");

        // The corpus is labelled for this fixed environment (CorpusTest uses the same HOME and cwd).
        Map<String, String> env = Map.of("HOME", PolicyChecker.EXAMPLE_HOME, "USER", "dev");
        Layers layers = new Layers(List.of(PolicySource.builtin("default")));
        Classifier classifier = new Classifier(layers, env, AirlockPaths.from(env));

        long sink = 0;
        long until = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < until) {
            sink += pass(classifier, typical, null) + pass(classifier, bypass, null);
        }
        if (!typical.isEmpty()) {
            print("typical", measure(classifier, typical, measure));
        }
        if (!bypass.isEmpty()) {
            print("bypass", measure(classifier, bypass, measure));
        }
        if (!typical.isEmpty()) {
            // As `check --batch` classifies: each path followed on disk once per batch (DiskView.snapshot).
            Classifier batch = new Classifier(layers, env, AirlockPaths.from(env), DiskView.snapshot());
            pass(batch, typical, null);
            print("typical_snapshot", measure(batch, typical, measure));
        }
        // Keeps the JIT from dropping the work as dead code.
        if (sink == 42) {
            System.out.println();
        }
    }

    static Stats measure(Classifier classifier, List<Row> rows, double seconds) {
        List<long[]> samples = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> cpuRates = new ArrayList<>();
        long until = System.nanoTime() + (long) (seconds * 1e9);
        // At least three passes, whatever the time budget, so the median means something.
        while (samples.size() < 3 || System.nanoTime() < until) {
            long[] ns = new long[rows.size()];
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            pass(classifier, rows, ns);
            rates.add(rows.size() / ((System.nanoTime() - start) / 1e9));
            cpuRates.add(rows.size() / ((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9));
            samples.add(ns);
        }
        long[] all = new long[rows.size() * samples.size()];
        int i = 0;
        for (long[] s : samples) {
            System.arraycopy(s, 0, all, i, s.length);
            i += s.length;
        }
        Arrays.sort(all);
        double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] c = cpuRates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(rows.size(), r.length, r[r.length / 2], c[c.length / 2], all[(int) (all.length * 0.50)] / 1e3,
                all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e3, all[all.length - 1] / 1e3);
    }

    /** Classifies every row once; with {@code ns} non-null, stores each call's duration. */
    static long pass(Classifier classifier, List<Row> rows, long[] ns) {
        long sink = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            long t0 = System.nanoTime();
            Decision d = classifier.classify(row.command(), row.cwd()).verdict().decision();
            if (ns != null) {
                ns[i] = System.nanoTime() - t0;
            }
            sink += d.ordinal();
        }
        return sink;
    }

    static void print(String set, Stats s) {
        System.out.printf("%s: %d commands, %d passes, %.0f commands/s (median pass), %.0f per thread CPU-second, "
                        + "latency p50 %.1f us, p99 %.1f us, max %.1f us%n",
                set, s.rows(), s.passes(), s.perSecond(), s.perCpuSecond(), s.p50us(), s.p99us(), s.maxUs());
        System.out.printf("result %s.per_second %.0f%n", set, s.perSecond());
        System.out.printf("result %s.per_cpu_second %.0f%n", set, s.perCpuSecond());
        System.out.printf("result %s.p50_us %.1f%n", set, s.p50us());
        System.out.printf("result %s.p99_us %.1f%n", set, s.p99us());
        System.out.printf("result %s.max_us %.1f%n", set, s.maxUs());
    }

    static List<Row> rows(String resource) throws IOException {
        List<Row> rows = new ArrayList<>();
        InputStream in = ClassifierBench.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " not on the class path; add target/test-classes");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("//")) {
                    continue;
                }
                JsonNode o = JSON.readTree(line);
                rows.add(new Row(o.get("command").asText(),
                        o.hasNonNull("cwd") ? o.get("cwd").asText() : PolicyChecker.EXAMPLE_CWD));
            }
        }
        return rows;
    }
}
