package dev.airlock.policy;

import dev.airlock.analysis.Invocation;
import dev.airlock.analysis.PathClass;
import dev.airlock.sandbox.Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A policy in a compact binary form, made from the JSON at build time for the built-in policies.
 * Reading it at start-up costs a few thousand field reads instead of tokenising 70 KB of JSON in a
 * cold JVM (the single largest start-up cost of `airlock-sh` before this form existed). It holds what
 * classifying needs, not the examples and tests (`airlock policy test` reads the JSON), and it names
 * the CRC-32 of the JSON it came from, so a compiled form that does not match its JSON is never used.
 * Sets and maps are written sorted: the same policy always gives the same bytes.
 */
public final class CompiledPolicy {
    private static final int MAGIC = 0x41495250; // "AIRP"
    private static final int VERSION = 3;

    private CompiledPolicy() {}

    /** The checksum a compiled form records of its source JSON. */
    public static long checksum(byte[] json) {
        CRC32 crc = new CRC32();
        crc.update(json);
        return crc.getValue();
    }

    public static byte[] write(Policy p, long sourceChecksum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(sourceChecksum);
            out.writeUTF(p.layer());
            out.writeUTF(p.source());
            Map<String, Set<String>> classes = new TreeMap<>(p.classes());
            out.writeInt(classes.size());
            for (var e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                strings(out, e.getValue());
            }
            Map<String, ProgramSpec> programs = new TreeMap<>(p.programs());
            out.writeInt(programs.size());
            for (var e : programs.entrySet()) {
                out.writeUTF(e.getKey());
                strings(out, e.getValue().valueOptions());
                out.writeBoolean(e.getValue().singleDashLong());
            }
            strings(out, p.secretPaths());
            strings(out, p.envPassthrough());
            strings(out, p.envScrub());
            strings(out, p.disabled());
            out.writeUTF(p.sandbox().unknown() == null ? "" : p.sandbox().unknown().json());
            out.writeUTF(p.sandbox().require() == null ? "" : p.sandbox().require().toString());
            out.writeInt(p.rules().size());
            for (Rule r : p.rules()) {
                out.writeUTF(r.id());
                out.writeUTF(r.decision().name());
                out.writeUTF(r.reason());
                out.writeUTF(r.origin());
                out.writeUTF(r.layer());
                out.writeUTF(r.sandbox() == null ? "" : r.sandbox().json());
                matcher(out, r.match());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a compiled policy, or returns null when it was not made from {@code sourceChecksum}'s JSON
     * or is not in this version's form: the caller then loads the JSON itself.
     */
    public static Policy read(byte[] compiled, long sourceChecksum) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(compiled))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || in.readLong() != sourceChecksum) {
                return null;
            }
            String layer = in.readUTF();
            String source = in.readUTF();
            Map<String, Set<String>> classes = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                classes.put(in.readUTF(), readSet(in));
            }
            Map<String, ProgramSpec> programs = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                programs.put(in.readUTF(), new ProgramSpec(readSet(in), in.readBoolean()));
            }
            List<String> secretPaths = readList(in);
            List<String> passthrough = readList(in);
            List<String> scrub = readList(in);
            Set<String> disabled = readSet(in);
            Profile unknown = Profile.parse(in.readUTF()).orElse(null);
            String require = in.readUTF();
            SandboxSettings sandbox = new SandboxSettings(unknown, require.isEmpty() ? null : Boolean.valueOf(require));
            List<Rule> rules = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                String id = in.readUTF();
                Decision decision = Decision.valueOf(in.readUTF());
                String reason = in.readUTF();
                String origin = in.readUTF();
                String ruleLayer = in.readUTF();
                Profile ruleSandbox = Profile.parse(in.readUTF()).orElse(null);
                rules.add(new Rule(id, decision, reason, readMatcher(in), List.of(), List.of(), origin, ruleLayer,
                        ruleSandbox));
            }
            return new Policy(layer, source, classes, programs, secretPaths, passthrough, scrub, disabled, rules,
                    List.of(), sandbox);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void matcher(DataOutputStream out, Matcher m) throws IOException {
        out.writeBoolean(m != null);
        if (m == null) {
            return;
        }
        strings(out, m.program());
        enums(out, m.kind());
        strings(out, m.subcommand());
        patterns(out, m.subcommandAny());
        out.writeInt(m.prefix() == null ? -1 : m.prefix().size());
        if (m.prefix() != null) {
            for (Set<String> alternatives : m.prefix()) {
                strings(out, alternatives);
            }
        }
        strings(out, m.globalFlagsAny());
        bool(out, m.positionalStatic());
        integer(out, m.positionalsMin());
        integer(out, m.positionalsMax());
        strings(out, m.flagsAny());
        strings(out, m.flagsNone());
        patterns(out, m.argsAny());
        patterns(out, m.argsNone());
        bool(out, m.dynamicArgs());
        enums(out, m.pathAny());
        enums(out, m.redirectWriteAny());
        bool(out, m.redirectWrite());
        enums(out, m.redirectReadAny());
        strings(out, m.wrappedBy());
        enums(out, m.origin());
        patterns(out, m.assignsAny());
        bool(out, m.inputDependent());
        bool(out, m.unwrapped());
        matcher(out, m.fedBy());
        matcher(out, m.feeds());
        patterns(out, m.hostsAny());
        patterns(out, m.hostsOnly());
        out.writeInt(m.argv() == null ? -1 : m.argv().size());
        if (m.argv() != null) {
            for (String s : m.argv()) {
                out.writeUTF(s);
            }
        }
        out.writeBoolean(m.cwdUnder() != null);
        if (m.cwdUnder() != null) {
            out.writeUTF(m.cwdUnder());
        }
    }

    private static Matcher readMatcher(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Set<String> program = readSetOrNull(in);
        Set<Invocation.Kind> kind = readEnums(in, Invocation.Kind.class);
        Set<String> subcommand = readSetOrNull(in);
        List<Pattern> subcommandAny = readPatterns(in);
        List<Set<String>> prefix = null;
        int prefixSize = in.readInt();
        if (prefixSize >= 0) {
            prefix = new ArrayList<>();
            for (int i = 0; i < prefixSize; i++) {
                prefix.add(readSet(in));
            }
        }
        Set<String> globalFlagsAny = readSetOrNull(in);
        Boolean positionalStatic = readBool(in);
        Integer positionalsMin = readInteger(in);
        Integer positionalsMax = readInteger(in);
        Set<String> flagsAny = readSetOrNull(in);
        Set<String> flagsNone = readSetOrNull(in);
        List<Pattern> argsAny = readPatterns(in);
        List<Pattern> argsNone = readPatterns(in);
        Boolean dynamicArgs = readBool(in);
        Set<PathClass> pathAny = readEnums(in, PathClass.class);
        Set<PathClass> redirectWriteAny = readEnums(in, PathClass.class);
        Boolean redirectWrite = readBool(in);
        Set<PathClass> redirectReadAny = readEnums(in, PathClass.class);
        Set<String> wrappedBy = readSetOrNull(in);
        Set<Invocation.Origin> origin = readEnums(in, Invocation.Origin.class);
        List<Pattern> assignsAny = readPatterns(in);
        Boolean inputDependent = readBool(in);
        Boolean unwrapped = readBool(in);
        Matcher fedBy = readMatcher(in);
        Matcher feeds = readMatcher(in);
        List<Pattern> hostsAny = readPatterns(in);
        List<Pattern> hostsOnly = readPatterns(in);
        List<String> argv = null;
        int argvSize = in.readInt();
        if (argvSize >= 0) {
            argv = new ArrayList<>();
            for (int i = 0; i < argvSize; i++) {
                argv.add(in.readUTF());
            }
        }
        String cwdUnder = in.readBoolean() ? in.readUTF() : null;
        return new Matcher(program, kind, subcommand, subcommandAny, prefix, globalFlagsAny, positionalStatic, positionalsMin,
                positionalsMax, flagsAny, flagsNone, argsAny, argsNone, dynamicArgs, pathAny, redirectWriteAny,
                redirectWrite, redirectReadAny, wrappedBy, origin, assignsAny, inputDependent, unwrapped, fedBy, feeds,
                hostsAny, hostsOnly, argv, cwdUnder);
    }

    /** A list keeps its order; a set is written sorted. -1 stands for "no condition" (null). */
    private static void strings(DataOutputStream out, Collection<String> values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        Collection<String> ordered = values instanceof List<?> ? values : new TreeSet<>(values);
        out.writeInt(ordered.size());
        for (String s : ordered) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    private static Set<String> readSet(DataInputStream in) throws IOException {
        return Set.copyOf(readList(in));
    }

    private static Set<String> readSetOrNull(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return Set.copyOf(out);
    }

    private static void enums(DataOutputStream out, Set<? extends Enum<?>> values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        Set<String> names = new TreeSet<>();
        values.forEach(v -> names.add(v.name()));
        strings(out, names);
    }

    private static <E extends Enum<E>> Set<E> readEnums(DataInputStream in, Class<E> type) throws IOException {
        Set<String> names = readSetOrNull(in);
        if (names == null) {
            return null;
        }
        Set<E> out = new HashSet<>();
        for (String n : names) {
            out.add(Enum.valueOf(type, n));
        }
        return Set.copyOf(out);
    }

    private static void patterns(DataOutputStream out, List<Pattern> patterns) throws IOException {
        out.writeInt(patterns == null ? -1 : patterns.size());
        if (patterns != null) {
            for (Pattern p : patterns) {
                out.writeUTF(p.pattern());
                out.writeInt(p.flags());
            }
        }
    }

    private static List<Pattern> readPatterns(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<Pattern> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Pattern.compile(in.readUTF(), in.readInt()));
        }
        return List.copyOf(out);
    }

    private static void bool(DataOutputStream out, Boolean b) throws IOException {
        out.writeByte(b == null ? -1 : b ? 1 : 0);
    }

    private static Boolean readBool(DataInputStream in) throws IOException {
        byte b = in.readByte();
        return b < 0 ? null : b == 1;
    }

    private static void integer(DataOutputStream out, Integer i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) {
            out.writeInt(i);
        }
    }

    private static Integer readInteger(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }
}
